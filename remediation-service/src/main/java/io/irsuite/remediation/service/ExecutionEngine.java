package io.irsuite.remediation.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.StepDefinition;
import io.irsuite.remediation.domain.StepResult;
import io.irsuite.remediation.service.ExecutionLedger.Plan;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a RUNNING execution: steps in order, each recorded and announced; on a failed step the
 * steps after it are SKIPPED and the rollback steps of the failed step and of every completed step
 * run in reverse order. Ends SUCCEEDED, ROLLED_BACK (some rollback ran) or FAILED. Every state
 * change is its own transaction (the ledger); no transaction is held across an HTTP call or a wait.
 */
@ApplicationScoped
public class ExecutionEngine {

    private final ExecutionLedger ledger;
    private final StepRunner steps;
    private final VertxContexts contexts;
    private final OutboxRelay relay;
    private final RemediationMetrics metrics;

    public ExecutionEngine(ExecutionLedger ledger, StepRunner steps, VertxContexts contexts, OutboxRelay relay,
                           RemediationMetrics metrics) {
        this.ledger = ledger;
        this.steps = steps;
        this.contexts = contexts;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** Runs the execution in the background; a lost runner is caught by the lease sweep. */
    public void start(UUID executionId) {
        run(executionId).subscribe().with(
                status -> Log.infof("execution %s finished: %s", executionId, status),
                failure -> Log.errorf(failure, "execution %s: the engine stopped unexpectedly; the lease sweep will fail it", executionId));
    }

    /** Runs the execution to its end; the final status, or null when it was not RUNNING (or ended elsewhere). */
    public Uni<ExecutionStatus> run(UUID executionId) {
        return contexts.onSafeContext(() -> ledger.plan(executionId)).chain(plan -> {
            if (plan == null) {
                Log.infof("execution %s is not RUNNING, nothing to run", executionId);
                return Uni.createFrom().nullItem();
            }
            return runFrom(plan, 0, new ArrayList<>(), new HashMap<>());
        });
    }

    /** {@code results}: each run step's result by index, for its rollback step (kept in memory only). */
    private Uni<ExecutionStatus> runFrom(Plan plan, int index, List<Integer> completed, Map<Integer, StepResult> results) {
        if (index == plan.steps().size()) {
            return finish(plan, ExecutionStatus.SUCCEEDED, null);
        }
        StepDefinition step = plan.steps().get(index);
        return runStep(plan, index, step, null, null).chain(result -> {
            if (result == null) {
                return Uni.createFrom().nullItem();
            }
            results.put(index, result);
            if (result.succeeded()) {
                completed.add(index);
                return runFrom(plan, index + 1, completed, results);
            }
            return failed(plan, index, result, completed, results);
        });
    }

    private Uni<ExecutionStatus> failed(Plan plan, int failedIndex, StepResult failure, List<Integer> completed,
                                        Map<Integer, StepResult> results) {
        StepDefinition failedStep = plan.steps().get(failedIndex);
        List<Integer> toRollBack = new ArrayList<>();
        if (failedStep.rollback() != null) {
            toRollBack.add(failedIndex);
        }
        for (int i = completed.size() - 1; i >= 0; i--) {
            if (plan.steps().get(completed.get(i)).rollback() != null) {
                toRollBack.add(completed.get(i));
            }
        }
        String failureText = "step '" + failedStep.name() + "' failed: " + failure.output();
        return contexts.onSafeContext(() -> ledger.skip(plan.executionId(), plan.steps(), failedIndex + 1))
                .chain(() -> rollBack(plan, toRollBack, results, 0, new ArrayList<>(), new ArrayList<>()))
                .chain(report -> {
                    if (toRollBack.isEmpty()) {
                        return finish(plan, ExecutionStatus.FAILED, failure.output());
                    }
                    String reason = failureText + "; rolled back: " + String.join(", ", report.get(0))
                            + (report.get(1).isEmpty() ? "" : "; rollback failed for: " + String.join(", ", report.get(1)));
                    return finish(plan, ExecutionStatus.ROLLED_BACK, reason);
                });
    }

    /** Runs the rollbacks one after the other (a failed rollback does not stop the others); [succeeded, failed] names. */
    private Uni<List<List<String>>> rollBack(Plan plan, List<Integer> indexes, Map<Integer, StepResult> results, int i,
                                             List<String> ok, List<String> failed) {
        if (i == indexes.size()) {
            return Uni.createFrom().item(List.of(ok, failed));
        }
        int stepIndex = indexes.get(i);
        StepDefinition original = plan.steps().get(stepIndex);
        int seq = plan.steps().size() + i;
        return runStep(plan, seq, original.rollback(), stepIndex, results.get(stepIndex)).chain(result -> {
            if (result == null) {
                return Uni.createFrom().nullItem();
            }
            (result.succeeded() ? ok : failed).add(original.name());
            return rollBack(plan, indexes, results, i + 1, ok, failed);
        });
    }

    /** Records the step as RUNNING, runs it, records its result; null when the execution stopped being RUNNING. */
    private Uni<StepResult> runStep(Plan plan, int seq, StepDefinition step, Integer rollbackOf, StepResult originalResult) {
        return contexts.onSafeContext(() -> ledger.beginStep(plan.executionId(), seq, step, rollbackOf)).chain(stepId -> {
            if (stepId == null) {
                Log.warnf("execution %s is no longer RUNNING; step '%s' not started", plan.executionId(), step.name());
                return Uni.createFrom().nullItem();
            }
            return steps.run(step, plan.values(), originalResult)
                    .invoke(result -> metrics.step(step.type(), result))
                    .call(result -> contexts.onSafeContext(() -> ledger.finishStep(plan, stepId, result)))
                    .invoke(result -> {
                        relay.kick();
                        Log.infof("execution %s step '%s'%s: %s after %d attempt(s): %s", plan.executionId(), step.name(),
                                rollbackOf == null ? "" : " (rollback)", result.status(), result.attempts(), result.output());
                    });
        });
    }

    private Uni<ExecutionStatus> finish(Plan plan, ExecutionStatus status, String message) {
        return contexts.onSafeContext(() -> ledger.finish(plan.executionId(), status, message)).map(transition -> {
            if (transition == null) {
                Log.warnf("execution %s had already ended; outcome %s not recorded", plan.executionId(), status);
                return null;
            }
            relay.kick();
            metrics.execution(transition.action(), transition.status());
            return status;
        });
    }
}
