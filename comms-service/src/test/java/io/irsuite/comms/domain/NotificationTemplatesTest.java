package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.irsuite.comms.domain.Fixtures.EXEC;
import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationTemplatesTest {

    /** The coalesced update telling everything that changed since the first notification of the incident. */
    private static String update(IncidentState s) {
        return NotificationTemplates.timed(UpdateDigest.changes(UpdateDigest.told(Fixtures.openedState()),
                UpdateDigest.told(s)), null, s, T0, UpdateCadence.PLAYBOOK);
    }

    @Test
    void theInitialNotificationSaysWhatImpactSeverityAndStatus() {
        IncidentState s = Fixtures.openedState();
        assertEquals("[SEV2] Investigating: HighErrorRate on checkout. Impact: checkout affected: 5xx above 5%, "
                        + "error rate 12%, 12% of users affected. Severity: SEV2. Status: investigating. "
                        + "Next update by 10:30 UTC.",
                NotificationTemplates.text(NotificationKind.initial, Fixtures.opened(), s, T0, UpdateCadence.PLAYBOOK));
    }

    @Test
    void anUpdateSaysStatusImpactActionsNextStepsAndNextUpdateByCadence() {
        IncidentState s = Fixtures.fold(Fixtures.openedState(), Fixtures.triaged(1, "SEV1", "payments-db"),
                Fixtures.started(), new Payloads.IncidentStatusChanged("TRIAGED", "MITIGATING", null, null));
        String text = update(s);
        assertEquals("[SEV1] Update on HighErrorRate on checkout: severity raised from SEV2 to SEV1; status now identified; "
                + "likely root cause: payments-db (database); rollback of checkout with runbook rollback-deploy started. "
                + "Status: identified. Impact: checkout affected: 5xx above 5%, error rate 12%, 12% of users affected. "
                + "Actions taken: rollback of checkout with runbook rollback-deploy started. "
                + "Next steps: apply the remediation and validate recovery. Next update by 10:15 UTC.", text);
    }

    @Test
    void theNextUpdateFollowsTheSeverityCadence() {
        IncidentState base = Fixtures.openedState();
        for (var c : List.of(List.of("SEV1", "10:15"), List.of("SEV2", "10:30"), List.of("SEV3", "11:00"))) {
            IncidentState s = IncidentProjection.apply(base,
                    new Payloads.IncidentSeverityChanged("SEV2", c.get(0), List.of(), null), T0);
            assertTrue(NotificationTemplates.nextUpdate(s, T0, UpdateCadence.PLAYBOOK).equals("Next update by " + c.get(1) + " UTC."), c.get(0));
        }
        IncidentState sev4 = IncidentProjection.apply(base, new Payloads.IncidentSeverityChanged("SEV2", "SEV4",
                List.of(), null), T0);
        assertEquals("Next update at resolution.", NotificationTemplates.nextUpdate(sev4, T0, UpdateCadence.PLAYBOOK));
    }

    @Test
    void aFailedRemediationHandsOverToResponders() {
        Payloads.RemediationFailed failed = new Payloads.RemediationFailed(EXEC, "rollback-deploy", "rollback",
                "checkout", "HTTP 503 from deployer");
        IncidentState s = Fixtures.fold(Fixtures.openedState(), Fixtures.started(), failed);
        String text = update(s);
        assertTrue(text.contains(": rollback of checkout with runbook rollback-deploy failed (HTTP 503 from deployer)."), text);
        assertTrue(text.contains("Actions taken: rollback of checkout with runbook rollback-deploy failed."), text);
        assertTrue(text.contains("Next steps: responders take over remediation."), text);
    }

    @Test
    void aPageAsksForADecision() {
        Payloads.RemediationApprovalRequested ask = new Payloads.RemediationApprovalRequested(EXEC, "db-failover",
                "database_failover", "orders-db", "data-modifying");
        IncidentState s = Fixtures.fold(Fixtures.openedState(), ask);
        String text = NotificationTemplates.text(NotificationKind.page, ask, s, T0, UpdateCadence.PLAYBOOK);
        assertTrue(text.startsWith("[SEV2] Decision needed on HighErrorRate on checkout: database_failover of "
                + "orders-db with runbook db-failover awaits approval (data-modifying)."), text);
        assertTrue(text.contains("execution " + EXEC), text);
    }

    @Test
    void automationThatGaveUpPagesWithTheFailureKindInWords() {
        Payloads.RemediationRolledBack rolledBack = new Payloads.RemediationRolledBack(EXEC, "rollback-deploy", "rollback",
                "checkout", "alerts still firing 300 s after the steps", "not_recovered");
        IncidentState s = Fixtures.fold(Fixtures.openedState(), Fixtures.started(), rolledBack);
        assertEquals("[SEV2] Automation gave up on HighErrorRate on checkout: rollback of checkout with runbook "
                        + "rollback-deploy rolled back: the service did not recover in time — alerts still firing 300 s after "
                        + "the steps. A person must take over remediation. Execution " + EXEC + " on remediation-service. "
                        + "Impact: checkout affected: 5xx above 5%, error rate 12%, 12% of users affected.",
                NotificationTemplates.text(NotificationKind.page, rolledBack, s, T0, UpdateCadence.PLAYBOOK));

        Payloads.RemediationFailed interrupted = new Payloads.RemediationFailed(EXEC, "rollback-deploy", "rollback",
                "checkout", "interrupted by a restart", "interrupted");
        String page = NotificationTemplates.text(NotificationKind.page, interrupted,
                Fixtures.fold(Fixtures.openedState(), Fixtures.started(), interrupted), T0, UpdateCadence.PLAYBOOK);
        assertTrue(page.contains(": rollback of checkout with runbook rollback-deploy failed: interrupted by a restart of "
                + "the suite (not counted against the action) — interrupted by a restart. A person must take over"), page);
    }

    @Test
    void anOverduePageNamesTheMttrTarget() {
        Payloads.RemediationOverdue overdue = new Payloads.RemediationOverdue(EXEC, "rollback-deploy", "rollback",
                "checkout", "SEV2", 900, 960);
        IncidentState s = Fixtures.fold(Fixtures.openedState(), Fixtures.started(), overdue);
        assertEquals("[SEV2] MTTR target exceeded on HighErrorRate on checkout: automation still running 16 min after the "
                        + "incident started, beyond the SEV2 MTTR target of 15 min (rollback of checkout with runbook "
                        + "rollback-deploy). A person must step in. Execution " + EXEC + " on remediation-service. "
                        + "Impact: checkout affected: 5xx above 5%, error rate 12%, 12% of users affected.",
                NotificationTemplates.text(NotificationKind.page, overdue, s, T0, UpdateCadence.PLAYBOOK));
        // and later updates say the automation is overdue
        Payloads.IncidentSeverityChanged raised = new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of(), null);
        String update = update(Fixtures.fold(s, raised));
        assertTrue(update.contains("Actions taken: rollback of checkout with runbook rollback-deploy started; automation "
                + "still running 16 min after the incident started, beyond the SEV2 MTTR target of 15 min."), update);
    }

    @Test
    void aRejectionIsAnUpdateThatSaysAPersonDecided() {
        Payloads.RemediationFailed rejected = new Payloads.RemediationFailed(EXEC, "db-failover", "database_failover",
                "orders-db", "by alice: not during the batch window", "rejected");
        IncidentState s = Fixtures.fold(Fixtures.openedState(),
                new Payloads.RemediationApprovalRequested(EXEC, "db-failover", "database_failover", "orders-db", "why"),
                rejected);
        String text = update(s);
        assertTrue(text.startsWith("[SEV2] Update on HighErrorRate on checkout: database_failover of orders-db with runbook "
                + "db-failover rejected by a person (by alice: not during the batch window)."), text);
        assertTrue(text.contains("Actions taken: database_failover of orders-db with runbook db-failover rejected by a "
                + "person."), text);
        assertTrue(text.contains("Next steps: responders take over remediation."), text);
    }

    @Test
    void aDryRunSaysNothingWasChanged() {
        Payloads.RemediationStarted dryStart = new Payloads.RemediationStarted(EXEC, "rollback-deploy", "rollback",
                "checkout", "top action", true);
        Payloads.RemediationSucceeded drySuccess = new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback",
                "checkout", true);
        Payloads.IncidentSeverityChanged raised = new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of(), null);
        String running = update(Fixtures.fold(Fixtures.openedState(), dryStart, raised));
        assertTrue(running.contains("Actions taken: rollback of checkout with runbook rollback-deploy started (dry run: "
                + "nothing will be changed)."), running);
        String done = update(Fixtures.fold(Fixtures.openedState(), dryStart, drySuccess, raised));
        assertTrue(done.contains("Actions taken: rollback of checkout with runbook rollback-deploy succeeded (dry run: "
                + "nothing was changed)."), done);
        Payloads.IncidentResolved resolved = new Payloads.IncidentResolved("alice", "fixed by hand", null, T0,
                T0.plusSeconds(600));
        String resolution = NotificationTemplates.text(NotificationKind.resolution, resolved,
                Fixtures.fold(Fixtures.openedState(), dryStart, drySuccess, resolved), T0.plusSeconds(600), UpdateCadence.PLAYBOOK);
        assertTrue(resolution.contains("Resolution: rollback of checkout with runbook rollback-deploy succeeded (dry run: "
                + "nothing was changed); fixed by hand."), resolution);
    }

    @Test
    void theResolutionSaysDurationRootCauseAndResolution() {
        Payloads.IncidentResolved resolved = new Payloads.IncidentResolved("detection", null, "all alerts resolved",
                T0, T0.plusSeconds(1500));
        IncidentState s = Fixtures.fold(Fixtures.openedState(), Fixtures.triaged(1, "SEV2", "payments-db"),
                Fixtures.started(), new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout"),
                resolved);
        assertEquals("[SEV2] Resolved: HighErrorRate on checkout. Duration: 25m 0s. "
                        + "Root cause: payments-db (database, confidence 0.91). "
                        + "Resolution: rollback of checkout with runbook rollback-deploy succeeded; all alerts resolved. "
                        + "Impact: checkout affected: 5xx above 5%, error rate 12%, 12% of users affected. "
                        + "Follow-up: a postmortem draft is ready for review.",
                NotificationTemplates.text(NotificationKind.resolution, resolved, s, T0.plusSeconds(1500), UpdateCadence.PLAYBOOK));
    }
}
