package io.irsuite.remediation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.StrictJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Reads YAML request bodies (runbooks) into the same records as JSON, under the same input rules
 * as JSON ({@link StrictJson}); a value of the wrong type surfaces as a Jackson exception naming its
 * field, and YAML that cannot be parsed as a 400 {@code malformed YAML} problem.
 */
@Provider
@Consumes({YamlBodyReader.APPLICATION_YAML, YamlBodyReader.TEXT_YAML, YamlBodyReader.APPLICATION_X_YAML})
public class YamlBodyReader implements MessageBodyReader<Object> {

    public static final String APPLICATION_YAML = "application/yaml";
    public static final String TEXT_YAML = "text/yaml";
    public static final String APPLICATION_X_YAML = "application/x-yaml";

    private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    private static ObjectMapper strict(ObjectMapper mapper) {
        new StrictJson().customize(mapper);
        return mapper;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        try {
            return YAML.readValue(entityStream, YAML.getTypeFactory().constructType(genericType));
        } catch (JsonProcessingException e) {
            StreamReadException syntax = syntaxError(e);
            if (syntax == null) {
                throw e;
            }
            String where = syntax.getLocation() == null ? ""
                    : " (line " + syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr() + ")";
            throw new InvalidInputException("malformed YAML" + where,
                    List.of(new FieldError("body", "is not valid YAML" + where)));
        }
    }

    /** The parse error itself, also when databind wrapped it with the path it was reading. */
    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamReadException syntax) {
                return syntax;
            }
        }
        return null;
    }
}
