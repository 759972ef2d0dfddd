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

import io.quarkus.hibernate.reactive.panache.Panache;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** The incident's RUNNING executions; locked. */
    public Uni<List<Execution>> running(UUID incidentId) {
        return find("incidentId = ?1 and status = ?2", incidentId, ExecutionStatus.RUNNING)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** The newest execution (not a dry run) of {@code action} on {@code targetKey} that started after {@code since}. */
    public Uni<Execution> recentOnTarget(String targetKey, String action, Instant since) {
        return find("targetKey = ?1 and action = ?2 and startedAt > ?3 and dryRun = false",
                Sort.by("startedAt", Sort.Direction.Descending), targetKey, action, since).firstResult();
    }

    /** A RUNNING execution (not a dry run) on {@code targetKey}, if any. */
    public Uni<Execution> runningOnTarget(String targetKey) {
        return find("targetKey = ?1 and status = ?2 and dryRun = false", Sort.by("createdAt"), targetKey,
                ExecutionStatus.RUNNING).firstResult();
    }

    /** RUNNING executions waiting for recovery (of one incident, or all when null); not locked. */
    public Uni<List<Execution>> verifying(UUID incidentId) {
        return incidentId == null
                ? list("status = ?1 and verifyUntil is not null", ExecutionStatus.RUNNING)
                : list("incidentId = ?1 and status = ?2 and verifyUntil is not null", incidentId, ExecutionStatus.RUNNING);
    }

    /** RUNNING executions that no runner holds (queued, or their runner's lease expired), best confidence first; locked, skipping locked ones. */
    public Uni<List<Execution>> claimable(Instant now, int limit) {
        return find("status = ?1 and verifyUntil is null and (runner is null or leaseUntil is null or leaseUntil < ?2)",
                Sort.by("confidence", Sort.Direction.Descending, Sort.NullPrecedence.NULLS_LAST).and("createdAt"),
                ExecutionStatus.RUNNING, now)
                .page(Page.ofSize(limit))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Executions running their steps now (held by a live runner, not waiting for recovery), per target namespace ("" without one). */
    public Uni<Map<String, Long>> activeByNamespace(Instant now) {
        return Panache.getSession().chain(session -> session.<Object[]>createNativeQuery("""
                        SELECT coalesce(target_namespace, ''), count(*) FROM execution
                        WHERE status = 'RUNNING' AND verify_until IS NULL AND runner IS NOT NULL AND lease_until >= :now
                        GROUP BY 1""", Object[].class)
                .setParameter("now", now)
                .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    /** Lets another claim what {@code runner} held (it restarted: nothing of it runs any more). */
    public Uni<Integer> release(String runner) {
        return update("runner = null, leaseUntil = null where status = ?1 and runner = ?2 and verifyUntil is null",
                ExecutionStatus.RUNNING, runner);
    }

    /**
     * RUNNING executions that have not escalated for their MTTR yet: [id, incident severity, seconds
     * since the incident started]; locked, skipping locked ones.
     */
    public Uni<List<Object[]>> notOverdueYet() {
        return Panache.getSession().chain(session -> session.<Object[]>createNativeQuery("""
                        SELECT e.id, s.severity,
                               CAST(extract(epoch FROM now() - coalesce(s.started_at, e.created_at)) AS bigint)
                        FROM execution e
                        LEFT JOIN incident_state s ON s.incident_id = e.incident_id
                        WHERE e.status = 'RUNNING' AND e.overdue_at IS NULL AND e.dry_run = false
                        FOR UPDATE OF e SKIP LOCKED""", Object[].class)
                .getResultList());
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
