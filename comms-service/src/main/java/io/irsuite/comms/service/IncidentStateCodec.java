package io.irsuite.comms.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.UpdateDigest;
import io.irsuite.comms.domain.RemediationState;
import io.irsuite.events.Payloads;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Converts between the stored {@link IncidentView} row and the pure {@link IncidentState}. */
@ApplicationScoped
public class IncidentStateCodec {

    /** The parts of the state kept in the {@code details} JSON column. */
    record Details(List<String> services, List<Payloads.RecommendedAction> actions, String impact,
                   List<String> blastRadius, int triageVersion, RemediationState remediation) {
    }

    private final ObjectMapper mapper;

    public IncidentStateCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public IncidentState toState(IncidentView v) {
        Details d = read(v.details, new TypeReference<Details>() {
        });
        return new IncidentState(v.incidentId, v.title, v.severity, v.status, d == null ? null : d.services(),
                v.startedAt, v.detectedAt, v.acknowledgedAt, v.mitigatedAt, v.resolvedAt, v.statusAt,
                d == null ? null : d.impact(), read(v.rootCause, new TypeReference<Payloads.RootCause>() {
                }), d == null ? null : d.actions(), d == null ? null : d.blastRadius(),
                d == null ? 0 : d.triageVersion(), d == null ? null : d.remediation());
    }

    public void write(IncidentState s, IncidentView v) {
        v.title = s.title();
        v.severity = s.severity();
        v.status = s.status();
        v.startedAt = s.startedAt();
        v.detectedAt = s.detectedAt();
        v.acknowledgedAt = s.acknowledgedAt();
        v.mitigatedAt = s.mitigatedAt();
        v.resolvedAt = s.resolvedAt();
        v.statusAt = s.statusAt();
        v.rootCause = s.rootCause() == null ? null : json(s.rootCause());
        v.details = json(new Details(s.services(), s.actions(), s.impact(), s.blastRadius(), s.triageVersion(),
                s.remediation()));
        v.updatedAt = Instant.now();
    }

    /** What the last update told, from {@code UpdateTimer.announced}; null when nothing was told. */
    public UpdateDigest.Told told(String json) {
        return read(json, new TypeReference<UpdateDigest.Told>() {
        });
    }

    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
