package io.irsuite.comms.support;

import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Realistic payloads for tests, named after what they say. */
public final class Payload {

    private Payload() {
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
}
