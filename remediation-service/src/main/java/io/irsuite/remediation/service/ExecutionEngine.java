package io.irsuite.remediation.service;

import io.irsuite.events.Payloads.RemediationFailures;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.ExecutionStep;
import io.irsuite.remediation.domain.KubernetesUndo;
import io.irsuite.remediation.domain.StepDefinition;
import io.irsuite.remediation.domain.StepResult;
import io.irsuite.remediation.domain.StepStatus;
import io.irsuite.remediation.domain.StepType;
import io.irsuite.remediation.service.ExecutionLedger.Plan;
import io.irsuite.remediation.service.ExecutionLedger.Progress;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Runs an execution this runner claimed, from whatever the ledger recorded: a fresh one from its first
 * step, one taken over after a crash from its last recorded step. Runbook steps run in order; a step
 * interrupted by a crash is sent again only when repeatable, else it counts as failed
 * ({@code interrupted}). A failed step, a failed verification or a cancellation (when the runbook rolls
 * back on cancel) records why, then the rollback steps run, newest first, each recorded before it is
 * sent. With {@code verify}, the execution then waits for recovery without a runner
 * ({@link RecoveryVerifier}). Every state change is its own transaction; none is held across a call or
 * a wait.
 */
@ApplicationScoped
public class ExecutionEngine {

    static final String INTERRUPTED = "interrupted: its runner stopped after sending it; not sent again (not repeatable)";

    private final ExecutionLedger ledger;
    private final StepRunner steps;
    private final VertxContexts contexts;
    private final OutboxRelay relay;
    private final RemediationMetrics metrics;
    private final RunbookCodec codec;
    private final ExecutionDispatcher dispatcher;
    private final RecoveryVerifier verifier;

    public ExecutionEngine(ExecutionLedger ledger, StepRunner steps, VertxContexts contexts, OutboxRelay relay,
                           RemediationMetrics metrics, RunbookCodec codec, ExecutionDispatcher dispatcher,
                           RecoveryVerifier verifier) {
        this.ledger = ledger;
        this.steps = steps;
        this.contexts = contexts;
        this.relay = relay;
        this.metrics = metrics;
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.verifier = verifier;
    }

    /** What running one step came to. */
    private record Outcome(StepResult result, boolean stop, boolean lost) {
        static final Outcome STOP = new Outcome(null, true, false);
        static final Outcome LOST = new Outcome(null, false, true);
    }

    /** Runs a claimed execution in the background; a runner that dies leaves it to be taken over. */
    public void start(UUID executionId) {
        run(executionId).subscribe().with(
                status -> Log.infof("execution %s: %s", executionId, status == null ? "not held by this runner any more" : status),
                failure -> Log.errorf(failure, "execution %s: the engine stopped unexpectedly; it is taken over when its lease expires",
                        executionId));
    }

    /** Runs the execution as far as this runner can take it: its final status, RUNNING while verifying, or null when not held. */
    public Uni<ExecutionStatus> run(UUID executionId) {
        return contexts.onSafeContext(() -> ledger.progress(executionId))
                .chain(progress -> progress == null ? Uni.createFrom().nullItem() : resume(progress));
    }

    private Uni<ExecutionStatus> resume(Progress p) {
        Plan plan = p.plan();
        int n = plan.steps().size();
        List<ExecutionStep> main = p.rows().stream().filter(r -> r.rollbackOf == null && r.seq < n).toList();
        if (p.failure() != null) {
            return rollBackPhase(p, main);
        }
        List<ExecutionStep> interrupted = main.stream().filter(r -> r.status == StepStatus.RUNNING).toList();
        if (p.cancelRequested() != null) {
            return cancelled(p, main, interrupted);
        }
        if (!interrupted.isEmpty()) {
            ExecutionStep row = interrupted.get(0);
            StepDefinition step = plan.steps().get(row.seq);
            if (step.repeatable()) {
                Log.infof("execution %s: step '%s' was interrupted; it is repeatable and is sent again", plan.executionId(), step.name());
                return runFrom(plan, row.seq);
            }
            return stopSteps(plan, row.seq + 1, List.of(row.id), RemediationFailures.INTERRUPTED, INTERRUPTED);
        }
        if (p.rows().stream().anyMatch(r -> r.seq == n && r.rollbackOf == null)) {
            return Uni.createFrom().nullItem(); // verification already began: the verifier decides
        }
        return runFrom(plan, main.size());
    }

    private Uni<ExecutionStatus> runFrom(Plan plan, int index) {
        if (index == plan.steps().size()) {
            return afterSteps(plan);
        }
        StepDefinition step = plan.steps().get(index);
        return runStep(plan, index, step, null, null).chain(outcome -> {
            if (outcome.lost()) {
                return Uni.createFrom().nullItem();
            }
            if (outcome.stop()) {
                return run(plan.executionId());
            }
            if (outcome.result().succeeded()) {
                return runFrom(plan, index + 1);
            }
            String failure = outcome.result().unreachable() ? RemediationFailures.UNREACHABLE : RemediationFailures.STEP_FAILED;
            return stopSteps(plan, index + 1, List.of(), failure, outcome.result().output());
        });
    }

    /** Records why the steps stop (and what was interrupted), then carries on from the ledger: rollbacks or the end. */
    private Uni<ExecutionStatus> stopSteps(Plan plan, int skipFrom, List<UUID> interrupted, String failure, String error) {
        return contexts.onSafeContext(() -> ledger.stopSteps(plan, skipFrom, interrupted, INTERRUPTED, failure, error))
                .chain(held -> held ? run(plan.executionId()) : Uni.createFrom().nullItem());
    }

    private Uni<ExecutionStatus> afterSteps(Plan plan) {
        if (plan.dryRun() || plan.runbook().verify() == null) {
            return finish(plan, ExecutionStatus.SUCCEEDED, null, null);
        }
        return contexts.onSafeContext(() -> ledger.beginVerify(plan, plan.steps().size(), plan.runbook().verify()))
                .map(held -> {
                    if (!held) {
                        return null;
                    }
                    dispatcher.kick(); // its slot is free while it waits
                    verifier.kick(plan.incidentId());
                    return ExecutionStatus.RUNNING;
                });
    }

    /** Asked to stop between steps: roll back what ran when the runbook says so, else end CANCELLED at once. */
    private Uni<ExecutionStatus> cancelled(Progress p, List<ExecutionStep> main, List<ExecutionStep> interrupted) {
        Plan plan = p.plan();
        String reason = "cancelled: " + p.cancelRequested();
        boolean somethingToUndo = main.stream().anyMatch(r -> r.status != StepStatus.SKIPPED
                && plan.steps().get(r.seq).rollback() != null);
        if (plan.runbook().rollsBackOnCancel() && somethingToUndo) {
            return stopSteps(plan, main.size(), interrupted.stream().map(r -> r.id).toList(), RemediationFailures.CANCELLED, reason);
        }
        String ran = names(main.stream().filter(r -> r.status == StepStatus.SUCCEEDED || r.status == StepStatus.RUNNING).toList());
        String message = reason + "; ran: " + (ran.isEmpty() ? "nothing" : ran) + "; nothing was rolled back"
                + (somethingToUndo ? " (the runbook does not roll back on cancel)" : "");
        return contexts.onSafeContext(() -> ledger.stopSteps(plan, main.size(), interrupted.stream().map(r -> r.id).toList(),
                        INTERRUPTED, RemediationFailures.CANCELLED, reason))
                .chain(held -> held ? finish(plan, ExecutionStatus.CANCELLED, RemediationFailures.CANCELLED, message)
                        : Uni.createFrom().nullItem());
    }

    /**
     * The rollbacks, derived from the recorded rows so that a runner taking over continues where the
     * last one stopped: the failed step's rollback first, then those of the completed steps, newest
     * first; a rollback interrupted by a crash is sent again when repeatable (restoring a recorded
     * Kubernetes state always is).
     */
    private Uni<ExecutionStatus> rollBackPhase(Progress p, List<ExecutionStep> main) {
        Plan plan = p.plan();
        List<ExecutionStep> order = new ArrayList<>();
        main.stream().filter(r -> r.status == StepStatus.FAILED).forEach(order::add);
        main.stream().filter(r -> r.status == StepStatus.SUCCEEDED || r.status == StepStatus.ROLLED_BACK)
                .sorted(Comparator.comparingInt((ExecutionStep r) -> r.seq).reversed()).forEach(order::add);
        List<ExecutionStep> toRollBack = order.stream().filter(r -> plan.steps().get(r.seq).rollback() != null).toList();
        List<ExecutionStep> done = p.rows().stream().filter(r -> r.rollbackOf != null)
                .sorted(Comparator.comparingInt(r -> r.seq)).toList();
        int next = done.size();
        Uni<Void> before = Uni.createFrom().voidItem();
        if (!done.isEmpty() && done.get(next - 1).status == StepStatus.RUNNING) {
            ExecutionStep last = done.get(next - 1);
            ExecutionStep original = main.stream().filter(r -> r.seq == last.rollbackOf).findFirst().orElse(null);
            StepDefinition rollback = plan.steps().get(last.rollbackOf).rollback();
            boolean restoresRecorded = rollback.stepType() == StepType.KUBERNETES && original != null && original.undo != null;
            if (rollback.repeatable() || restoresRecorded) {
                next = next - 1;
            } else {
                before = contexts.onSafeContext(() -> ledger.markInterrupted(plan, last.id, INTERRUPTED));
            }
        }
        int from = next;
        return before.chain(() -> rollBack(plan, toRollBack, from)).chain(held -> {
            if (!held) {
                return Uni.createFrom().nullItem();
            }
            return contexts.onSafeContext(() -> ledger.progress(plan.executionId())).chain(after -> {
                if (after == null) {
                    return Uni.createFrom().nullItem();
                }
                return finishAfterRollbacks(after, toRollBack);
            });
        });
    }

    private Uni<Boolean> rollBack(Plan plan, List<ExecutionStep> toRollBack, int i) {
        if (i >= toRollBack.size()) {
            return Uni.createFrom().item(true);
        }
        ExecutionStep original = toRollBack.get(i);
        StepDefinition rollback = plan.steps().get(original.seq).rollback();
        KubernetesUndo undo = codec.readUndo(original.undo);
        StepResult undoOf = undo == null ? null : new StepResult(original.status, original.attempts, original.output,
                original.startedAt, original.finishedAt == null ? Instant.now() : original.finishedAt, undo);
        int seq = plan.steps().size() + 1 + i;
        return runStep(plan, seq, rollback, original.seq, undoOf)
                .chain(outcome -> outcome.lost() ? Uni.createFrom().item(false) : rollBack(plan, toRollBack, i + 1));
    }

    private Uni<ExecutionStatus> finishAfterRollbacks(Progress p, List<ExecutionStep> toRollBack) {
        Plan plan = p.plan();
        List<ExecutionStep> rollbacks = p.rows().stream().filter(r -> r.rollbackOf != null).toList();
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ExecutionStep r : rollbacks) {
            String name = plan.steps().get(r.rollbackOf).name();
            (r.status == StepStatus.SUCCEEDED ? ok : failed).add(name);
        }
        String rolledBack = "; rolled back: " + (ok.isEmpty() ? "nothing" : String.join(", ", ok))
                + (failed.isEmpty() ? "" : "; rollback failed for: " + String.join(", ", failed));
        int n = plan.steps().size();
        ExecutionStep failedStep = p.rows().stream().filter(r -> r.rollbackOf == null && r.seq < n && r.status == StepStatus.FAILED)
                .findFirst().orElse(null);
        if (RemediationFailures.CANCELLED.equals(p.failure())) {
            String ran = names(p.rows().stream().filter(r -> r.rollbackOf == null && r.seq < n
                    && r.status != StepStatus.SKIPPED).toList());
            return finish(plan, ExecutionStatus.CANCELLED, p.failure(), p.error() + "; ran: " + ran + rolledBack);
        }
        if (toRollBack.isEmpty()) {
            return finish(plan, ExecutionStatus.FAILED, p.failure(), p.error());
        }
        String why = failedStep == null ? p.error() : "step '" + failedStep.name + "' failed: " + p.error();
        return finish(plan, ExecutionStatus.ROLLED_BACK, p.failure(), why + rolledBack);
    }

    private static String names(List<ExecutionStep> rows) {
        return String.join(", ", rows.stream().map(r -> r.name).toList());
    }

    /** Records the step as RUNNING (its first attempt), runs it, records its result. */
    private Uni<Outcome> runStep(Plan plan, int seq, StepDefinition step, Integer rollbackOf, StepResult undoOf) {
        return contexts.onSafeContext(() -> ledger.beginStep(plan.executionId(), seq, step, rollbackOf)).chain(begin -> {
            if (begin == null) {
                Log.warnf("execution %s is no longer held by this runner; step '%s' not started", plan.executionId(), step.name());
                return Uni.createFrom().item(Outcome.LOST);
            }
            if (begin.stepId() == null) {
                Log.infof("execution %s stops before step '%s': %s", plan.executionId(), step.name(), begin.stop());
                return Uni.createFrom().item(Outcome.STOP);
            }
            UUID stepId = begin.stepId();
            return steps.run(step, plan.values(), undoOf, hooks(plan.executionId(), stepId, rollbackOf == null), plan.dryRun())
                    .invoke(result -> metrics.step(step.type(), result))
                    .chain(result -> contexts.onSafeContext(() -> ledger.finishStep(plan, stepId, result)).map(held -> {
                        if (!held) {
                            Log.warnf("execution %s was taken over while step '%s' ran; its result is not recorded: %s",
                                    plan.executionId(), step.name(), result.output());
                            return Outcome.LOST;
                        }
                        relay.kick();
                        Log.infof("execution %s step '%s'%s: %s after %d attempt(s): %s", plan.executionId(), step.name(),
                                rollbackOf == null ? "" : " (rollback)", result.status(), result.attempts(), result.output());
                        return new Outcome(result, false, false);
                    }));
        });
    }

    private StepHooks hooks(UUID executionId, UUID stepId, boolean cancellable) {
        return new StepHooks() {
            @Override
            public Uni<Void> beforeAttempt(int attempt) {
                return contexts.onSafeContext(() -> ledger.recordAttempt(stepId, attempt));
            }

            @Override
            public Uni<Void> beforeChange(KubernetesUndo undo) {
                return contexts.onSafeContext(() -> ledger.recordUndo(stepId, undo));
            }

            @Override
            public Uni<Boolean> stopRequested() {
                return contexts.onSafeContext(() -> ledger.stopRequested(executionId, cancellable));
            }
        };
    }

    private Uni<ExecutionStatus> finish(Plan plan, ExecutionStatus status, String failure, String message) {
        return contexts.onSafeContext(() -> ledger.finish(plan.executionId(), status, failure, message)).map(transition -> {
            if (transition == null) {
                Log.warnf("execution %s had already ended elsewhere; %s not recorded", plan.executionId(), status);
                return null;
            }
            relay.kick();
            metrics.execution(transition.action(), transition.status());
            dispatcher.kick();
            return status;
        });
    }
}
