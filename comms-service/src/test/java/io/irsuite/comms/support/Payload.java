package io.irsuite.comms.support;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Realistic payloads for tests, named after what they say. */
public final class Payload {

    private Payload() {
    }

    /** An envelope as another service would build it, occurring at {@code occurredAt}. */
    public static EventEnvelope envelope(EventType type, UUID incidentId, Instant occurredAt, String producer,
                                         Record payload) {
        return new EventEnvelope(UUID.randomUUID(), type.name(), incidentId, occurredAt, producer,
                type.schemaVersion(), TestBroker.JSON.valueToTree(payload));
    }

    public static Payloads.Alert alert(String name, String service, double errorRate) {
        return new Payloads.Alert(UUID.randomUUID(), "fp-" + name + "-" + service, "prometheus", service, name, "firing",
                "SEV2", "5xx above 5%", null, Map.of("region", "eu-west-1"), Instant.parse("2026-11-22T10:00:00Z"),
                null, new Payloads.AlertMetrics(errorRate, null, null, 12.0, null, false, false, false), null, null);
    }

    public static Payloads.IncidentOpened opened(String title, String severity, String service, Instant startedAt,
                                                 Instant detectedAt) {
        return new Payloads.IncidentOpened(title, "OPEN", severity, List.of(service), startedAt, detectedAt,
                alert("HighErrorRate", service, 0.12));
    }

    public static Payloads.IncidentTriaged triaged(int version, String severity, String rootCauseService,
                                                   String target) {
        return new Payloads.IncidentTriaged(version, severity, List.of("errorRate 12% > 10%"),
                new Payloads.RootCause(rootCauseService, "database", 0.91, List.of("connection pool exhausted")),
                List.of(new Payloads.Candidate(rootCauseService, "database", 0.91)),
                List.of(rootCauseService, target, "frontend"),
                List.of(new Payloads.RecommendedAction("rollback", target, 0.93, true, "deploy 3 min before")),
                true);
    }

    /**
     * The events of an incident on checkout that a rollback mitigated, from its opening at {@code t0 + 5 s}
     * to its resolution at {@code t0 + 300 s}: seven events, as the other services publish them.
     */
    public static List<EventEnvelope> remediatedIncident(UUID incident, Instant t0) {
        UUID execution = UUID.randomUUID();
        return List.of(
                envelope(EventType.IncidentOpened, incident, t0.plusSeconds(5), "detection",
                        opened("HighErrorRate on checkout", "SEV2", "checkout", t0, t0.plusSeconds(5))),
                envelope(EventType.IncidentTriaged, incident, t0.plusSeconds(6), "triage",
                        triaged(1, "SEV2", "payments-db", "checkout")),
                envelope(EventType.RemediationStarted, incident, t0.plusSeconds(7), "remediation",
                        new Payloads.RemediationStarted(execution, "rollback-deploy", "rollback", "checkout", "top action")),
                envelope(EventType.RemediationStepCompleted, incident, t0.plusSeconds(9), "remediation",
                        new Payloads.RemediationStepCompleted(execution, "roll back", "SUCCEEDED", 1, "HTTP 200")),
                envelope(EventType.RemediationSucceeded, incident, t0.plusSeconds(10), "remediation",
                        new Payloads.RemediationSucceeded(execution, "rollback-deploy", "rollback", "checkout")),
                envelope(EventType.IncidentMitigated, incident, t0.plusSeconds(11), "detection",
                        new Payloads.IncidentMitigated("remediation", null, t0.plusSeconds(11))),
                envelope(EventType.IncidentResolved, incident, t0.plusSeconds(300), "detection",
                        new Payloads.IncidentResolved("detection", null, "all alerts resolved", t0, t0.plusSeconds(300))));
    }
}
