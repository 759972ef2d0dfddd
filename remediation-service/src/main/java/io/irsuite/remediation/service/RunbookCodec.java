package io.irsuite.remediation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.remediation.domain.RunbookDefinition;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;

/** Runbook definitions as they are stored (JSON text). */
@ApplicationScoped
public class RunbookCodec {

    private final ObjectMapper mapper;

    public RunbookCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(RunbookDefinition definition) {
        try {
            return mapper.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RunbookDefinition read(String json) {
        try {
            return mapper.readValue(json, RunbookDefinition.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
