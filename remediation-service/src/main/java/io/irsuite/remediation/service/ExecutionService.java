package io.irsuite.remediation.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.remediation.domain.Execution;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.ExecutionStep;
import io.irsuite.remediation.repository.ExecutionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reading executions, and the approval decisions of responders (committed first, then run). */
@ApplicationScoped
public class ExecutionService {

    /** An execution with its step results in order. */
    public record Details(Execution execution, List<ExecutionStep> steps) {
    }

    private static final int DEFAULT_LIMIT = 100;

    private final ExecutionRepository executions;
    private final ExecutionLedger ledger;
    private final ExecutionDispatcher dispatcher;
    private final OutboxRelay relay;
    private final RemediationMetrics metrics;

    public ExecutionService(ExecutionRepository executions, ExecutionLedger ledger, ExecutionDispatcher dispatcher,
                            OutboxRelay relay, RemediationMetrics metrics) {
        this.executions = executions;
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

    /** Approves a pending execution; once the approval is committed a runner claims it (within the concurrency limits). */
    public Uni<Details> approve(UUID id, String by, String note, String principal) {
        return ledger.approve(id, by, note, principal)
                .invoke(transition -> {
                    relay.kick();
                    metrics.execution(transition.action(), ExecutionStatus.RUNNING);
                    dispatcher.kick();
                })
                .chain(() -> get(id));
    }

    /** A person takes over the execution (see {@link ExecutionLedger#cancel}). */
    public Uni<Details> cancel(UUID id, String by, String note, String principal) {
        return ledger.cancel(id, by, note, principal)
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

    public Uni<Details> reject(UUID id, String by, String note, String principal) {
        return ledger.reject(id, by, note, principal)
                .invoke(transition -> {
                    relay.kick();
                    metrics.execution(transition.action(), transition.status());
                })
                .chain(() -> get(id));
    }
}
