package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a resolved incident drafts as action items, rule by rule. */
class ActionItemSeedsTest {

    static final UUID EXEC = UUID.randomUUID();

    static Postmortem.TimelineItem item(Record payload) {
        return new Postmortem.TimelineItem(T0, payload.getClass().getSimpleName(), "x", "", payload);
    }

    static IncidentState resolved(String severity, Instant detected, double confidence) {
        IncidentState s = Fixtures.fold(Fixtures.openedState(), new Payloads.IncidentTriaged(1, severity, List.of(),
                new Payloads.RootCause("payments-db", "database", confidence, List.of()), List.of(), List.of(),
                List.of(new Payloads.RecommendedAction("failover", "payments-db", 0.9, true, "")), true));
        s = new IncidentState(s.id(), s.title(), severity, "RESOLVED", s.services(), T0, detected, null, null,
                T0.plusSeconds(3600), null, null, s.rootCause(), s.actions(), s.blastRadius(), 1, s.remediation());
        return s;
    }

    static List<String> rules(List<ActionItemSeeds.Seed> seeds) {
        return seeds.stream().map(ActionItemSeeds.Seed::rule).toList();
    }

    @Test
    void aWellHandledIncidentDraftsNothing() {
        IncidentState s = resolved("SEV2", T0.plusSeconds(30), 0.95);
        List<ActionItemSeeds.Seed> seeds = ActionItemSeeds.of(s, List.of(item(Fixtures.started())), name -> "team-db");
        assertEquals(List.of(), rules(seeds));
    }

    @Test
    void eachRuleDraftsOneItemWithOwnerPriorityAndDueDate() {
        IncidentState late = resolved("SEV1", T0.plusSeconds(600), 0.95);
        List<ActionItemSeeds.Seed> seeds = ActionItemSeeds.of(late, List.of(), name -> "payments-db".equals(name) ? "team-db" : null);
        assertEquals(List.of("late-detection", "no-runbook"), rules(seeds));
        assertEquals("Add an alert that detects payments-db failing sooner (detected 10 min after it started)", seeds.get(0).title());
        assertEquals("Add a runbook for failover on payments-db (no runbook served this incident; people remediated it by hand)",
                seeds.get(1).title());
        assertEquals("team-db", seeds.get(0).owner());
        assertEquals("high", seeds.get(0).priority());
        assertEquals(LocalDate.parse("2026-11-29"), seeds.get(0).dueDate(), "resolved 2026-11-22 + 7 days");

        IncidentState unsure = resolved("SEV3", T0.plusSeconds(30), 0.6);
        List<ActionItemSeeds.Seed> more = ActionItemSeeds.of(unsure, List.of(
                item(Fixtures.started()),
                item(new Payloads.RemediationOverdue(EXEC, "rb", "failover", "payments-db", "SEV3", 3600, 3700)),
                item(new Payloads.RemediationRolledBack(EXEC, "rb", "failover", "payments-db", "x", "not_recovered"))), name -> null);
        assertEquals(List.of("failed-runbook", "mttr-overdue", "confirm-root-cause"), rules(more));
        assertEquals("Fix runbook rb: its failover did not recover payments-db", more.get(0).title());
        assertEquals("unassigned", more.get(0).owner());
        assertEquals("medium", more.get(0).priority());
        assertEquals(LocalDate.parse("2026-12-06"), more.get(0).dueDate(), "medium: 14 days");
        assertEquals("Confirm the root cause (payments-db, database, confidence 0.60) and record it", more.get(2).title());
    }

    @Test
    void failuresTheSuiteCausedDoNotBlameTheRunbook() {
        IncidentState s = resolved("SEV4", T0.plusSeconds(30), 0.95);
        List<ActionItemSeeds.Seed> seeds = ActionItemSeeds.of(s, List.of(item(Fixtures.started()),
                item(new Payloads.RemediationFailed(EXEC, "rb", "failover", "payments-db", "x", "interrupted")),
                item(new Payloads.RemediationFailed(EXEC, "rb", "failover", "payments-db", "x", "rejected"))), name -> null);
        assertEquals(List.of(), rules(seeds));
    }
}
