package io.irsuite.platform.problem;

import java.util.List;

/** Input that breaks a rule; becomes a 400 problem naming the fields (or a rejected AMQP message). */
public class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    /** A problem with the fields; the detail lists them. */
    public InvalidInputException(List<FieldError> errors) {
        this(summary(errors), errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** {@code service is required; metrics.errorRate must be at least 0} ({@code body} for the document itself). */
    public static String summary(List<FieldError> errors) {
        StringBuilder s = new StringBuilder();
        for (FieldError e : errors) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(e.field() == null || e.field().isEmpty() ? "body" : e.field()).append(' ').append(e.message());
        }
        return s.toString();
    }
}
