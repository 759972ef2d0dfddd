package io.irsuite.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EventEnvelopeTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void envelopeRoundTripsWithTypedPayload() throws Exception {
        var triaged = new Payloads.IncidentTriaged(2, "SEV2", List.of("errorRate 12% > 10%"),
                new Payloads.RootCause("payments-db", "database", 0.91, List.of("deepest unhealthy node")),
                List.of(new Payloads.Candidate("payments-db", "database", 0.91)), List.of("payments-db", "checkout"),
                List.of(new Payloads.RecommendedAction("database_failover", "payments-db", 0.9, true, "proven fix")), true);
        var envelope = new EventEnvelope(UUID.randomUUID(), EventType.IncidentTriaged.name(), UUID.randomUUID(),
                Instant.parse("2026-11-22T10:00:00Z"), "triage", EventType.IncidentTriaged.schemaVersion(), mapper.valueToTree(triaged));

        String json = mapper.writeValueAsString(envelope);
        EventEnvelope read = mapper.readValue(json, EventEnvelope.class);

        assertEquals(envelope, read);
        EventType type = EventType.fromName(read.type());
        assertEquals(triaged, mapper.treeToValue(read.payload(), type.payloadType()));
    }

    @Test
    void anInhibitedAlertSaysByWhatAndAnOrdinaryOneCarriesNoSuchField() throws Exception {
        var plain = new Payloads.Alert(UUID.randomUUID(), "fp1", "prometheus", "checkout", "HighLatency", "firing",
                "SEV2", null, null, java.util.Map.of(), Instant.parse("2026-11-22T10:00:00Z"), null, null, null, null);
        var inhibited = new Payloads.Alert(plain.alertId(), "fp1", "prometheus", "checkout", "HighLatency", "firing",
                "SEV2", null, null, java.util.Map.of(), plain.startsAt(), null, null, null, null,
                "fp0 (DatabaseDown on payments-db, rule topology)");
        assertEquals(false, mapper.writeValueAsString(plain).contains("inhibitedBy"));
        assertEquals(plain, mapper.readValue(mapper.writeValueAsString(plain), Payloads.Alert.class));
        assertEquals(inhibited, mapper.readValue(mapper.writeValueAsString(inhibited), Payloads.Alert.class));
        // an event written before the field existed reads as not inhibited
        assertNull(mapper.readValue("{\"fingerprint\":\"fp1\",\"name\":\"A\"}", Payloads.Alert.class).inhibitedBy());
    }

    @Test
    void alertAttachedCarriesTheAlertsOfOneRunAndStillReadsVersionOnesSingleAlert() throws Exception {
        var a = new Payloads.Alert(UUID.randomUUID(), "fp1", "prometheus", "checkout", "HighLatency", "firing",
                "SEV2", null, null, java.util.Map.of(), Instant.parse("2026-11-22T10:00:00Z"), null, null, null, null);
        var b = new Payloads.Alert(UUID.randomUUID(), "fp2", "prometheus", "cart", "HighErrorRate", "firing",
                "SEV3", null, null, java.util.Map.of(), Instant.parse("2026-11-22T10:00:01Z"), null, null, null, null);
        var attached = new Payloads.AlertAttached(List.of(a, b), List.of("checkout", "cart"), 3);
        String json = mapper.writeValueAsString(attached);
        assertEquals(attached, mapper.readValue(json, Payloads.AlertAttached.class));
        assertEquals(false, json.contains("\"alert\""));
        assertEquals(2, EventType.AlertAttached.schemaVersion());
        assertEquals(1, EventType.AlertResolved.schemaVersion());

        // an event a detection of schema version 1 wrote (queued or in its outbox at an upgrade)
        String v1 = "{\"alert\":" + mapper.writeValueAsString(a) + ",\"services\":[\"checkout\"],\"alertCount\":2}";
        assertEquals(new Payloads.AlertAttached(List.of(a), List.of("checkout"), 2),
                mapper.readValue(v1, Payloads.AlertAttached.class));
    }

    @Test
    void unknownFieldsAndTypesAreTolerated() throws Exception {
        String json = """
                {"eventId":"6f1c1c9e-9a3e-4a55-9d3c-1f2f6d3b5a10","type":"SomethingNew","incidentId":null,
                 "occurredAt":"2026-11-22T10:00:00Z","producer":"future","schemaVersion":3,
                 "payload":{"x":1},"extra":"ignored"}""";
        EventEnvelope read = mapper.readValue(json, EventEnvelope.class);
        assertEquals("SomethingNew", read.type());
        assertNull(EventType.fromName(read.type()));
    }

    @Test
    void consumersAttachToTheirOwnQueueByFullyQualifiedName() {
        assertEquals("incident-events.triage", Addresses.queue(Addresses.INCIDENT_EVENTS, "triage"));
        assertEquals("incident-events::incident-events.triage", Addresses.fqqn(Addresses.INCIDENT_EVENTS, "triage"));
    }
}
