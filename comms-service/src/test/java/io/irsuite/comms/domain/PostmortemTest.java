package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.irsuite.comms.domain.Fixtures.EXEC;
import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostmortemTest {

    /** Builds state and timeline items from (offset seconds, payload) pairs. */
    private static Postmortem draft(Object... offsetsAndPayloads) {
        IncidentState s = IncidentState.empty(java.util.UUID.randomUUID());
        List<Postmortem.TimelineItem> items = new ArrayList<>();
        for (int i = 0; i < offsetsAndPayloads.length; i += 2) {
            Instant at = T0.plusSeconds((Integer) offsetsAndPayloads[i]);
            Record p = (Record) offsetsAndPayloads[i + 1];
            s = IncidentProjection.apply(s, p, at);
            items.add(new Postmortem.TimelineItem(at, p.getClass().getSimpleName(), "x",
                    TimelineSummaries.summarize(p.getClass().getSimpleName(), "x", p), p));
        }
        return PostmortemBuilder.build(s, items);
    }

    @Test
    void anAutoRemediatedIncidentReadsWell() {
        Postmortem p = draft(
                5, Fixtures.opened(),
                6, Fixtures.triaged(1, "SEV2", "payments-db"),
                7, Fixtures.started(),
                9, new Payloads.RemediationStepCompleted(EXEC, "roll back", "SUCCEEDED", 1, "HTTP 200"),
                10, new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout"),
                11, new Payloads.IncidentMitigated("remediation", null, null),
                300, new Payloads.IncidentResolved("detection", null, "all alerts resolved", null, null));
        assertEquals(300L, p.metadata().durationSeconds());
        assertEquals(5L, p.metadata().mttdSeconds());
        assertNull(p.metadata().mttaSeconds());
        assertEquals(T0.plusSeconds(300).plus(java.time.Duration.ofDays(7)), p.metadata().postmortemDue());
        assertEquals(7, p.timeline().size());
        Postmortem.Remediation r = p.resolution().remediations().get(0);
        assertEquals("SUCCEEDED", r.outcome());
        assertEquals(List.of(new Postmortem.Step("roll back", "SUCCEEDED", 1, "HTTP 200")), r.steps());
        assertEquals("resolved after a successful remediation", p.resolution().outcome());
        assertEquals(List.of("detected 5 s after the first evidence", "triaged automatically 1 s after detection",
                "auto-remediation succeeded in 3 s: rollback of checkout",
                "resolved in 5m 0s, within the SEV2 target of 15m 0s"), p.wentWell());
        assertEquals(List.of(), p.wentPoorly());
        assertEquals(List.of(), p.actionItems());
        assertEquals("Why did payments-db fail (database)?", p.fiveWhys().get(1));
        assertTrue(p.summary().startsWith("HighErrorRate on checkout (SEV2) affected checkout for 5m 0s."), p.summary());
    }

    @Test
    void aFailedRemediationAndASlowResolutionReadPoorly() {
        Payloads.RootCause weak = new Payloads.RootCause("cache", "resource_exhaustion", 0.6, List.of());
        Postmortem p = draft(
                120, new Payloads.IncidentOpened("Cache thrash", "OPEN", "SEV1", List.of("cache"), T0, T0.plusSeconds(120),
                        null),
                130, new Payloads.IncidentTriaged(1, "SEV1", List.of(), weak, List.of(), List.of(), List.of(), false),
                140, new Payloads.RemediationStarted(EXEC, "restart-cache", "restart", "cache", null),
                150, new Payloads.RemediationFailed(EXEC, "restart-cache", "restart", "cache", "pods crash-looping"),
                7300, new Payloads.IncidentResolved("alice", "scaled by hand", null, null, null));
        assertEquals(List.of("detection took 2m 0s",
                        "root-cause confidence 0.6 was below 0.85: a person had to decide",
                        "remediation failed: restart of cache (pods crash-looping)",
                        "resolved in 2h 1m 40s, over the SEV1 target of 1h 0m 0s"),
                p.wentPoorly());
        assertEquals("resolved; no remediation succeeded", p.resolution().outcome());
    }

    @Test
    void failureKindsDryRunsAndAnOverdueRunReadInWords() {
        UUID dry = UUID.randomUUID();
        UUID crashed = UUID.randomUUID();
        UUID rolled = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        Postmortem p = draft(
                5, Fixtures.opened(),
                6, Fixtures.triaged(1, "SEV2", "payments-db"),
                7, new Payloads.RemediationStarted(dry, "rollback-deploy", "rollback", "checkout", "top action", true),
                8, new Payloads.RemediationSucceeded(dry, "rollback-deploy", "rollback", "checkout", true),
                9, new Payloads.RemediationStarted(crashed, "restart-pod", "restart", "checkout", "second action"),
                20, new Payloads.RemediationFailed(crashed, "restart-pod", "restart", "checkout", "interrupted by a restart",
                        "interrupted"),
                30, new Payloads.RemediationStarted(rolled, "rollback-deploy", "rollback", "checkout", "third try"),
                965, new Payloads.RemediationOverdue(rolled, "rollback-deploy", "rollback", "checkout", "SEV2", 900, 960),
                1000, new Payloads.RemediationRolledBack(rolled, "rollback-deploy", "rollback", "checkout",
                        "alerts still firing 300 s after the steps", "not_recovered"),
                1010, new Payloads.RemediationFailed(refused, "db-failover", "database_failover", "payments-db",
                        "by alice", "rejected"));
        List<Postmortem.Remediation> r = p.resolution().remediations();
        assertEquals(List.of("succeeded (dry run: nothing was changed)",
                "failed: interrupted by a restart of the suite (not counted against the action)",
                "rolled back: the service did not recover in time", "rejected by a person"),
                r.stream().map(Postmortem.Remediation::outcomeText).toList());
        assertEquals(List.of(true, false, false, false), r.stream().map(Postmortem.Remediation::dryRun).toList());
        assertEquals(Arrays.asList(null, "interrupted", "not_recovered", "rejected"),
                r.stream().map(Postmortem.Remediation::failure).toList());
        assertEquals("automation still running 16 min after the incident started, beyond the SEV2 MTTR target of 15 min",
                r.get(2).overdue());
        assertEquals(List.of(
                        "remediation failed: restart of checkout — interrupted by a restart of the suite (not counted "
                                + "against the action): interrupted by a restart",
                        "automation still running 16 min after the incident started, beyond the SEV2 MTTR target of "
                                + "15 min: rollback of checkout",
                        "remediation was rolled back: rollback of checkout — the service did not recover in time: alerts "
                                + "still firing 300 s after the steps",
                        "not resolved yet"),
                p.wentPoorly(), "a dry run and a person's rejection went neither well nor poorly");
        assertEquals(List.of("detected 5 s after the first evidence", "triaged automatically 1 s after detection"),
                p.wentWell());
        assertEquals("not resolved; no remediation succeeded", p.resolution().outcome());
        assertTrue(p.summary().contains("Remediation: database_failover of payments-db with runbook db-failover, "
                + "rejected by a person."), p.summary());

        String md = PostmortemMarkdown.render(p);
        for (String line : List.of("### rollback of checkout (runbook rollback-deploy): SUCCEEDED\n\n"
                        + "Outcome: succeeded (dry run: nothing was changed).",
                "### rollback of checkout (runbook rollback-deploy): ROLLED_BACK\n\n"
                        + "Outcome: rolled back: the service did not recover in time.\n\n"
                        + "alerts still firing 300 s after the steps\n\n"
                        + "Overdue: automation still running 16 min after the incident started, beyond the SEV2 MTTR "
                        + "target of 15 min.",
                "| RemediationOverdue | Remediation overdue: rollback of checkout with runbook rollback-deploy: "
                        + "automation still running 16 min after the incident started, beyond the SEV2 MTTR target of "
                        + "15 min |")) {
            assertTrue(md.contains(line), line + " missing in\n" + md);
        }
    }

    @Test
    void anIncidentWithOnlyADryRunWasNotRemediated() {
        Postmortem p = draft(
                5, Fixtures.opened(),
                7, new Payloads.RemediationStarted(EXEC, "rollback-deploy", "rollback", "checkout", "top action", true),
                8, new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout", true),
                300, new Payloads.IncidentResolved("alice", "rolled back by hand", null, null, null));
        assertEquals("resolved; only dry runs ran (nothing was changed)", p.resolution().outcome());
        assertTrue(p.wentWell().stream().noneMatch(w -> w.contains("remediation")), p.wentWell().toString());
        assertTrue(p.summary().contains("Remediation: rollback of checkout with runbook rollback-deploy, succeeded "
                + "(dry run: nothing was changed)."), p.summary());
    }

    @Test
    void theMarkdownHasEverySectionAndSafeTables() {
        Postmortem p = draft(
                5, new Payloads.IncidentOpened("Pipes | in title", "OPEN", "SEV3", List.of("api"), T0, T0.plusSeconds(5),
                        null),
                9, new Payloads.IncidentAcknowledged("alice", "on it\nnow", null));
        String md = PostmortemMarkdown.render(p);
        for (String section : List.of("# Postmortem: Pipes | in title", "| Severity | SEV3 |", "## Summary",
                "## Impact", "## Timeline", "## Root cause", "Not determined by triage", "## Resolution",
                "## What went well", "## What went poorly", "## Action items",
                "| Action | Owner | Priority | Due date | Status |", "## Five whys", "## Lessons learned")) {
            assertTrue(md.contains(section), section + " missing in\n" + md);
        }
        assertTrue(md.contains("| IncidentOpened | Incident opened: Pipes \\| in title (SEV3) |"), md);
        assertTrue(md.contains("| IncidentAcknowledged | Acknowledged by alice: on it now |"), md);
        assertTrue(md.contains("| MTTA | 4 s (4s) |"), md);
    }
}
