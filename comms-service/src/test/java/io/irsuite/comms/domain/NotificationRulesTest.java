package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static io.irsuite.comms.domain.Fixtures.EXEC;
import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NotificationRulesTest {

    private static Optional<NotificationKind> kind(IncidentState before, Record payload) {
        IncidentState after = IncidentProjection.apply(before, payload, T0.plusSeconds(60));
        return NotificationRules.immediate(payload, before, after);
    }

    @Test
    void eachImmediateTriggerHasItsKindAndChangesWaitForTheCoalescedUpdate() {
        IncidentState open = Fixtures.openedState();
        assertEquals(Optional.of(NotificationKind.initial),
                kind(IncidentState.empty(open.id()), Fixtures.opened()));
        assertEquals(Optional.empty(), kind(open, Fixtures.triaged(1, "SEV2", "db")));
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of(), "triage")));
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentStatusChanged("TRIAGED", "MITIGATING", null, null)));
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentMitigated("x", null, null)));
        assertEquals(Optional.of(NotificationKind.page),
                kind(open, new Payloads.RemediationFailed(EXEC, "r", "restart", "cart", "boom")),
                "an older producer's failure: automation gave up");
        assertEquals(Optional.of(NotificationKind.page),
                kind(open, new Payloads.RemediationRolledBack(EXEC, "r", "restart", "cart", "bad")));
        assertEquals(Optional.of(NotificationKind.page),
                kind(open, new Payloads.RemediationOverdue(EXEC, "r", "restart", "cart", "SEV2", 900, 960)));
        assertEquals(Optional.of(NotificationKind.page),
                kind(open, new Payloads.RemediationApprovalRequested(EXEC, "r", "restart", "cart", "why")));
        assertEquals(Optional.of(NotificationKind.resolution),
                kind(open, new Payloads.IncidentResolved("x", null, null, null, null)));
    }

    @Test
    void routineEventsNotifyNobody() {
        IncidentState open = Fixtures.openedState();
        assertEquals(Optional.empty(), kind(open, Fixtures.started()));
        assertEquals(Optional.empty(), kind(open, new Payloads.RemediationStepCompleted(EXEC, "s", "SUCCEEDED", 1, "")));
        assertEquals(Optional.empty(), kind(open, new Payloads.RemediationSucceeded(EXEC, "r", "a", "t")));
        assertEquals(Optional.empty(), kind(open, new Payloads.RemediationSucceeded(EXEC, "r", "a", "t", true)));
        assertEquals(Optional.empty(), kind(open, new Payloads.RemediationStarted(EXEC, "r", "a", "t", "why", true)));
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentAcknowledged("a", null, null)));
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentStatusChanged("OPEN", "TRIAGED", null, null)));
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentSeverityChanged("SEV2", "SEV2", null, null)));
    }

    /** kind | on an open incident | on a resolved one ("-" = nothing at once) */
    @ParameterizedTest(name = "{0}: open {1}, resolved {2}")
    @CsvSource(delimiter = '|', value = {
            "step_failed   | page | -",
            "not_recovered | page | -",
            "unreachable   | page | -",
            "interrupted   | page | -",
            "rejected      | -    | -",
            "cancelled     | -    | -",
            "              | page | -"})
    void automationThatGaveUpPagesAPersonAndADecisionOfPeopleWaitsForTheNextUpdate(String failure, String open,
                                                                                String resolved) {
        IncidentState active = Fixtures.openedState();
        IncidentState closed = Fixtures.fold(active, new Payloads.IncidentResolved("alice", null, null, null, null));
        for (Record payload : List.<Record>of(
                new Payloads.RemediationFailed(EXEC, "r", "restart", "cart", "boom", failure),
                new Payloads.RemediationRolledBack(EXEC, "r", "restart", "cart", "bad", failure))) {
            assertEquals(expected(open), kind(active, payload), payload.toString());
            assertEquals(expected(resolved), kind(closed, payload), payload.toString());
        }
    }

    @Test
    void anOverdueRemediationPagesWhileTheIncidentIsOpen() {
        Payloads.RemediationOverdue overdue = new Payloads.RemediationOverdue(EXEC, "r", "rollback", "checkout", "SEV2",
                900, 960);
        assertEquals(Optional.of(NotificationKind.page), kind(Fixtures.openedState(), overdue));
        assertEquals(Optional.empty(), kind(Fixtures.fold(Fixtures.openedState(),
                new Payloads.IncidentResolved("detection", null, "all alerts resolved", null, null)), overdue));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "RemediationApprovalRequested | a remediation awaits approval",
            "RemediationFailed            | automated remediation gave up: a person must take over",
            "RemediationRolledBack        | automated remediation gave up: a person must take over",
            "RemediationOverdue           | MTTR target exceeded with automation still running",
            "SomethingNew                 | a person is needed",
            "                             | a person is needed"})
    void aPageSaysWhyItWentOut(String eventType, String reason) {
        assertEquals(reason, NotificationRules.pageReason(eventType));
    }

    private static Optional<NotificationKind> expected(String kind) {
        return "-".equals(kind) ? Optional.empty() : Optional.of(NotificationKind.valueOf(kind));
    }
}
