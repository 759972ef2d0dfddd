package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Payloads and states for the unit tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final UUID EXEC = UUID.fromString("00000000-0000-0000-0000-00000000e001");

    private Fixtures() {
    }

    static Payloads.Alert alert() {
        return new Payloads.Alert(UUID.randomUUID(), "fp", "prometheus", "checkout", "HighErrorRate", "firing", "SEV2",
                "5xx above 5%", null, Map.of(), T0, null,
                new Payloads.AlertMetrics(0.12, null, null, 12.0, null, null, null, null), null, null);
    }

    static Payloads.IncidentOpened opened() {
        return new Payloads.IncidentOpened("HighErrorRate on checkout", "OPEN", "SEV2", List.of("checkout"), T0,
                T0.plusSeconds(5), alert());
    }

    static Payloads.IncidentTriaged triaged(int version, String severity, String rootCause) {
        return new Payloads.IncidentTriaged(version, severity, List.of("errorRate 12% > 10%"),
                new Payloads.RootCause(rootCause, "database", 0.91, List.of("pool exhausted")),
                List.of(new Payloads.Candidate(rootCause, "database", 0.91)), List.of(rootCause, "checkout"),
                List.of(new Payloads.RecommendedAction("rollback", "checkout", 0.93, true, "recent deploy")), true);
    }

    static Payloads.RemediationStarted started() {
        return new Payloads.RemediationStarted(EXEC, "rollback-deploy", "rollback", "checkout", "top action");
    }

    static IncidentState openedState() {
        return IncidentProjection.apply(IncidentState.empty(UUID.randomUUID()), opened(), T0.plusSeconds(5));
    }

    /** Folds events in order, one second apart from T0+5s. */
    static IncidentState fold(IncidentState s, Record... payloads) {
        Instant at = T0.plusSeconds(5);
        for (Record p : payloads) {
            s = IncidentProjection.apply(s, p, at);
            at = at.plusSeconds(1);
        }
        return s;
    }
}
