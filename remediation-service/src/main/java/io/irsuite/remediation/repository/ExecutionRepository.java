package io.irsuite.remediation.repository;

import io.irsuite.remediation.domain.Execution;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.ExecutionStep;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Executions and their step results. */
@ApplicationScoped
@WithSession
public class ExecutionRepository implements PanacheRepositoryBase<Execution, UUID> {

    public Uni<Execution> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<Execution>> byIncident(UUID incidentId) {
        return list("incidentId", Sort.by("createdAt").and("id"), incidentId);
    }

    public Uni<List<Execution>> recent(int limit) {
        return findAll(Sort.by("createdAt", Sort.Direction.Descending)).page(Page.ofSize(limit)).list();
    }

    /** True when the incident has an execution that stops a new one (pending, running or succeeded). */
    public Uni<Boolean> hasBlocking(UUID incidentId) {
        return count("incidentId = ?1 and status in ?2", incidentId, List.copyOf(ExecutionStatus.BLOCKS_NEW))
                .map(n -> n > 0);
    }

    public Uni<List<Execution>> pendingApproval(UUID incidentId) {
        return find("incidentId = ?1 and status = ?2", incidentId, ExecutionStatus.PENDING_APPROVAL)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** RUNNING executions whose runner is {@code runner} or whose lease ran out before {@code now}; locked. */
    public Uni<List<Execution>> abandoned(String runner, Instant now) {
        return find("status = ?1 and (runner = ?2 or leaseUntil is null or leaseUntil < ?3)",
                ExecutionStatus.RUNNING, runner, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** RUNNING executions whose lease ran out before {@code now}; locked. */
    public Uni<List<Execution>> leaseExpired(Instant now) {
        return find("status = ?1 and (leaseUntil is null or leaseUntil < ?2)", ExecutionStatus.RUNNING, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    public Uni<List<ExecutionStep>> steps(UUID executionId) {
        return ExecutionStep.list("executionId", Sort.by("seq"), executionId);
    }

    public Uni<List<ExecutionStep>> steps(List<UUID> executionIds) {
        if (executionIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ExecutionStep.list("executionId in ?1", Sort.by("executionId").and("seq"), executionIds);
    }

    public Uni<ExecutionStep> step(UUID executionId, int seq) {
        return ExecutionStep.find("executionId = ?1 and seq = ?2", executionId, seq).firstResult();
    }
}
