package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.AlertLabels;
import io.irsuite.detection.domain.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.util.Map;

/** JSON kept in text columns (matchers, label names, labels): written and read back by the service itself. */
@ApplicationScoped
public class StoredJson {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public StoredJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The label set matchers see (see {@link AlertLabels}) of a stored alert: its labels column plus its
     * service, name, source and severity ({@code SEV1}..{@code SEV4}).
     */
    public Map<String, String> labelSet(String labelsJson, String service, String name, String source, String severity) {
        return AlertLabels.of(read(labelsJson, LABELS), service, name, source, Severity.valueOf(severity));
    }

    /** A column this service wrote: unreadable means a bug or a damaged row, not bad input. */
    public <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
