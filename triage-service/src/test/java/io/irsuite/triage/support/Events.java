package io.irsuite.triage.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the envelopes detection would publish, as JSON. */
public final class Events {

    private final ObjectMapper mapper;

    public Events(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static Payloads.Alert alert(String service, String name, Instant startsAt, Payloads.AlertMetrics metrics) {
        return new Payloads.Alert(UUID.randomUUID(), "fp-" + UUID.randomUUID(), "prometheus", service, name, "firing",
                "SEV2", name + " on " + service, null, Map.of("region", "test"), startsAt, null, metrics, null, null);
    }

    public String envelope(EventType type, UUID incidentId, Record payload) {
        return envelope(UUID.randomUUID(), type, incidentId, payload);
    }

    public String envelope(UUID eventId, EventType type, UUID incidentId, Record payload) {
        try {
            return mapper.writeValueAsString(new EventEnvelope(eventId, type.name(), incidentId, Instant.now(),
                    "detection", EventEnvelope.SCHEMA_VERSION, mapper.valueToTree(payload)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String opened(UUID incidentId, Payloads.Alert alert) {
        return envelope(EventType.IncidentOpened, incidentId, new Payloads.IncidentOpened(
                "Incident on " + alert.service(), "OPEN", alert.severity(), List.of(alert.service()),
                alert.startsAt(), Instant.now(), alert));
    }

    public String attached(UUID incidentId, Payloads.Alert alert, List<String> services, int count) {
        return envelope(EventType.AlertAttached, incidentId, new Payloads.AlertAttached(alert, services, count));
    }
}
