package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.irsuite.comms.domain.Fixtures.EXEC;
import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NotificationRulesTest {

    private static Optional<NotificationKind> kind(IncidentState before, Record payload) {
        IncidentState after = IncidentProjection.apply(before, payload, T0.plusSeconds(60));
        return NotificationRules.kindFor(payload, before, after);
    }

    @Test
    void eachTriggerHasItsKind() {
        IncidentState open = Fixtures.openedState();
        assertEquals(Optional.of(NotificationKind.initial),
                kind(IncidentState.empty(open.id()), Fixtures.opened()));
        assertEquals(Optional.of(NotificationKind.update), kind(open, Fixtures.triaged(1, "SEV2", "db")));
        assertEquals(Optional.of(NotificationKind.update),
                kind(open, new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of(), "triage")));
        assertEquals(Optional.of(NotificationKind.update),
                kind(open, new Payloads.IncidentStatusChanged("TRIAGED", "MITIGATING", null, null)));
        assertEquals(Optional.of(NotificationKind.update), kind(open, new Payloads.IncidentMitigated("x", null, null)));
        assertEquals(Optional.of(NotificationKind.update),
                kind(open, new Payloads.RemediationFailed(EXEC, "r", "restart", "cart", "boom")));
        assertEquals(Optional.of(NotificationKind.update),
                kind(open, new Payloads.RemediationRolledBack(EXEC, "r", "restart", "cart", "bad")));
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
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentAcknowledged("a", null, null)));
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentStatusChanged("OPEN", "TRIAGED", null, null)));
        assertEquals(Optional.empty(), kind(open, new Payloads.IncidentSeverityChanged("SEV2", "SEV2", null, null)));
    }

    @Test
    void aReTriageNotifiesOnlyWhenSeverityOrRootCauseChanged() {
        IncidentState v1 = IncidentProjection.apply(Fixtures.openedState(), Fixtures.triaged(1, "SEV2", "db"), T0);
        assertEquals(Optional.empty(), kind(v1, Fixtures.triaged(2, "SEV2", "db")));
        assertEquals(Optional.of(NotificationKind.update), kind(v1, Fixtures.triaged(2, "SEV1", "db")));
        assertEquals(Optional.of(NotificationKind.update), kind(v1, Fixtures.triaged(2, "SEV2", "cache")));
        assertEquals(Optional.empty(), kind(v1, Fixtures.triaged(1, "SEV1", "cache")), "a replayed version is stale");
    }
}
