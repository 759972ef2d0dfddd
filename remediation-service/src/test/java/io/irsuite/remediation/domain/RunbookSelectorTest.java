package io.irsuite.remediation.domain;

import io.irsuite.remediation.domain.RunbookSelector.Candidate;
import io.irsuite.remediation.domain.RunbookSelector.Recommendation;
import io.irsuite.remediation.domain.RunbookSelector.Selection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    static Candidate library(String id, List<String> actions, List<String> categories) {
        Candidate c = runbook(id, actions, categories, false);
        return new Candidate(c.runbookId(), c.version(), c.definition(), true);
    }

    @Test
    void aPersonsRunbookBeatsALibraryRunbookOfTheSameSpecificityWhateverTheIds() {
        record Case(String name, List<Candidate> runbooks, String category, String expected) {
        }
        List<Case> cases = List.of(
                new Case("generic: person's beats library's despite a higher id",
                        List.of(library("a-library", List.of("restart"), List.of()), runbook("z-mine", List.of("restart"), List.of(), false)),
                        "deploy", "z-mine"),
                new Case("both name the category: person's beats library's",
                        List.of(library("a-library", List.of("rollback"), List.of("deploy")), runbook("z-mine", List.of("rollback"), List.of("deploy"), false)),
                        "deploy", "z-mine"),
                new Case("a person's generic runbook beats the library's specific one",
                        List.of(library("a-library", List.of("rollback"), List.of("deploy", "config")), runbook("z-mine", List.of("rollback"), null, false)),
                        "deploy", "z-mine"),
                new Case("two library runbooks: the lower id",
                        List.of(library("b-library", List.of("restart"), List.of()), library("a-library", List.of("restart"), List.of())),
                        "deploy", "a-library"),
                new Case("two of a person's: the lower id",
                        List.of(runbook("b-mine", List.of("restart"), List.of(), false), runbook("a-mine", List.of("restart"), List.of(), false),
                                library("0-library", List.of("restart"), List.of())),
                        "deploy", "a-mine"),
                new Case("a library runbook that serves the action is used when nothing else does",
                        List.of(library("scale-up-deployment", List.of("scale_up"), List.of()), runbook("a-mine", List.of("restart"), List.of(), false)),
                        "capacity", "scale-up-deployment"));
        for (Case c : cases) {
            String action = c.runbooks().get(0).definition().actions().get(0);
            assertEquals(c.expected(), RunbookSelector.select(List.of(rec(action, true)), c.category(), c.runbooks())
                    .orElseThrow().runbook().runbookId(), c.name());
        }
    }

    @Test
    void theOldConstructorMakesAPersonsRunbook() {
        Candidate c = new Candidate("r", 3, runbook("r", List.of("restart"), List.of(), false).definition());
        assertFalse(c.library());
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
