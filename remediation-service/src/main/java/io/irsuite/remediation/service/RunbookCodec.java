package io.irsuite.remediation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.remediation.domain.KubernetesUndo;
import io.irsuite.remediation.domain.RunbookDefinition;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;

/** Runbook definitions and kubernetes undo records as they are stored (JSON text). */
@ApplicationScoped
public class RunbookCodec {

    private final ObjectMapper mapper;

    public RunbookCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RunbookDefinition read(String json) {
        return read(json, RunbookDefinition.class);
    }

    /** A step row's recorded undo; null when none was recorded. */
    public KubernetesUndo readUndo(String json) {
        return json == null ? null : read(json, KubernetesUndo.class);
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
