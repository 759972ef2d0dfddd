package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.irsuite.comms.domain.Fixtures.EXEC;
import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentProjectionTest {

    @Test
    void theHappyPathFillsTheView() {
        IncidentState s = Fixtures.fold(IncidentState.empty(java.util.UUID.randomUUID()),
                Fixtures.opened(),
                Fixtures.triaged(1, "SEV1", "payments-db"),
                new Payloads.IncidentAcknowledged("alice", null, T0.plusSeconds(30)),
                new Payloads.IncidentStatusChanged("TRIAGED", "MITIGATING", "remediation", "detection"),
                Fixtures.started(),
                new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout"),
                new Payloads.IncidentMitigated("remediation", null, T0.plusSeconds(60)),
                new Payloads.IncidentResolved("detection", null, "all alerts resolved", T0, T0.plusSeconds(600)));
        assertEquals("HighErrorRate on checkout", s.title());
        assertEquals("SEV1", s.severity());
        assertEquals("RESOLVED", s.status());
        assertEquals(List.of("checkout"), s.services());
        assertEquals(T0, s.startedAt());
        assertEquals(T0.plusSeconds(5), s.detectedAt());
        assertEquals(T0.plusSeconds(30), s.acknowledgedAt());
        assertEquals(T0.plusSeconds(60), s.mitigatedAt());
        assertEquals(T0.plusSeconds(600), s.resolvedAt());
        assertEquals("payments-db", s.rootCause().service());
        assertEquals("rollback", s.actions().get(0).action());
        assertEquals(1, s.triageVersion());
        assertEquals(RemediationState.SUCCEEDED, s.remediation().status());
        assertEquals("checkout affected: 5xx above 5%, error rate 12%, 12% of users affected", s.impact());
    }

    @Test
    void theRemediationKeepsItsFailureKindAndWhetherItOutranTheMttrTarget() {
        IncidentState s = Fixtures.fold(Fixtures.openedState(), Fixtures.started(),
                new Payloads.RemediationOverdue(EXEC, "rollback-deploy", "rollback", "checkout", "SEV2", 900, 960),
                new Payloads.RemediationRolledBack(EXEC, "rollback-deploy", "rollback", "checkout",
                        "alerts still firing 300 s after the steps", "not_recovered"));
        RemediationState r = s.remediation();
        assertEquals(RemediationState.ROLLED_BACK, r.status());
        assertEquals("not_recovered", r.failure());
        assertEquals("alerts still firing 300 s after the steps", r.detail());
        assertFalse(r.dryRun());
        assertEquals("automation still running 16 min after the incident started, beyond the SEV2 MTTR target of 15 min",
                r.overdue());
        assertEquals("rolled back: the service did not recover in time", r.outcome());
        assertEquals(T0.plusSeconds(5), r.startedAt());

        // a newer execution starts afresh: not failed, not overdue
        RemediationState next = Fixtures.fold(s, new Payloads.RemediationStarted(java.util.UUID.randomUUID(),
                "restart", "restart", "checkout", "second try")).remediation();
        assertNull(next.failure());
        assertNull(next.overdue());
        assertEquals("running", next.outcome());
    }

    @Test
    void aDryRunStaysADryRunToItsEnd() {
        IncidentState s = Fixtures.fold(Fixtures.openedState(),
                new Payloads.RemediationStarted(EXEC, "rollback-deploy", "rollback", "checkout", "top action", true),
                new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout"));
        assertTrue(s.remediation().dryRun(), "the start said so, even if the end does not repeat it");
        assertEquals("succeeded (dry run: nothing was changed)", s.remediation().outcome());
        IncidentState onlyTheEnd = Fixtures.fold(Fixtures.openedState(),
                new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout", true));
        assertTrue(onlyTheEnd.remediation().dryRun());
        assertEquals(RemediationState.SUCCEEDED, onlyTheEnd.remediation().status());
    }

    @Test
    void anOlderTriageVersionDoesNotOverrideANewerOne() {
        IncidentState s = Fixtures.fold(Fixtures.openedState(), Fixtures.triaged(2, "SEV1", "dns"),
                Fixtures.triaged(1, "SEV3", "payments-db"));
        assertEquals("SEV1", s.severity());
        assertEquals("dns", s.rootCause().service());
        assertEquals(2, s.triageVersion());
    }

    @Test
    void aStatusEventOlderThanTheAppliedOneLoses() {
        IncidentState resolved = IncidentProjection.apply(Fixtures.openedState(),
                new Payloads.IncidentResolved("bob", null, null, null, null), T0.plusSeconds(100));
        IncidentState late = IncidentProjection.apply(resolved,
                new Payloads.IncidentStatusChanged("OPEN", "MITIGATING", null, null), T0.plusSeconds(50));
        assertEquals("RESOLVED", late.status());
        assertEquals(T0.plusSeconds(100), late.resolvedAt());
    }

    @Test
    void reopeningClearsTheResolutionAndAddsTheService() {
        IncidentState resolved = IncidentProjection.apply(Fixtures.openedState(),
                new Payloads.IncidentResolved("bob", null, null, null, null), T0.plusSeconds(100));
        Payloads.Alert again = new Payloads.Alert(null, "fp2", "prometheus", "frontend", "Errors", "firing", "SEV2",
                null, null, null, null, null, null, null, null);
        IncidentState reopened = IncidentProjection.apply(resolved, new Payloads.IncidentReopened("fired again", again),
                T0.plusSeconds(200));
        assertEquals("OPEN", reopened.status());
        assertNull(reopened.resolvedAt());
        assertEquals(List.of("checkout", "frontend"), reopened.services());
    }

    @Test
    void eventsBeforeTheOpeningStillBuildAConsistentView() {
        IncidentState s = Fixtures.fold(IncidentState.empty(java.util.UUID.randomUUID()),
                Fixtures.triaged(1, "SEV1", "payments-db"), Fixtures.opened());
        assertEquals("SEV1", s.severity(), "the triage's severity is newer evidence than the opening's");
        assertEquals("OPEN", s.status());
        assertEquals("HighErrorRate on checkout", s.title());
    }

    @Test
    void theFirstAcknowledgementCounts() {
        IncidentState s = Fixtures.fold(Fixtures.openedState(),
                new Payloads.IncidentAcknowledged("alice", null, T0.plusSeconds(30)),
                new Payloads.IncidentAcknowledged("bob", null, T0.plusSeconds(90)));
        assertEquals(T0.plusSeconds(30), s.acknowledgedAt());
    }
}
