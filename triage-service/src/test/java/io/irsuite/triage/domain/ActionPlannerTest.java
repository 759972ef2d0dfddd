package io.irsuite.triage.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionPlannerTest {

    private final ActionPlanner planner = new ActionPlanner(ActionThresholds.defaults());

    private static RootCauseFinding root(Category category, double confidence, ChangeType changeType) {
        return new RootCauseFinding("svc-a", category, confidence, List.of("e"), changeType);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "DEPLOY, ROLLBACK", "CONFIG, ROLLBACK", "RESOURCE_EXHAUSTION, RESTART", "CAPACITY, SCALE_UP",
            "DATABASE, DATABASE_FAILOVER", "DEPENDENCY, CIRCUIT_BREAKER", "EXTERNAL, CIRCUIT_BREAKER",
            "NETWORK, TRAFFIC_REDIRECT", "CERTIFICATE, CERTIFICATE_RENEW", "SECURITY, TRAFFIC_REDIRECT",
            "UNKNOWN, RESTART"})
    void eachCategoryHasItsFirstAction(Category category, Action expected) {
        List<PlannedAction> plan = planner.plan(root(category, 0.5, null));
        assertEquals(expected, plan.get(0).action());
        assertEquals("svc-a", plan.get(0).target());
    }

    @Test
    void anAttackIsRedirectedOrRateLimitedAndAPersonDecidesBoth() {
        List<PlannedAction> plan = planner.plan(root(Category.SECURITY, 0.99, null));
        assertEquals(List.of(Action.TRAFFIC_REDIRECT, Action.RATE_LIMIT), plan.stream().map(PlannedAction::action).toList());
        assertEquals("rate_limit", plan.get(1).action().wire());
        assertTrue(plan.stream().noneMatch(PlannedAction::autoEligible));
        assertTrue(plan.get(1).reason().contains("security incidents always wait for a person"), plan.get(1).reason());
    }

    @Test
    void aFeatureFlagChangeIsUndoneByDisablingTheFlag() {
        assertEquals(Action.FEATURE_FLAG_DISABLE,
                planner.plan(root(Category.CONFIG, 0.95, ChangeType.FEATURE_FLAG)).get(0).action());
    }

    @Test
    void resourceExhaustionRestartsThenScalesUp() {
        List<PlannedAction> plan = planner.plan(root(Category.RESOURCE_EXHAUSTION, 0.92, null));
        assertEquals(List.of(Action.RESTART, Action.SCALE_UP), plan.stream().map(PlannedAction::action).toList());
        assertFalse(plan.get(0).autoEligible(), "0.92 < restart 0.95");
        assertTrue(plan.get(1).autoEligible(), "0.92 ≥ scale_up 0.90");
    }

    @ParameterizedTest(name = "rollback at {0} → auto {1}")
    @CsvSource({"0.89, false", "0.90, true", "0.97, true"})
    void autoEligibleAtAndAboveTheThreshold(double confidence, boolean auto) {
        PlannedAction action = planner.plan(root(Category.DEPLOY, confidence, ChangeType.DEPLOY)).get(0);
        assertEquals(auto, action.autoEligible());
        assertEquals(confidence, action.confidence());
        assertTrue(action.reason().contains("threshold 0.9"), action.reason());
    }

    @Test
    void dataModifyingAndSecurityActionsNeverRunUnattended() {
        PlannedAction failover = planner.plan(root(Category.DATABASE, 0.99, null)).get(0);
        assertFalse(failover.autoEligible());
        assertTrue(failover.reason().contains("a person approves"), failover.reason());
        assertFalse(planner.plan(root(Category.CERTIFICATE, 0.99, null)).get(0).autoEligible());
        PlannedAction security = planner.plan(root(Category.SECURITY, 0.99, null)).get(0);
        assertFalse(security.autoEligible());
        assertTrue(security.reason().contains("security"), security.reason());
    }

    @Test
    void failedRemediationsLowerTheConfidenceAndSuccessesWinItBack() {
        RootCauseFinding deploy = root(Category.DEPLOY, 0.96, ChangeType.DEPLOY);
        assertTrue(planner.plan(deploy, ActionOutcomes.none()).get(0).autoEligible());

        ActionOutcomes failed = ActionOutcomes.none().with(Category.DEPLOY, Action.ROLLBACK, false);
        PlannedAction afterFailure = planner.plan(deploy, failed).get(0);
        assertEquals(0.87, afterFailure.confidence());
        assertFalse(afterFailure.autoEligible(), "one failed rollback sends the next to a person");
        assertTrue(afterFailure.reason().contains("verified recovery 0 of 1 times for deploy"), afterFailure.reason());

        ActionOutcomes recovered = failed;
        for (int i = 0; i < 10; i++) {
            recovered = recovered.with(Category.DEPLOY, Action.ROLLBACK, true);
        }
        PlannedAction afterSuccesses = planner.plan(deploy, recovered).get(0);
        assertEquals(0.96, afterSuccesses.confidence(), "successes never make it surer than the root cause");
        assertTrue(afterSuccesses.autoEligible());
    }

    @Test
    void anActionThatKeepsFailingForACategoryYieldsToTheNext() {
        RootCauseFinding leak = root(Category.RESOURCE_EXHAUSTION, 0.92, null);
        assertEquals(Action.RESTART, planner.plan(leak).get(0).action());
        ActionOutcomes outcomes = ActionOutcomes.none()
                .with(Category.RESOURCE_EXHAUSTION, Action.RESTART, false)
                .with(Category.RESOURCE_EXHAUSTION, Action.RESTART, false);
        assertEquals(List.of(Action.SCALE_UP, Action.RESTART),
                planner.plan(leak, outcomes).stream().map(PlannedAction::action).toList());
        assertEquals(Action.RESTART, planner.plan(root(Category.UNKNOWN, 0.5, null), outcomes).get(0).action(),
                "outcomes count per category");
    }

    @Test
    void noRootServiceNoActions() {
        assertEquals(List.of(), planner.plan(new RootCauseFinding(null, Category.UNKNOWN, 0, List.of(), null)));
    }
}
