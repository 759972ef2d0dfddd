package io.irsuite.remediation.service;

import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.remediation.config.IrConfig;
import io.irsuite.remediation.domain.AuditEntry;
import io.irsuite.remediation.domain.CatalogEntry;
import io.irsuite.remediation.domain.Execution;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.ExecutionStep;
import io.irsuite.remediation.domain.RunbookDefinition;
import io.irsuite.remediation.domain.StepDefinition;
import io.irsuite.remediation.domain.StepOutputs;
import io.irsuite.remediation.domain.StepResult;
import io.irsuite.remediation.domain.StepStatus;
import io.irsuite.remediation.repository.CatalogRepository;
import io.irsuite.remediation.repository.ExecutionRepository;
import io.irsuite.remediation.repository.RunbookRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every state change of an execution, each in one transaction with the events it emits (outbox):
 * steps starting and finishing, final outcomes, approvals, rejections, cancellations, and failing
 * executions whose runner is gone.
 */
@ApplicationScoped
public class ExecutionLedger {

    public static final String INTERRUPTED_BY_RESTART = "interrupted by a restart";
    public static final String INTERRUPTED_LEASE = "interrupted: its runner stopped (lease expired)";

    /** What the engine needs to run an execution. */
    public record Plan(UUID executionId, UUID incidentId, String runbookId, String action, String target,
                       List<StepDefinition> steps, Map<String, String> values) {
    }

    /** An execution that reached {@code status}, for metrics after commit. */
    public record Transition(UUID executionId, String action, ExecutionStatus status) {
    }

    private final ExecutionRepository executions;
    private final RunbookRepository runbooks;
    private final CatalogRepository catalog;
    private final RunbookCodec codec;
    private final Outbox outbox;
    private final RunnerIdentity runner;
    private final IrConfig config;

    public ExecutionLedger(ExecutionRepository executions, RunbookRepository runbooks, CatalogRepository catalog,
                           RunbookCodec codec, Outbox outbox, RunnerIdentity runner, IrConfig config) {
        this.executions = executions;
        this.runbooks = runbooks;
        this.catalog = catalog;
        this.codec = codec;
        this.outbox = outbox;
        this.runner = runner;
        this.config = config;
    }

    /** The plan of a RUNNING execution, or null when it is not RUNNING. */
    @WithSession
    public Uni<Plan> plan(UUID executionId) {
        return executions.findById(executionId).chain(execution -> {
            if (execution == null || execution.status != ExecutionStatus.RUNNING) {
                return Uni.createFrom().nullItem();
            }
            return runbooks.version(execution.runbookId, execution.runbookVersion).chain(version -> {
                RunbookDefinition definition = codec.read(version.definition);
                Uni<CatalogEntry> entry = execution.target == null ? Uni.createFrom().nullItem() : catalog.findById(execution.target);
                return entry.map(e -> new Plan(execution.id, execution.incidentId, execution.runbookId, execution.action,
                        execution.target, definition.steps(), CatalogEntry.placeholderValues(execution.target, e)));
            });
        });
    }

    /** Records a step as RUNNING and extends the lease over its worst case; null when the execution is no longer RUNNING. */
    @WithTransaction
    public Uni<UUID> beginStep(UUID executionId, int seq, StepDefinition step, Integer rollbackOf) {
        return executions.findForUpdate(executionId).chain(execution -> {
            if (execution == null || execution.status != ExecutionStatus.RUNNING) {
                return Uni.createFrom().nullItem();
            }
            Instant now = Instant.now();
            execution.runner = runner.id();
            execution.leaseUntil = now.plusSeconds(step.worstCaseSeconds()).plus(config.execution().leaseMargin());
            ExecutionStep row = new ExecutionStep();
            row.id = UUID.randomUUID();
            row.executionId = executionId;
            row.seq = seq;
            row.name = rollbackOf == null ? step.name() : "rollback: " + step.name();
            row.type = step.type();
            row.rollbackOf = rollbackOf;
            row.status = StepStatus.RUNNING;
            row.attempts = 0;
            row.startedAt = now;
            return row.persist().map(ignored -> row.id);
        });
    }

    /** Records a step's result and emits RemediationStepCompleted; a successful rollback marks its step ROLLED_BACK. */
    @WithTransaction
    public Uni<Void> finishStep(Plan plan, UUID stepId, StepResult result) {
        return ExecutionStep.<ExecutionStep>findById(stepId).chain(row -> {
            row.status = result.status();
            row.attempts = result.attempts();
            row.startedAt = result.startedAt();
            row.finishedAt = result.finishedAt();
            row.output = StepOutputs.truncate(result.output(), config.execution().maxOutputBytes());
            Uni<Void> original = Uni.createFrom().voidItem();
            if (row.rollbackOf != null && result.succeeded()) {
                original = executions.step(plan.executionId(), row.rollbackOf).invoke(step -> {
                    if (step != null && step.status == StepStatus.SUCCEEDED) {
                        step.status = StepStatus.ROLLED_BACK;
                    }
                }).replaceWithVoid();
            }
            return original.chain(() -> outbox.add(EventType.RemediationStepCompleted, plan.incidentId(),
                    new Payloads.RemediationStepCompleted(plan.executionId(), row.name, row.status.name(), row.attempts, row.output)))
                    .replaceWithVoid();
        });
    }

    /** Records the steps after a failed one as SKIPPED. */
    @WithTransaction
    public Uni<Void> skip(UUID executionId, List<StepDefinition> steps, int from) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = from; i < steps.size(); i++) {
            ExecutionStep row = new ExecutionStep();
            row.id = UUID.randomUUID();
            row.executionId = executionId;
            row.seq = i;
            row.name = steps.get(i).name();
            row.type = steps.get(i).type();
            row.status = StepStatus.SKIPPED;
            row.attempts = 0;
            chain = chain.chain(() -> row.persist().replaceWithVoid());
        }
        return chain;
    }

    /** Ends a RUNNING execution with {@code status}; null when it had already ended (e.g. failed by the sweep). */
    @WithTransaction
    public Uni<Transition> finish(UUID executionId, ExecutionStatus status, String message) {
        return executions.findForUpdate(executionId).chain(execution -> {
            if (execution == null || execution.status != ExecutionStatus.RUNNING) {
                return Uni.createFrom().nullItem();
            }
            return terminate(execution, status, message);
        });
    }

    /** PENDING_APPROVAL → RUNNING, with who approved it and when; emits RemediationStarted. */
    @WithTransaction
    public Uni<Transition> approve(UUID executionId, String by, String note, String principal) {
        return pending(executionId, "approved").chain(execution -> {
            Instant now = Instant.now();
            execution.status = ExecutionStatus.RUNNING;
            execution.approvedBy = by;
            execution.decidedAt = now;
            execution.note = note;
            execution.startedAt = now;
            execution.runner = runner.id();
            execution.leaseUntil = now.plus(config.execution().leaseMargin());
            String reason = "approved by " + by + (note == null || note.isBlank() ? "" : ": " + note);
            return AuditEntry.of(principal + " as " + by, "execution.approve", "execution:" + executionId, note).persist()
                    .chain(() -> outbox.add(EventType.RemediationStarted, execution.incidentId,
                            new Payloads.RemediationStarted(execution.id, execution.runbookId, execution.action, execution.target, reason)))
                    .map(ignored -> new Transition(execution.id, execution.action, ExecutionStatus.RUNNING));
        });
    }

    /** PENDING_APPROVAL → REJECTED; emits RemediationFailed "rejected by <by>: <note>". */
    @WithTransaction
    public Uni<Transition> reject(UUID executionId, String by, String note, String principal) {
        return pending(executionId, "rejected").chain(execution -> {
            execution.rejectedBy = by;
            execution.decidedAt = Instant.now();
            execution.note = note;
            String error = "rejected by " + by + ": " + (note == null ? "" : note);
            return AuditEntry.of(principal + " as " + by, "execution.reject", "execution:" + executionId, note).persist()
                    .chain(() -> terminate(execution, ExecutionStatus.REJECTED, error));
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

    /**
     * Fails RUNNING executions whose runner is gone: at start-up those this runner left behind,
     * otherwise (and also at start-up) those whose lease expired.
     */
    @WithTransaction
    public Uni<List<Transition>> failAbandoned(boolean atStartup) {
        Instant now = Instant.now();
        Uni<List<Execution>> found = atStartup ? executions.abandoned(runner.id(), now) : executions.leaseExpired(now);
        return found.chain(list -> {
            Uni<List<Transition>> chain = Uni.createFrom().item(new ArrayList<>());
            for (Execution execution : list) {
                String message = atStartup && runner.id().equals(execution.runner) ? INTERRUPTED_BY_RESTART : INTERRUPTED_LEASE;
                chain = chain.chain(done -> ExecutionStep.update(
                                "status = ?1, finishedAt = ?2, output = ?3 where executionId = ?4 and status = ?5",
                                StepStatus.FAILED, now, message, execution.id, StepStatus.RUNNING)
                        .chain(() -> terminate(execution, ExecutionStatus.FAILED, message))
                        .invoke(t -> Log.warnf("execution %s of incident %s: %s", execution.id, execution.incidentId, message))
                        .map(t -> {
                            done.add(t);
                            return done;
                        }));
            }
            return chain;
        });
    }

    /** Puts {@code execution} (locked, in the current transaction) into a final status and emits its event. */
    Uni<Transition> terminate(Execution execution, ExecutionStatus status, String message) {
        execution.status = status;
        execution.finishedAt = Instant.now();
        execution.leaseUntil = null;
        if (status != ExecutionStatus.SUCCEEDED) {
            execution.error = message;
        }
        Uni<?> event = switch (status) {
            case SUCCEEDED -> outbox.add(EventType.RemediationSucceeded, execution.incidentId,
                    new Payloads.RemediationSucceeded(execution.id, execution.runbookId, execution.action, execution.target));
            case FAILED, REJECTED -> outbox.add(EventType.RemediationFailed, execution.incidentId,
                    new Payloads.RemediationFailed(execution.id, execution.runbookId, execution.action, execution.target, message));
            case ROLLED_BACK -> outbox.add(EventType.RemediationRolledBack, execution.incidentId,
                    new Payloads.RemediationRolledBack(execution.id, execution.runbookId, execution.action, execution.target, message));
            // a cancellation follows the incident's resolution: nobody needs to act on it, so it emits nothing
            case CANCELLED -> Uni.createFrom().voidItem();
            case PENDING_APPROVAL, RUNNING -> Uni.createFrom().failure(new IllegalArgumentException(status + " is not final"));
        };
        return event.map(ignored -> new Transition(execution.id, execution.action, status));
    }
}
