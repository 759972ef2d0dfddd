package io.irsuite.triage.support;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The alerts and envelopes the other services would publish to triage (ir-platform's {@link TestBroker} sends them). */
public final class Events {

    private Events() {
    }

    public static Payloads.Alert alert(String service, String name, Instant startsAt, Payloads.AlertMetrics metrics) {
        return new Payloads.Alert(UUID.randomUUID(), "fp-" + UUID.randomUUID(), "prometheus", service, name, "firing",
                "SEV2", name + " on " + service, null, Map.of("region", "test"), startsAt, null, metrics, null, null);
    }

    /** An envelope as its producer writes it: remediation for Remediation* events, detection for the others. */
    public static EventEnvelope envelope(EventType type, UUID incidentId, Record payload) {
        String producer = type.name().startsWith("Remediation") ? "remediation" : "detection";
        return TestBroker.envelope(type, incidentId, producer, payload);
    }

    public static EventEnvelope opened(UUID incidentId, Payloads.Alert alert) {
        return envelope(EventType.IncidentOpened, incidentId, new Payloads.IncidentOpened(
                "Incident on " + alert.service(), "OPEN", alert.severity(), List.of(alert.service()),
                alert.startsAt(), Instant.now(), alert));
    }

    public static EventEnvelope attached(UUID incidentId, Payloads.Alert alert, List<String> services, int count) {
        return envelope(EventType.AlertAttached, incidentId, new Payloads.AlertAttached(alert, services, count));
    }
}
