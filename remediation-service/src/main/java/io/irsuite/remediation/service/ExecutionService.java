package io.irsuite.remediation.service;

import io.irsuite.platform.auth.Caller;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.platform.problem.PermissionDeniedException;
import io.irsuite.remediation.domain.Execution;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.ExecutionStep;
import io.irsuite.remediation.repository.ExecutionRepository;
import io.irsuite.remediation.repository.RunbookRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reading executions, and the approval decisions of responders (committed first, then run). A
 * decision is recorded under the caller's token name; approving needs the caller's name or one of
 * its teams among the approvers of the execution's runbook version, when it lists any.
 */
@ApplicationScoped
public class ExecutionService {

    /** An execution with its step results in order. */
    public record Details(Execution execution, List<ExecutionStep> steps) {
    }

    private static final int DEFAULT_LIMIT = 100;

    /** Who may approve an execution: its runbook version's approvers (empty: any responder). */
    public record Approvers(String runbookId, int runbookVersion, List<String> names) {
    }

    private final ExecutionRepository executions;
    private final RunbookRepository runbooks;
    private final RunbookCodec codec;
    private final ExecutionLedger ledger;
    private final ExecutionDispatcher dispatcher;
    private final OutboxRelay relay;
    private final RemediationMetrics metrics;

    public ExecutionService(ExecutionRepository executions, RunbookRepository runbooks, RunbookCodec codec,
                            ExecutionLedger ledger, ExecutionDispatcher dispatcher, OutboxRelay relay, RemediationMetrics metrics) {
        this.executions = executions;
        this.runbooks = runbooks;
        this.codec = codec;
        this.ledger = ledger;
        this.dispatcher = dispatcher;
        this.relay = relay;
        this.metrics = metrics;
    }

    @WithSession
    public Uni<Details> get(UUID id) {
        return executions.findById(id).chain(execution -> {
            if (execution == null) {
                return Uni.createFrom().failure(new NotFoundException("no execution " + id));
            }
            return executions.steps(id).map(steps -> new Details(execution, steps));
        });
    }

    /** The executions of an incident, oldest first; without an incident the newest 100. */
    @WithSession
    public Uni<List<Details>> list(UUID incidentId) {
        Uni<List<Execution>> found = incidentId == null ? executions.recent(DEFAULT_LIMIT) : executions.byIncident(incidentId);
        return found.chain(list -> executions.steps(list.stream().map(e -> e.id).toList()).map(steps -> {
            Map<UUID, List<ExecutionStep>> byExecution = steps.stream().collect(Collectors.groupingBy(s -> s.executionId));
            return list.stream().map(e -> new Details(e, byExecution.getOrDefault(e.id, List.of()))).toList();
        }));
    }

    /**
     * The approvers of the execution's runbook version. Read outside the approval's transaction: an
     * execution never changes its version and a version never changes, so nothing can move in between.
     */
    @WithSession
    public Uni<Approvers> approvers(UUID id) {
        return executions.findById(id).chain(execution -> {
            if (execution == null) {
                return Uni.createFrom().failure(new NotFoundException("no execution " + id));
            }
            return runbooks.version(execution.runbookId, execution.runbookVersion).map(version -> {
                List<String> names = version == null ? null : codec.read(version.definition).approvers();
                return new Approvers(execution.runbookId, execution.runbookVersion,
                        names == null ? List.of() : names.stream().map(String::trim).toList());
            });
        });
    }

    /**
     * Approves a pending execution as {@code caller}; once the approval is committed a runner claims
     * it (within the concurrency limits); a caller who is not among the runbook's approvers is refused (the admin token too).
     */
    public Uni<Details> approve(UUID id, Caller caller, String note) {
        return approvers(id)
                .invoke(approvers -> {
                    if (!approvers.names().isEmpty() && !caller.isAnyOf(approvers.names())) {
                        throw new PermissionDeniedException(refusal(approvers, caller));
                    }
                })
                .chain(() -> ledger.approve(id, caller.name(), note))
                .invoke(transition -> {
                    relay.kick();
                    metrics.execution(transition.action(), ExecutionStatus.RUNNING);
                    dispatcher.kick();
                })
                .chain(() -> get(id));
    }

    /** A person takes over the execution (see {@link ExecutionLedger#cancel}). */
    public Uni<Details> cancel(UUID id, Caller caller, String note) {
        return ledger.cancel(id, caller.name(), note)
                .invoke(transition -> {
                    if (transition != null) {
                        relay.kick();
                        if (transition.status() == ExecutionStatus.RUNNING) {
                            dispatcher.kick(); // it stopped waiting for recovery: a runner ends it
                        } else {
                            metrics.execution(transition.action(), transition.status());
                        }
                    }
                })
                .chain(() -> get(id));
    }

    /** Rejects a pending execution as {@code caller}: any responder may. */
    public Uni<Details> reject(UUID id, Caller caller, String note) {
        return ledger.reject(id, caller.name(), note)
                .invoke(transition -> {
                    relay.kick();
                    metrics.execution(transition.action(), transition.status());
                })
                .chain(() -> get(id));
    }

    static String refusal(Approvers approvers, Caller caller) {
        String teams = caller.teams().isEmpty() ? "no team" : "teams " + String.join(", ", caller.teams().stream().sorted().toList());
        return "runbook " + approvers.runbookId() + " (version " + approvers.runbookVersion() + ") may be approved only by "
                + String.join(", ", approvers.names()) + "; " + caller.name() + " (" + teams + ") is not among them";
    }
}
