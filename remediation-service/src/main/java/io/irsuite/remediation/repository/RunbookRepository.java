package io.irsuite.remediation.repository;

import io.irsuite.events.Payloads.RemediationFailures;
import io.irsuite.remediation.domain.Runbook;
import io.irsuite.remediation.domain.RunbookStats;
import io.irsuite.remediation.domain.RunbookVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runbooks and their immutable versions. */
@ApplicationScoped
@WithSession
public class RunbookRepository implements PanacheRepositoryBase<Runbook, String> {

    /** An enabled runbook with the author ({@code created_by}) of its current version. */
    public record Authored(Runbook runbook, String createdBy) {
    }

    /** The failure kinds that say the action did not work; a null failure does too (see the query). */
    private static final String[] BLAMED_FAILURES = Stream.of(RemediationFailures.STEP_FAILED,
                    RemediationFailures.NOT_RECOVERED, RemediationFailures.UNREACHABLE, RemediationFailures.INTERRUPTED,
                    RemediationFailures.REJECTED, RemediationFailures.CANCELLED)
            .filter(RemediationFailures::blamesAction).toArray(String[]::new);

    /** Per runbook: started executions without dry runs, and the outcomes the metadata is computed from. */
    private static final String STATS = """
            SELECT runbook_id,
                   count(*) AS executions,
                   count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
                   count(*) FILTER (WHERE status IN ('FAILED', 'ROLLED_BACK')
                                      AND (failure IS NULL OR failure = ANY($1))) AS blamed,
                   max(started_at) AS last_used_at,
                   avg(extract(epoch FROM finished_at - started_at)::double precision)
                       FILTER (WHERE status = 'SUCCEEDED' AND finished_at IS NOT NULL) AS recovery_seconds
            FROM execution
            WHERE started_at IS NOT NULL AND NOT dry_run""";

    private final Pool pool;

    public RunbookRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates the runbook row at version 0 unless it exists; true when this call created it. */
    public Uni<Boolean> createIfAbsent(String id, String definition) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO runbook (id, current_version, enabled, definition, created_at, updated_at)
                        VALUES (:id, 0, true, :definition, now(), now()) ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", id)
                .setParameter("definition", definition)
                .executeUpdate()).map(inserted -> inserted > 0);
    }

    /**
     * Creates the runbook row directly at version 1 unless the id exists (then nothing changes, even
     * under a concurrent insert of the same id); true when this call created it.
     */
    public Uni<Boolean> createAtVersionOneIfAbsent(String id, boolean enabled, String definition) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO runbook (id, current_version, enabled, definition, created_at, updated_at)
                        VALUES (:id, 1, :enabled, :definition, now(), now()) ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", id)
                .setParameter("enabled", enabled)
                .setParameter("definition", definition)
                .executeUpdate()).map(inserted -> inserted > 0);
    }

    /** The runbook, locked for the rest of the transaction (versions are numbered under this lock). */
    public Uni<Runbook> findForUpdate(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<Runbook>> listByIdOrder() {
        return listAll(Sort.by("id"));
    }

    /** The enabled runbooks with the author of their current version (selection prefers a person's runbook). */
    public Uni<List<Authored>> enabledWithAuthor() {
        return Panache.getSession().chain(session -> session.createSelectionQuery("""
                        select r, v.createdBy from Runbook r, RunbookVersion v
                        where v.runbookId = r.id and v.version = r.currentVersion
                          and r.enabled = true and r.currentVersion > 0
                        order by r.id""", Object[].class)
                .getResultList()).map(rows -> rows.stream()
                .map(row -> new Authored((Runbook) row[0], (String) row[1])).toList());
    }

    public Uni<RunbookVersion> version(String id, int version) {
        return RunbookVersion.findById(new RunbookVersion.Key(id, version));
    }

    /** Every runbook's metadata in one query, by runbook id; a runbook that never ran is absent. */
    public Uni<Map<String, RunbookStats>> stats() {
        return pool.preparedQuery(STATS + " GROUP BY runbook_id")
                .execute(Tuple.tuple().addArrayOfString(BLAMED_FAILURES))
                .map(RunbookRepository::byRunbook);
    }

    /** One runbook's metadata. */
    public Uni<RunbookStats> stats(String id) {
        return pool.preparedQuery(STATS + " AND runbook_id = $2 GROUP BY runbook_id")
                .execute(Tuple.tuple().addArrayOfString(BLAMED_FAILURES).addString(id))
                .map(rows -> byRunbook(rows).getOrDefault(id, RunbookStats.NONE));
    }

    private static Map<String, RunbookStats> byRunbook(RowSet<Row> rows) {
        Map<String, RunbookStats> stats = new HashMap<>();
        for (Row row : rows) {
            OffsetDateTime lastUsed = row.getOffsetDateTime("last_used_at");
            stats.put(row.getString("runbook_id"), RunbookStats.of(row.getLong("executions"), row.getLong("succeeded"),
                    row.getLong("blamed"), lastUsed == null ? null : lastUsed.toInstant(), row.getDouble("recovery_seconds")));
        }
        return stats;
    }
}
