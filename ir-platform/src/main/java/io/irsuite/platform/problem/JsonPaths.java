package io.irsuite.platform.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;

/** Jackson binding errors as field errors: the JSON path of the bad value and a message without class names. */
public final class JsonPaths {

    private JsonPaths() {
    }

    /** {@code metrics.errorRate}, {@code [1].labels.region}; empty for the document itself. */
    public static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    public static FieldError fieldError(JsonMappingException e) {
        String message;
        if (e instanceof StrictJson.NulCharacterException) {
            message = StrictJson.NUL_MESSAGE;
        } else if (e instanceof InvalidFormatException ife) {
            message = "invalid value '" + ife.getValue() + "', expected " + describe(ife.getTargetType());
        } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            message = "has the wrong type, expected " + describe(mie.getTargetType());
        } else {
            message = "cannot be read";
        }
        return new FieldError(path(e), message);
    }

    /** Jackson's "trailing token" failure: a JSON value followed by more content. */
    public static boolean isTrailingContent(JsonMappingException e) {
        return e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token");
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another type";
    }
}
