package io.irsuite.remediation.domain;

import io.irsuite.remediation.domain.RunbookSelector.Candidate;
import io.irsuite.remediation.domain.RunbookSelector.Recommendation;
import io.irsuite.remediation.domain.RunbookSelector.Selection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunbookSelectorTest {

    static Candidate runbook(String id, List<String> actions, List<String> categories, boolean approval) {
        StepDefinition step = new StepDefinition("s", "wait", null, null, null, null, null, null, null, null, 1, null, null, null);
        return new Candidate(id, 1, new RunbookDefinition(id, null, actions, categories, approval, List.of("team-sre"), null, List.of(step)));
    }

    static Recommendation rec(String action, boolean autoEligible) {
        return new Recommendation(action, "checkout", autoEligible ? 0.95 : 0.7, autoEligible, "why");
    }

    @Test
    void takesTheFirstRecommendedActionThatSomeRunbookServes() {
        List<Candidate> runbooks = List.of(runbook("restart-any", List.of("restart"), List.of(), false),
                runbook("rollback-deploy", List.of("rollback"), List.of("deploy"), false));
        Optional<Selection> chosen = RunbookSelector.select(List.of(rec("scale_up", true), rec("rollback", true), rec("restart", true)),
                "deploy", runbooks);
        assertEquals("rollback-deploy", chosen.orElseThrow().runbook().runbookId());
        assertEquals("rollback", chosen.get().recommendation().action());
    }

    @Test
    void categoriesMustContainTheRootCauseWhenListed() {
        List<Candidate> runbooks = List.of(runbook("rollback-deploy", List.of("rollback"), List.of("deploy", "config"), false));
        assertTrue(RunbookSelector.select(List.of(rec("rollback", true)), "database", runbooks).isEmpty());
        assertTrue(RunbookSelector.select(List.of(rec("rollback", true)), null, runbooks).isEmpty());
        assertTrue(RunbookSelector.select(List.of(rec("rollback", true)), "config", runbooks).isPresent());
    }

    @Test
    void aRunbookNamingTheCategoryBeatsAGenericOneThenTheLowerId() {
        List<Candidate> runbooks = List.of(runbook("a-generic", List.of("restart"), List.of(), false),
                runbook("z-specific", List.of("restart"), List.of("resource_exhaustion"), false),
                runbook("b-generic", List.of("restart"), null, false));
        assertEquals("z-specific", RunbookSelector.select(List.of(rec("restart", true)), "resource_exhaustion", runbooks)
                .orElseThrow().runbook().runbookId());
        assertEquals("a-generic", RunbookSelector.select(List.of(rec("restart", true)), "deploy", runbooks)
                .orElseThrow().runbook().runbookId());
    }

    @Test
    void nothingMatchesNothingIsSelected() {
        assertTrue(RunbookSelector.select(List.of(rec("cache_clear", true)), "deploy",
                List.of(runbook("r", List.of("restart"), List.of(), false))).isEmpty());
        assertTrue(RunbookSelector.select(null, "deploy", List.of()).isEmpty());
    }

    @Test
    void approvalIsNeededUnlessEverythingAllowsAutomation() {
        Selection auto = new Selection(runbook("r", List.of("restart"), List.of(), false), rec("restart", true));
        assertEquals(Optional.empty(), RunbookSelector.approvalReason(true, auto));
        assertTrue(RunbookSelector.approvalReason(false, auto).orElseThrow().contains("did not clear"));

        Selection lowConfidence = new Selection(runbook("r", List.of("restart"), List.of(), false), rec("restart", false));
        assertEquals("confidence 0.70 for restart is below its automatic threshold",
                RunbookSelector.approvalReason(true, lowConfidence).orElseThrow());

        Selection gated = new Selection(runbook("db-failover", List.of("database_failover"), List.of(), true), rec("database_failover", true));
        assertEquals("runbook db-failover requires approval (approvers: team-sre)", RunbookSelector.approvalReason(true, gated).orElseThrow());
    }
}
