package io.irsuite.remediation.service;

import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.events.Payloads.RemediationFailures;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.remediation.config.IrConfig;
import io.irsuite.remediation.domain.AuditEntry;
import io.irsuite.remediation.domain.CatalogEntry;
import io.irsuite.remediation.domain.Execution;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.ExecutionStep;
import io.irsuite.remediation.domain.KubernetesUndo;
import io.irsuite.remediation.domain.RunbookDefinition;
import io.irsuite.remediation.domain.StepDefinition;
import io.irsuite.remediation.domain.StepOutputs;
import io.irsuite.remediation.domain.StepResult;
import io.irsuite.remediation.domain.StepStatus;
import io.irsuite.remediation.domain.VerifyDefinition;
import io.irsuite.remediation.repository.CatalogRepository;
import io.irsuite.remediation.repository.ExecutionRepository;
import io.irsuite.remediation.repository.IncidentStateRepository;
import io.irsuite.remediation.repository.RunbookRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every state change of an execution, each in one transaction with the events it emits (outbox).
 * An execution's progress lives here, not in the memory of its runner: steps are recorded before they
 * are sent, retries before each attempt, a kubernetes step's undo before its change, the reason for a
 * rollback before the rollbacks run. A runner holds an execution by {@code runner} and a lease; every
 * write of a runner checks that it still holds it, so two replicas never run one execution twice.
 */
@ApplicationScoped
public class ExecutionLedger {

    /** Key of the advisory lock that serialises claiming executions (and so the concurrency limits) across replicas. */
    static final long DISPATCH_KEY = 0x1d6e0b5ec7200001L;
    /** Key prefix of the advisory locks that serialise decisions about one target (cooldown, one at a time). */
    static final long TARGET_KEY_BASE = 0x1d6e0b5ec7300000L;

    /** How a step interrupted by a crash and sent again begins its output. */
    static final String RESUMED = "its runner stopped; taken over by ";

    /** What the engine needs to run an execution. */
    public record Plan(UUID executionId, UUID incidentId, String runbookId, String action, String target,
                       RunbookDefinition runbook, Map<String, String> values, boolean dryRun) {

        public List<StepDefinition> steps() {
            return runbook.steps();
        }
    }

    /**
     * A RUNNING execution this runner holds, with every step row recorded so far; {@code failure} and
     * {@code error} once it decided to roll back (or cancel), {@code cancelRequested} when asked to stop.
     */
    public record Progress(Plan plan, List<ExecutionStep> rows, String failure, String error, String cancelRequested) {
    }

    /** An execution that reached {@code status}, for metrics after commit (RUNNING: it was queued again). */
    public record Transition(UUID executionId, String action, ExecutionStatus status) {
    }

    /** A step row that was begun, or the reason the execution must stop instead ({@code stepId} null). */
    public record Begin(UUID stepId, String stop) {
    }

    /** An execution waiting for recovery, with what its check needs. */
    public record Verification(UUID executionId, UUID incidentId, Instant until, Instant since, List<String> firing,
                               long alerts, VerifyDefinition.MetricCheck metric, Map<String, String> values) {
    }

    private final ExecutionRepository executions;
    private final RunbookRepository runbooks;
    private final CatalogRepository catalog;
    private final IncidentStateRepository incidents;
    private final RunbookCodec codec;
    private final Outbox outbox;
    private final RunnerIdentity runner;
    private final IrConfig config;

    public ExecutionLedger(ExecutionRepository executions, RunbookRepository runbooks, CatalogRepository catalog,
                           IncidentStateRepository incidents, RunbookCodec codec, Outbox outbox, RunnerIdentity runner,
                           IrConfig config) {
        this.executions = executions;
        this.runbooks = runbooks;
        this.catalog = catalog;
        this.incidents = incidents;
        this.codec = codec;
        this.outbox = outbox;
        this.runner = runner;
        this.config = config;
    }

    private boolean holds(Execution execution) {
        return execution != null && execution.status == ExecutionStatus.RUNNING && runner.id().equals(execution.runner);
    }

    /** The progress of a RUNNING execution this runner holds, or null. */
    @WithSession
    public Uni<Progress> progress(UUID executionId) {
        return executions.findById(executionId).chain(execution -> {
            if (!holds(execution) || execution.verifyUntil != null) {
                return Uni.createFrom().nullItem();
            }
            return plan(execution).chain(plan -> executions.steps(executionId)
                    .map(rows -> new Progress(plan, rows, execution.failure, execution.error, execution.cancelRequested)));
        });
    }

    private Uni<Plan> plan(Execution execution) {
        return runbooks.version(execution.runbookId, execution.runbookVersion).chain(version -> {
            RunbookDefinition definition = codec.read(version.definition);
            Uni<CatalogEntry> entry = execution.target == null ? Uni.createFrom().nullItem() : catalog.findById(execution.target);
            return entry.map(e -> new Plan(execution.id, execution.incidentId, execution.runbookId, execution.action,
                    execution.target, definition, CatalogEntry.placeholderValues(execution.target, e), execution.dryRun));
        });
    }

    /**
     * Records a step as RUNNING with its first attempt (before anything is sent) and extends the lease
     * over its worst case. A row already at {@code seq} (a repeatable step interrupted by a crash) is
     * begun again with one more attempt. Null when this runner no longer holds the execution; a Begin
     * with a stop reason (and nothing recorded) when a runbook step should not start because the
     * execution was asked to stop (rollback steps always start).
     */
    @WithTransaction
    public Uni<Begin> beginStep(UUID executionId, int seq, StepDefinition step, Integer rollbackOf) {
        return executions.findForUpdate(executionId).chain(execution -> {
            if (!holds(execution)) {
                return Uni.createFrom().nullItem();
            }
            if (rollbackOf == null && execution.cancelRequested != null) {
                return Uni.createFrom().item(new Begin(null, execution.cancelRequested));
            }
            Instant now = Instant.now();
            execution.leaseUntil = now.plusSeconds(step.worstCaseSeconds()).plus(config.execution().leaseMargin());
            return executions.step(executionId, seq).chain(existing -> {
                if (existing != null) {
                    existing.status = StepStatus.RUNNING;
                    existing.attempts = existing.attempts + 1;
                    existing.startedAt = now;
                    existing.finishedAt = null;
                    existing.output = RESUMED + runner.id();
                    return Uni.createFrom().item(new Begin(existing.id, null));
                }
                ExecutionStep row = new ExecutionStep();
                row.id = UUID.randomUUID();
                row.executionId = executionId;
                row.seq = seq;
                row.name = rollbackOf == null ? step.name() : "rollback: " + step.name();
                row.type = step.type();
                row.rollbackOf = rollbackOf;
                row.status = StepStatus.RUNNING;
                row.attempts = 1;
                row.startedAt = now;
                return row.persist().map(ignored -> new Begin(row.id, null));
            });
        });
    }

    /** Records that attempt {@code attempt} of a step is about to be sent. */
    @WithTransaction
    public Uni<Void> recordAttempt(UUID stepId, int attempt) {
        return ExecutionStep.update("attempts = ?1 where id = ?2 and attempts < ?1", attempt, stepId).replaceWithVoid();
    }

    /** Records what a kubernetes step is about to change, before the change is sent. */
    @WithTransaction
    public Uni<Void> recordUndo(UUID stepId, KubernetesUndo undo) {
        if (undo == null) {
            return Uni.createFrom().voidItem();
        }
        return ExecutionStep.update("undo = ?1 where id = ?2", codec.write(undo), stepId).replaceWithVoid();
    }

    /** True when the execution should stop: asked to (only when {@code cancellable}), or this runner no longer holds it. */
    @WithSession
    public Uni<Boolean> stopRequested(UUID executionId, boolean cancellable) {
        return executions.findById(executionId)
                .map(e -> !holds(e) || (cancellable && e.cancelRequested != null));
    }

    /**
     * Records a step's result and emits RemediationStepCompleted; a successful rollback marks its step
     * ROLLED_BACK. False (nothing recorded) when this runner no longer holds the execution.
     */
    @WithTransaction
    public Uni<Boolean> finishStep(Plan plan, UUID stepId, StepResult result) {
        return executions.findForUpdate(plan.executionId()).chain(execution -> {
            if (!holds(execution)) {
                return Uni.createFrom().item(false);
            }
            return ExecutionStep.<ExecutionStep>findById(stepId).chain(row -> {
                row.status = result.status();
                // 0: nothing was sent (e.g. no catalog value); else the recorded attempts, or more
                row.attempts = result.attempts() == 0 ? 0 : Math.max(row.attempts, result.attempts());
                row.finishedAt = result.finishedAt();
                String resumed = row.output != null && row.output.startsWith(RESUMED) ? row.output + ", sent again: " : "";
                row.output = StepOutputs.truncate(resumed + result.output(), config.execution().maxOutputBytes());
                row.unreachable = !result.succeeded() && result.unreachable();
                if (result.undo() != null) {
                    row.undo = codec.write(result.undo());
                }
                Uni<Void> original = Uni.createFrom().voidItem();
                if (row.rollbackOf != null && result.succeeded()) {
                    original = executions.step(plan.executionId(), row.rollbackOf).invoke(step -> {
                        if (step != null && step.status == StepStatus.SUCCEEDED) {
                            step.status = StepStatus.ROLLED_BACK;
                        }
                    }).replaceWithVoid();
                }
                return original.chain(() -> stepCompleted(plan.incidentId(), plan.executionId(), row)).replaceWith(true);
            });
        });
    }

    private Uni<Void> stepCompleted(UUID incidentId, UUID executionId, ExecutionStep row) {
        return outbox.add(EventType.RemediationStepCompleted, incidentId,
                new Payloads.RemediationStepCompleted(executionId, row.name, row.status.name(), row.attempts, row.output))
                .replaceWithVoid();
    }

    /**
     * The execution will not finish its steps: {@code interrupted} step rows (sent, then their runner
     * stopped) are marked FAILED with {@code interruptedOutput}, the runbook steps from {@code skipFrom}
     * on are recorded SKIPPED, and why ({@code failure}, {@code error}) is recorded before any rollback
     * runs. False when this runner no longer holds the execution.
     */
    @WithTransaction
    public Uni<Boolean> stopSteps(Plan plan, int skipFrom, List<UUID> interrupted, String interruptedOutput,
                                  String failure, String error) {
        return executions.findForUpdate(plan.executionId()).chain(execution -> {
            if (!holds(execution)) {
                return Uni.createFrom().item(false);
            }
            execution.failure = failure;
            execution.error = error;
            Instant now = Instant.now();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : interrupted) {
                chain = chain.chain(() -> ExecutionStep.<ExecutionStep>findById(id).chain(row -> {
                    row.status = StepStatus.FAILED;
                    row.finishedAt = now;
                    row.output = interruptedOutput;
                    return stepCompleted(plan.incidentId(), plan.executionId(), row);
                }));
            }
            return chain.chain(() -> executions.steps(plan.executionId())).chain(rows -> {
                Uni<Void> skips = Uni.createFrom().voidItem();
                for (int i = skipFrom; i < plan.steps().size(); i++) {
                    int seq = i;
                    if (rows.stream().anyMatch(r -> r.seq == seq)) {
                        continue;
                    }
                    ExecutionStep row = new ExecutionStep();
                    row.id = UUID.randomUUID();
                    row.executionId = plan.executionId();
                    row.seq = seq;
                    row.name = plan.steps().get(i).name();
                    row.type = plan.steps().get(i).type();
                    row.status = StepStatus.SKIPPED;
                    row.attempts = 0;
                    skips = skips.chain(() -> row.persist().replaceWithVoid());
                }
                return skips;
            }).replaceWith(true);
        });
    }

    /** Marks a rollback step that was interrupted (and is not repeated) FAILED. */
    @WithTransaction
    public Uni<Void> markInterrupted(Plan plan, UUID stepId, String output) {
        return ExecutionStep.<ExecutionStep>findById(stepId).chain(row -> {
            row.status = StepStatus.FAILED;
            row.finishedAt = Instant.now();
            row.output = output;
            return stepCompleted(plan.incidentId(), plan.executionId(), row);
        });
    }

    /**
     * The steps are done: the execution now waits (held by nobody, so no thread, transaction or lease)
     * until the incident's alerts resolve or {@code verify.withinSeconds} pass; recorded as the step
     * "verify recovery" at {@code seq}. False when this runner no longer holds the execution.
     */
    @WithTransaction
    public Uni<Boolean> beginVerify(Plan plan, int seq, VerifyDefinition verify) {
        return executions.findForUpdate(plan.executionId()).chain(execution -> {
            if (!holds(execution)) {
                return Uni.createFrom().item(false);
            }
            Instant now = Instant.now();
            execution.verifyUntil = now.plusSeconds(verify.withinSeconds());
            execution.runner = null;
            execution.leaseUntil = null;
            ExecutionStep row = new ExecutionStep();
            row.id = UUID.randomUUID();
            row.executionId = plan.executionId();
            row.seq = seq;
            row.name = "verify recovery";
            row.type = "verify";
            row.status = StepStatus.RUNNING;
            row.attempts = 1;
            row.startedAt = now;
            row.output = "waiting up to " + verify.withinSeconds() + " s for every alert of the incident to resolve"
                    + (verify.metric() == null ? "" : " and for " + verify.metric().query() + " to be within bounds");
            return row.persist().replaceWith(true);
        });
    }

    /** The executions waiting for recovery (of one incident, or all), with what their check needs. */
    @WithSession
    public Uni<List<Verification>> verifications(UUID incidentId) {
        return executions.verifying(incidentId).chain(list -> {
            Uni<List<Verification>> chain = Uni.createFrom().item(new ArrayList<>());
            for (Execution e : list) {
                chain = chain.chain(done -> plan(e).chain(plan -> incidents.firingAlerts(e.incidentId)
                        .chain(firing -> incidents.alertCount(e.incidentId).chain(count -> executions.steps(e.id).map(rows -> {
                            Instant since = rows.stream().filter(r -> "verify".equals(r.type)).map(r -> r.startedAt)
                                    .findFirst().orElse(e.startedAt);
                            VerifyDefinition verify = plan.runbook().verify();
                            done.add(new Verification(e.id, e.incidentId, e.verifyUntil, since, firing, count,
                                    verify == null ? null : verify.metric(), plan.values()));
                            return done;
                        })))));
            }
            return chain;
        });
    }

    /**
     * Ends the wait for recovery: recovered → SUCCEEDED; otherwise the execution records why
     * ({@code not_recovered}) and is queued again so that a runner rolls it back. Null when it no longer
     * waits (another replica decided first).
     */
    @WithTransaction
    public Uni<Transition> finishVerify(UUID executionId, boolean recovered, String output) {
        return executions.findForUpdate(executionId).chain(execution -> {
            if (execution == null || execution.status != ExecutionStatus.RUNNING || execution.verifyUntil == null) {
                return Uni.createFrom().nullItem();
            }
            return ExecutionStep.<ExecutionStep>find("executionId = ?1 and type = 'verify' and status = ?2",
                    executionId, StepStatus.RUNNING).firstResult().chain(row -> {
                Uni<Void> recorded = Uni.createFrom().voidItem();
                if (row != null) {
                    row.status = recovered ? StepStatus.SUCCEEDED : StepStatus.FAILED;
                    row.finishedAt = Instant.now();
                    row.output = StepOutputs.truncate(output, config.execution().maxOutputBytes());
                    recorded = stepCompleted(execution.incidentId, executionId, row);
                }
                execution.verifyUntil = null;
                if (recovered) {
                    return recorded.chain(() -> terminate(execution, ExecutionStatus.SUCCEEDED, null, null));
                }
                execution.failure = RemediationFailures.NOT_RECOVERED;
                execution.error = output;
                execution.runner = null;
                execution.leaseUntil = null;
                return recorded.replaceWith(new Transition(executionId, execution.action, ExecutionStatus.RUNNING));
            });
        });
    }

    /** Ends a RUNNING execution this runner holds with {@code status}; null when it no longer holds it. */
    @WithTransaction
    public Uni<Transition> finish(UUID executionId, ExecutionStatus status, String failure, String message) {
        return executions.findForUpdate(executionId).chain(execution -> {
            if (!holds(execution)) {
                return Uni.createFrom().nullItem();
            }
            return terminate(execution, status, failure, message);
        });
    }

    /**
     * Claims queued executions and those whose runner stopped (lease expired) for this runner, best
     * confidence first, within the global and per-namespace concurrency limits; the claimed ids. One
     * advisory lock serialises claims across replicas, so the limits hold.
     */
    @WithTransaction
    public Uni<List<UUID>> claim(int limit) {
        Instant now = Instant.now();
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT CAST(1 AS integer) FROM pg_advisory_xact_lock(" + DISPATCH_KEY + ")", Integer.class)
                .getSingleResult())
                .chain(() -> executions.activeByNamespace(now))
                .chain(active -> executions.claimable(now, limit).map(candidates -> {
                    long total = active.values().stream().mapToLong(Long::longValue).sum();
                    List<UUID> claimed = new ArrayList<>();
                    for (Execution e : candidates) {
                        String ns = e.targetNamespace == null ? "" : e.targetNamespace;
                        long inNamespace = active.getOrDefault(ns, 0L);
                        boolean namespaceFull = !ns.isEmpty() && inNamespace >= config.remediation().maxConcurrentPerNamespace();
                        if (total >= config.remediation().maxConcurrent() || namespaceFull) {
                            continue;
                        }
                        if (e.runner != null) {
                            Log.warnf("execution %s: its runner %s stopped (lease expired %s); %s takes it over",
                                    e.id, e.runner, e.leaseUntil, runner.id());
                        }
                        e.runner = runner.id();
                        e.leaseUntil = now.plus(config.execution().leaseMargin());
                        total++;
                        active.put(ns, inNamespace + 1);
                        claimed.add(e.id);
                    }
                    return claimed;
                }));
    }

    /** At start-up: what this runner held before it stopped may be claimed again at once (by itself or another replica). */
    @WithTransaction
    public Uni<Integer> releaseMine() {
        return executions.release(runner.id());
    }

    /**
     * Emits RemediationOverdue once for each RUNNING execution whose incident is older than its
     * severity's MTTR target (the playbook: MTTR target exceeded escalates); how many.
     */
    @WithTransaction
    public Uni<Integer> markOverdue() {
        return executions.notOverdueYet().chain(rows -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (Object[] row : rows) {
                UUID id = (UUID) row[0];
                String severity = (String) row[1];
                long elapsed = ((Number) row[2]).longValue();
                Duration target = config.remediation().mttrTarget().of(severity);
                if (elapsed <= target.toSeconds()) {
                    continue;
                }
                chain = chain.chain(n -> executions.findById(id).chain(e -> {
                    e.overdueAt = Instant.now();
                    Log.warnf("execution %s of incident %s still running %d s after the incident started; %s MTTR target is %s",
                            e.id, e.incidentId, elapsed, severity, target);
                    return outbox.add(EventType.RemediationOverdue, e.incidentId, new Payloads.RemediationOverdue(
                            e.id, e.runbookId, e.action, e.target, severity, target.toSeconds(), elapsed)).map(ignored -> n + 1);
                }));
            }
            return chain;
        });
    }

    /** PENDING_APPROVAL → RUNNING (queued for a runner), with who approved it and when; emits RemediationStarted. */
    @WithTransaction
    public Uni<Transition> approve(UUID executionId, String by, String note) {
        return pending(executionId, "approved").chain(execution -> {
            Instant now = Instant.now();
            execution.status = ExecutionStatus.RUNNING;
            execution.approvedBy = by;
            execution.decidedAt = now;
            execution.note = note;
            execution.startedAt = now;
            execution.runner = null;
            execution.leaseUntil = null;
            String reason = "approved by " + by + (note == null || note.isBlank() ? "" : ": " + note);
            return AuditEntry.of(by, "execution.approve", "execution:" + executionId, note).persist()
                    .chain(() -> outbox.add(EventType.RemediationStarted, execution.incidentId,
                            new Payloads.RemediationStarted(execution.id, execution.runbookId, execution.action, execution.target,
                                    reason, execution.dryRun ? Boolean.TRUE : null)))
                    .map(ignored -> new Transition(execution.id, execution.action, ExecutionStatus.RUNNING));
        });
    }

    /** PENDING_APPROVAL → REJECTED; emits RemediationFailed "rejected by <by>: <note>". */
    @WithTransaction
    public Uni<Transition> reject(UUID executionId, String by, String note) {
        return pending(executionId, "rejected").chain(execution -> {
            execution.rejectedBy = by;
            execution.decidedAt = Instant.now();
            execution.note = note;
            String error = "rejected by " + by + ": " + (note == null ? "" : note);
            return AuditEntry.of(by, "execution.reject", "execution:" + executionId, note).persist()
                    .chain(() -> terminate(execution, ExecutionStatus.REJECTED, RemediationFailures.REJECTED, error));
        });
    }

    /**
     * A person takes over: a pending execution is CANCELLED at once; a running one stops at its next
     * step boundary (its runner cancels it); one waiting for recovery stops waiting. 409 otherwise.
     */
    @WithTransaction
    public Uni<Transition> cancel(UUID executionId, String by, String note) {
        return executions.findForUpdate(executionId).chain(execution -> {
            if (execution == null) {
                throw new NotFoundException("no execution " + executionId);
            }
            if (execution.status != ExecutionStatus.PENDING_APPROVAL && execution.status != ExecutionStatus.RUNNING) {
                throw new ConflictException("execution " + executionId + " is " + execution.status
                        + "; only PENDING_APPROVAL or RUNNING can be cancelled");
            }
            if (execution.cancelRequested != null) {
                throw new ConflictException("execution " + executionId + " is already stopping: " + execution.cancelRequested);
            }
            String reason = "taken over by " + by + (note == null || note.isBlank() ? "" : ": " + note);
            Uni<Transition> effect = execution.status == ExecutionStatus.PENDING_APPROVAL
                    ? terminate(execution, ExecutionStatus.CANCELLED, RemediationFailures.CANCELLED, "cancelled: " + reason)
                    : requestStop(execution, reason, true);
            return AuditEntry.of(by, "execution.cancel", "execution:" + executionId, note).persist()
                    .chain(() -> effect);
        });
    }

    /**
     * Asks a RUNNING execution (locked, in the current transaction) to stop for {@code reason}. One
     * that has not begun a step yet is CANCELLED at once. One waiting for recovery stops waiting only
     * when {@code evenWhileVerifying} (a person took over); otherwise its verification decides. The
     * transition, or null when the runner will act on it.
     */
    Uni<Transition> requestStop(Execution execution, String reason, boolean evenWhileVerifying) {
        if (execution.verifyUntil != null && !evenWhileVerifying) {
            return Uni.createFrom().nullItem();
        }
        execution.cancelRequested = reason;
        return executions.steps(execution.id).chain(rows -> {
            if (rows.isEmpty() && (execution.runner == null || execution.leaseUntil == null
                    || execution.leaseUntil.isBefore(Instant.now()))) {
                return terminate(execution, ExecutionStatus.CANCELLED, RemediationFailures.CANCELLED,
                        "cancelled: " + reason + "; no step had run");
            }
            if (execution.verifyUntil == null) {
                return Uni.createFrom().nullItem();
            }
            Instant now = Instant.now();
            execution.verifyUntil = null;
            execution.runner = null;
            execution.leaseUntil = null;
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ExecutionStep row : rows) {
                if ("verify".equals(row.type) && row.status == StepStatus.RUNNING) {
                    row.status = StepStatus.SKIPPED;
                    row.finishedAt = now;
                    row.output = "stopped waiting: " + reason;
                    chain = chain.chain(() -> stepCompleted(execution.incidentId, execution.id, row));
                }
            }
            return chain.replaceWith(new Transition(execution.id, execution.action, ExecutionStatus.RUNNING));
        });
    }

    private Uni<Execution> pending(UUID executionId, String verb) {
        return executions.findForUpdate(executionId).map(execution -> {
            if (execution == null) {
                throw new NotFoundException("no execution " + executionId);
            }
            if (execution.status != ExecutionStatus.PENDING_APPROVAL) {
                throw new ConflictException("execution " + executionId + " is " + execution.status
                        + "; only PENDING_APPROVAL can be " + verb);
            }
            return execution;
        });
    }

    /** Puts {@code execution} (locked, in the current transaction) into a final status and emits its event. */
    Uni<Transition> terminate(Execution execution, ExecutionStatus status, String failure, String message) {
        execution.status = status;
        execution.finishedAt = Instant.now();
        execution.leaseUntil = null;
        execution.verifyUntil = null;
        execution.failure = status == ExecutionStatus.SUCCEEDED ? null : failure;
        execution.error = status == ExecutionStatus.SUCCEEDED ? null : message;
        Boolean dryRun = execution.dryRun ? Boolean.TRUE : null;
        Uni<?> event = switch (status) {
            case SUCCEEDED -> outbox.add(EventType.RemediationSucceeded, execution.incidentId,
                    new Payloads.RemediationSucceeded(execution.id, execution.runbookId, execution.action, execution.target, dryRun));
            case FAILED, REJECTED -> outbox.add(EventType.RemediationFailed, execution.incidentId,
                    new Payloads.RemediationFailed(execution.id, execution.runbookId, execution.action, execution.target,
                            message, failure));
            case ROLLED_BACK -> outbox.add(EventType.RemediationRolledBack, execution.incidentId,
                    new Payloads.RemediationRolledBack(execution.id, execution.runbookId, execution.action, execution.target,
                            message, failure));
            // a cancellation follows the incident's resolution or a person taking over: nobody needs to be told to act
            case CANCELLED -> Uni.createFrom().voidItem();
            case PENDING_APPROVAL, RUNNING -> Uni.createFrom().failure(new IllegalArgumentException(status + " is not final"));
        };
        return event.map(ignored -> new Transition(execution.id, execution.action, status));
    }
}
