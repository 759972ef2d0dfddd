package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.irsuite.comms.domain.Fixtures.EXEC;
import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateDigestTest {

    private static UpdateDigest.Told told(IncidentState s) {
        return UpdateDigest.told(s);
    }

    @Test
    void aBurstOfChangesIsToldAsWhereThingsEndedUp() {
        IncidentState opened = Fixtures.openedState();
        IncidentState after = Fixtures.fold(opened, Fixtures.triaged(1, "SEV2", "payments-db"),
                new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of("error rate > 50%"), null),
                Fixtures.triaged(2, "SEV1", "payments-db"), Fixtures.started());
        assertEquals(List.of("severity raised from SEV2 to SEV1",
                        "likely root cause: payments-db (database)",
                        "rollback of checkout with runbook rollback-deploy started"),
                UpdateDigest.changes(told(opened), told(after)));
    }

    @Test
    void changesThatCancelOutSayNothing() {
        IncidentState opened = Fixtures.openedState();
        IncidentState there = Fixtures.fold(opened, new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of(), null));
        IncidentState back = Fixtures.fold(there, new Payloads.IncidentSeverityChanged("SEV1", "SEV2", List.of(), null));
        assertEquals(List.of(), UpdateDigest.changes(told(opened), told(back)));
        assertFalse(UpdateDigest.worthAnUpdate(told(opened), told(back), true));
        assertTrue(UpdateDigest.worthAnUpdate(told(opened), told(there), true));
    }

    @Test
    void aReTriageIsNewsOnlyWhenSeverityOrRootCauseChanged() {
        IncidentState v1 = Fixtures.fold(Fixtures.openedState(), Fixtures.triaged(1, "SEV2", "db"));
        assertEquals(List.of(), UpdateDigest.changes(told(v1), told(Fixtures.fold(v1, Fixtures.triaged(2, "SEV2", "db")))));
        assertEquals(List.of("severity raised from SEV2 to SEV1"),
                UpdateDigest.changes(told(v1), told(Fixtures.fold(v1, Fixtures.triaged(2, "SEV1", "db")))));
        assertEquals(List.of("likely root cause now: cache (database)"),
                UpdateDigest.changes(told(v1), told(Fixtures.fold(v1, Fixtures.triaged(2, "SEV2", "cache")))));
    }

    @Test
    void anIncidentToldOnlyAtStartAndEndHearsOnlyOfASeverityChange() {
        IncidentState sev4 = Fixtures.fold(Fixtures.openedState(),
                new Payloads.IncidentSeverityChanged("SEV2", "SEV4", List.of(), null));
        IncidentState rootCause = Fixtures.fold(sev4, Fixtures.triaged(1, "SEV4", "payments-db"));
        assertFalse(UpdateDigest.worthAnUpdate(told(sev4), told(rootCause), false), "SEV4: start and end only");
        IncidentState raised = Fixtures.fold(sev4, new Payloads.IncidentSeverityChanged("SEV4", "SEV3", List.of(), null));
        assertTrue(UpdateDigest.worthAnUpdate(told(sev4), told(raised), false));
    }

    @Test
    void remediationOutcomesNewServicesAndARevisedCauseAreTold() {
        IncidentState triaged = Fixtures.fold(Fixtures.openedState(), Fixtures.triaged(1, "SEV2", "payments-db"),
                Fixtures.started());
        IncidentState later = Fixtures.fold(triaged, Fixtures.triaged(2, "SEV2", "orders"),
                new Payloads.RemediationFailed(EXEC, "rollback-deploy", "rollback", "checkout", "HTTP 503"));
        List<String> changes = UpdateDigest.changes(told(triaged), told(later));
        assertTrue(changes.contains("likely root cause now: orders (database)"), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.startsWith("rollback of checkout with runbook rollback-deploy failed")),
                changes.toString());
    }

    @Test
    void nothingToldYetMeansEverythingIsNew() {
        IncidentState opened = Fixtures.openedState();
        List<String> changes = UpdateDigest.changes(null, told(opened));
        assertTrue(changes.contains("severity SEV2"), changes.toString());
        assertTrue(changes.contains("status now investigating"), changes.toString());
    }

    @Test
    void theTimedUpdateStatesTheChangesOrThatNothingChanged() {
        IncidentState s = Fixtures.fold(Fixtures.openedState(), Fixtures.triaged(1, "SEV1", "payments-db"));
        String update = NotificationTemplates.timed(List.of("severity raised from SEV2 to SEV1"), T0, s,
                T0.plusSeconds(60), UpdateCadence.PLAYBOOK);
        assertTrue(update.startsWith("[SEV1] Update on HighErrorRate on checkout: severity raised from SEV2 to SEV1."),
                update);
        assertTrue(update.endsWith("Next update by 10:16 UTC."), update);
        String quiet = NotificationTemplates.timed(List.of(), T0, s, T0.plusSeconds(900), UpdateCadence.PLAYBOOK);
        assertTrue(quiet.contains(": no change since the last update at 10:00 UTC."), quiet);
    }
}
