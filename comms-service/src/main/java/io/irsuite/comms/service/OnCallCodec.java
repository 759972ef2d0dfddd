package io.irsuite.comms.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.domain.oncall.PolicySpec;
import io.irsuite.comms.domain.oncall.ScheduleSpec;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;

/** Schedule and escalation-policy definitions as they are stored (JSON text in the API's shape). */
@ApplicationScoped
public class OnCallCodec {

    private final ObjectMapper mapper;

    public OnCallCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object definition) {
        try {
            return mapper.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ScheduleSpec schedule(String json) {
        return read(json, ScheduleSpec.class);
    }

    public PolicySpec policy(String json) {
        return read(json, PolicySpec.class);
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
