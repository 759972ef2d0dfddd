package io.irsuite.remediation.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Reads YAML request bodies (runbooks) into the same records as JSON; parse errors surface as Jackson exceptions. */
@Provider
@Consumes({YamlBodyReader.APPLICATION_YAML, YamlBodyReader.TEXT_YAML, YamlBodyReader.APPLICATION_X_YAML})
public class YamlBodyReader implements MessageBodyReader<Object> {

    public static final String APPLICATION_YAML = "application/yaml";
    public static final String TEXT_YAML = "text/yaml";
    public static final String APPLICATION_X_YAML = "application/x-yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        return YAML.readValue(entityStream, YAML.getTypeFactory().constructType(genericType));
    }
}
