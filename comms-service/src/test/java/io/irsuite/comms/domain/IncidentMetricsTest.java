package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IncidentMetricsTest {

    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

    static IncidentMetrics.Times times(String sev, Instant start, Integer mttd, Integer mtta, Integer mttr) {
        Instant detected = mttd == null ? null : start.plusSeconds(mttd);
        return new IncidentMetrics.Times(sev, start, detected,
                mtta == null || detected == null ? null : detected.plusSeconds(mtta),
                mttr == null ? null : start.plusSeconds(mttr));
    }

    @Test
    void meansAreOverTheIncidentsThatHaveBothTimestamps() {
        IncidentMetrics m = IncidentMetrics.compute(FROM, TO, List.of(
                times("SEV2", FROM.plusSeconds(10), 60, 30, 600),
                times("SEV2", FROM.plusSeconds(20), 120, null, 1200),
                times("SEV1", FROM.plusSeconds(30), 10, 20, null)));
        assertEquals(3, m.count());
        assertEquals(63.333, m.mttdSeconds());
        assertEquals(25.0, m.mttaSeconds());
        assertEquals(900.0, m.mttrSeconds());
        assertEquals(new IncidentMetrics.Figures(2, 90.0, 30.0, 900.0), m.bySeverity().get("SEV2"));
        assertEquals(new IncidentMetrics.Figures(1, 10.0, 20.0, null), m.bySeverity().get("SEV1"));
    }

    @Test
    void mtbfCountsAndTheAutoRemediationRate() {
        IncidentMetrics m = IncidentMetrics.compute(FROM, TO, List.of(
                new IncidentMetrics.Times("SEV2", FROM, FROM, null, FROM.plusSeconds(600), List.of("checkout"), "deploy", true),
                new IncidentMetrics.Times("SEV2", FROM.plusSeconds(4200), FROM.plusSeconds(4200), null, FROM.plusSeconds(4800),
                        List.of("checkout", "payments"), "database", false),
                new IncidentMetrics.Times("SEV1", FROM.plusSeconds(6000), FROM.plusSeconds(6000), null, null,
                        List.of("checkout"), "deploy", false)));
        // checkout: 600 → 4200 (3600 s), 4800 → 6000 (1200 s)
        assertEquals(2400.0, m.mtbfSeconds());
        assertEquals(java.util.Map.of("checkout", 3, "payments", 1), m.byService());
        assertEquals(java.util.Map.of("deploy", 2, "database", 1), m.byCategory());
        assertEquals(0.5, m.autoRemediationRate(), "one of the two resolved ones");
    }

    @Test
    void theWindowIncludesItsStartAndExcludesItsEnd() {
        IncidentMetrics m = IncidentMetrics.compute(FROM, TO, List.of(
                times("SEV3", FROM, 1, 1, 1),
                times("SEV3", TO, 1, 1, 1),
                times("SEV3", FROM.minusSeconds(1), 1, 1, 1),
                new IncidentMetrics.Times("SEV3", null, null, null, null)));
        assertEquals(1, m.count());
    }

    @Test
    void noIncidentsMeansNullFigures() {
        IncidentMetrics m = IncidentMetrics.compute(FROM, TO, List.of());
        assertEquals(0, m.count());
        assertNull(m.mttdSeconds());
        assertNull(m.mttaSeconds());
        assertNull(m.mttrSeconds());
        assertEquals(0, m.bySeverity().size());
    }
}
