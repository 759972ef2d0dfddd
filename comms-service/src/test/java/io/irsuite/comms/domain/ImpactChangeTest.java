package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How incident events become the impact history the uptime bar reads. */
class ImpactChangeTest {

    static final UUID ID = UUID.randomUUID();
    static final Instant STARTED = T0.minusSeconds(120);

    static IncidentState state(String status, String severity, Instant resolvedAt, String... services) {
        return new IncidentState(ID, "t", severity, status, List.of(services), status == null ? null : STARTED, null,
                null, null, resolvedAt, null, null, null, null, null, 0, null);
    }

    @Test
    void theFirstImpactStartsAtTheIncidentsFirstEvidence() {
        Optional<ImpactChange> c = ImpactChange.between(IncidentState.empty(ID), state("OPEN", "SEV2", null, "checkout"), T0);
        assertEquals(Optional.of(new ImpactChange(T0, STARTED, List.of("checkout"), "SEV2")), c);
    }

    @Test
    void aSeverityOrServiceChangeClosesAndReopensAtTheEventsTime() {
        IncidentState open = state("OPEN", "SEV2", null, "checkout");
        assertEquals(Optional.of(new ImpactChange(T0, T0, List.of("checkout"), "SEV1")),
                ImpactChange.between(open, state("TRIAGED", "SEV1", null, "checkout"), T0));
        assertEquals(Optional.of(new ImpactChange(T0, T0, List.of("checkout", "cart"), "SEV2")),
                ImpactChange.between(open, state("OPEN", "SEV2", null, "checkout", "cart", "checkout"), T0));
    }

    @Test
    void aResolutionClosesAtTheResolvedTime() {
        Instant resolved = T0.minusSeconds(5);
        assertEquals(Optional.of(new ImpactChange(resolved, T0, List.of(), "SEV2")),
                ImpactChange.between(state("MONITORING", "SEV2", null, "checkout"),
                        state("RESOLVED", "SEV2", resolved, "checkout"), T0));
    }

    @Test
    void aReopenedIncidentHitsAgainFromTheEventNotFromItsOriginalStart() {
        assertEquals(Optional.of(new ImpactChange(T0, T0, List.of("checkout"), "SEV2")),
                ImpactChange.between(state("RESOLVED", "SEV2", T0.minusSeconds(60), "checkout"),
                        state("REOPENED", "SEV2", null, "checkout"), T0));
    }

    @Test
    void eventsThatChangeNothingTheHistoryRecordsWriteNothing() {
        IncidentState open = state("OPEN", "SEV2", null, "checkout");
        assertTrue(ImpactChange.between(open, state("TRIAGED", "SEV2", null, "checkout"), T0).isEmpty());
        assertTrue(ImpactChange.between(open, state("MITIGATING", "SEV2", null, "checkout"), T0).isEmpty());
        assertTrue(ImpactChange.between(state("RESOLVED", "SEV2", T0, "checkout"),
                state("RESOLVED", "SEV1", T0, "checkout"), T0).isEmpty());
        assertTrue(ImpactChange.between(IncidentState.empty(ID), state(null, null, null), T0).isEmpty());
    }
}
