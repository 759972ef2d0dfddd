package io.irsuite.detection.repository;

import io.irsuite.detection.domain.CheckResult;
import io.irsuite.detection.domain.CheckRules;
import io.irsuite.detection.domain.Severity;
import io.irsuite.detection.domain.SyntheticCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code synthetic_check} and {@code check_result} rows. Times come from the database clock, the one every
 * replica shares.
 */
@ApplicationScoped
public class CheckRepository {

    /** A stored check and whether the put created it. */
    public record Put(SyntheticCheck check, boolean created) {
    }

    /** A probe one replica claimed: the check as configured when claimed, and the database time. */
    public record Claim(SyntheticCheck check, Instant at) {
    }

    private final Pool pool;

    public CheckRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Creates or replaces; either way the check is due at once. A replacement keeps its run of failures
     * and its alert, which the next passing probe resolves.
     */
    public Uni<Put> put(String name, CheckRules.Definition d) {
        Tuple args = Tuple.tuple().addString(name).addString(d.service()).addString(d.url()).addString(d.method())
                .addInteger(d.expectedStatus()).addInteger(d.intervalSeconds()).addInteger(d.timeoutSeconds())
                .addInteger(d.failuresBeforeAlert()).addString(d.severity().name());
        return pool.preparedQuery("""
                        INSERT INTO synthetic_check AS c (name, service, url, method, expected_status, interval_seconds,
                                                          timeout_seconds, failures_before_alert, severity,
                                                          config_version, next_run_at, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, now(), now(), now())
                        ON CONFLICT (name) DO UPDATE SET service = EXCLUDED.service, url = EXCLUDED.url,
                            method = EXCLUDED.method, expected_status = EXCLUDED.expected_status,
                            interval_seconds = EXCLUDED.interval_seconds, timeout_seconds = EXCLUDED.timeout_seconds,
                            failures_before_alert = EXCLUDED.failures_before_alert, severity = EXCLUDED.severity,
                            config_version = c.config_version + 1, next_run_at = now(), updated_at = now()
                        RETURNING c.*, (xmax = 0) AS created""")
                .execute(args)
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Put(check(r), r.getBoolean("created"));
                });
    }

    public Uni<SyntheticCheck> find(String name) {
        return pool.preparedQuery("SELECT * FROM synthetic_check WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : check(rows.iterator().next()));
    }

    public Uni<List<SyntheticCheck>> list() {
        return pool.query("SELECT * FROM synthetic_check ORDER BY name").execute()
                .map(rows -> {
                    List<SyntheticCheck> out = new ArrayList<>();
                    rows.forEach(r -> out.add(check(r)));
                    return out;
                });
    }

    /** The check's kept results, newest first. */
    public Uni<List<CheckResult>> results(String name) {
        return pool.preparedQuery("SELECT * FROM check_result WHERE check_name = $1 ORDER BY id DESC")
                .execute(Tuple.of(name))
                .map(rows -> {
                    List<CheckResult> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new CheckResult(Times.instant(r, "started_at"), r.getBoolean("passed"),
                                r.getInteger("status"), r.getInteger("duration_ms"), r.getString("error")));
                    }
                    return out;
                });
    }

    /** Deletes it (its results go with it); the deleted row, or null. */
    public Uni<SyntheticCheck> delete(SqlClient conn, String name) {
        return conn.preparedQuery("DELETE FROM synthetic_check WHERE name = $1 RETURNING *").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : check(rows.iterator().next()));
    }

    /**
     * Claims up to {@code limit} due checks: each is next due one interval from now, so across replicas a
     * due check is claimed (and probed) once per interval; rows another replica holds are skipped.
     */
    public Uni<List<Claim>> claimDue(int limit) {
        return pool.preparedQuery("""
                        UPDATE synthetic_check c SET next_run_at = now() + make_interval(secs => c.interval_seconds)
                        WHERE c.name IN (SELECT name FROM synthetic_check WHERE next_run_at <= now()
                                         ORDER BY next_run_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                          AND c.next_run_at <= now()
                        RETURNING c.*, now() AS now""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Claim> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Claim(check(r), Times.instant(r, "now")));
                    }
                    return out;
                });
    }

    /** The check locked for recording a result of {@code configVersion}; null if deleted or replaced since. */
    public Uni<SyntheticCheck> lockForResult(SqlClient conn, String name, int configVersion) {
        return conn.preparedQuery("SELECT * FROM synthetic_check WHERE name = $1 AND config_version = $2 FOR UPDATE")
                .execute(Tuple.of(name, configVersion))
                .map(rows -> rows.size() == 0 ? null : check(rows.iterator().next()));
    }

    /** Stores the result and the check's new counters, and prunes results beyond the newest {@code keep}. */
    public Uni<Void> record(SqlClient conn, String name, CheckResult r, int consecutiveFailures, boolean alerting,
                            Instant failingSince, int keep) {
        Tuple result = Tuple.tuple().addString(name).addOffsetDateTime(Times.odt(r.at()))
                .addInteger((int) Math.min(Integer.MAX_VALUE, r.durationMs())).addBoolean(r.passed())
                .addInteger(r.status()).addString(r.error());
        Tuple counters = Tuple.tuple().addString(name).addOffsetDateTime(Times.odt(r.at()))
                .addInteger(consecutiveFailures).addBoolean(alerting).addOffsetDateTime(Times.odt(failingSince));
        return conn.preparedQuery("""
                        INSERT INTO check_result (check_name, started_at, duration_ms, passed, status, error)
                        VALUES ($1, $2, $3, $4, $5, $6)""").execute(result)
                .chain(() -> conn.preparedQuery("""
                        UPDATE synthetic_check SET last_run_at = $2, consecutive_failures = $3, alerting = $4,
                            failing_since = $5
                        WHERE name = $1""").execute(counters))
                .chain(() -> conn.preparedQuery("""
                        DELETE FROM check_result WHERE check_name = $1 AND id <= (
                            SELECT id FROM check_result WHERE check_name = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)""")
                        .execute(Tuple.of(name, keep)))
                .replaceWithVoid();
    }

    private static SyntheticCheck check(Row r) {
        return new SyntheticCheck(r.getString("name"), r.getString("service"), r.getString("url"),
                r.getString("method"), r.getInteger("expected_status"), r.getInteger("interval_seconds"),
                r.getInteger("timeout_seconds"), r.getInteger("failures_before_alert"),
                Severity.valueOf(r.getString("severity")), r.getInteger("config_version"),
                Times.instant(r, "next_run_at"), Times.instant(r, "last_run_at"),
                r.getInteger("consecutive_failures"), Times.instant(r, "failing_since"), r.getBoolean("alerting"),
                Times.instant(r, "created_at"), Times.instant(r, "updated_at"));
    }
}
