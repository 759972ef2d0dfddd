package io.irsuite.detection.repository;

import io.irsuite.detection.domain.Heartbeat;
import io.irsuite.detection.domain.HeartbeatRules;
import io.irsuite.detection.domain.Severity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code heartbeat} rows. Times come from the database clock, the one every replica shares. A state
 * change and the alert it raises are written by the caller in one transaction ({@code conn}).
 */
@ApplicationScoped
public class HeartbeatRepository {

    /** A stored heartbeat and whether the put created it. */
    public record Put(Heartbeat heartbeat, boolean created) {
    }

    /** A heartbeat after a ping, with its state before it. */
    public record Ping(Heartbeat heartbeat, Heartbeat.State previous) {
    }

    /** A heartbeat that just missed, with the database time it was noticed. */
    public record Missed(Heartbeat heartbeat, Instant now) {
    }

    private final Pool pool;

    public HeartbeatRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Creates or replaces. A replacement keeps the state and the last ping; its deadline is measured from
     * the last ping, or from now if it was never pinged.
     */
    public Uni<Put> put(String name, HeartbeatRules.Definition d) {
        return pool.preparedQuery("""
                        INSERT INTO heartbeat AS h (name, service, interval_seconds, grace_seconds, severity, state,
                                                    deadline, created_at, updated_at)
                        VALUES ($1, $2, $3::int, $4::int, $5, 'new', now() + make_interval(secs => $3::int + $4::int), now(), now())
                        ON CONFLICT (name) DO UPDATE SET service = EXCLUDED.service,
                            interval_seconds = EXCLUDED.interval_seconds, grace_seconds = EXCLUDED.grace_seconds,
                            severity = EXCLUDED.severity, updated_at = now(),
                            deadline = COALESCE(h.last_ping_at, now())
                                       + make_interval(secs => EXCLUDED.interval_seconds + EXCLUDED.grace_seconds)
                        RETURNING h.*, (xmax = 0) AS created""")
                .execute(Tuple.of(name, d.service(), d.intervalSeconds(), d.graceSeconds(), d.severity().name()))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Put(heartbeat(r), r.getBoolean("created"));
                });
    }

    public Uni<Heartbeat> find(String name) {
        return pool.preparedQuery("SELECT * FROM heartbeat WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : heartbeat(rows.iterator().next()));
    }

    public Uni<List<Heartbeat>> list() {
        return pool.query("SELECT * FROM heartbeat ORDER BY name").execute().map(HeartbeatRepository::heartbeats);
    }

    /** Which of {@code names} exist. */
    public Uni<List<String>> existing(List<String> names) {
        return pool.preparedQuery("SELECT name FROM heartbeat WHERE name = ANY($1)")
                .execute(Tuple.of(names.toArray(String[]::new)))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("name")));
                    return out;
                });
    }

    /** Deletes it; the deleted row, or null. */
    public Uni<Heartbeat> delete(SqlClient conn, String name) {
        return conn.preparedQuery("DELETE FROM heartbeat WHERE name = $1 RETURNING *").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : heartbeat(rows.iterator().next()));
    }

    /** Records a ping: state ok, the deadline one interval plus grace from now; null if unknown. */
    public Uni<Ping> ping(SqlClient conn, String name) {
        // the sub-select locks the row first, so that the state it reads is the one this ping replaces
        return conn.preparedQuery("""
                        UPDATE heartbeat h SET state = 'ok', last_ping_at = now(), ping_count = h.ping_count + 1,
                            missed_at = NULL, deadline = now() + make_interval(secs => h.interval_seconds + h.grace_seconds)
                        FROM (SELECT name, state FROM heartbeat WHERE name = $1 FOR UPDATE) old
                        WHERE h.name = old.name
                        RETURNING h.*, old.state AS previous_state""")
                .execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Ping(heartbeat(r), Heartbeat.State.fromWire(r.getString("previous_state")));
                });
    }

    /**
     * Marks up to {@code limit} heartbeats past their deadline as missed. Rows another replica holds are
     * skipped and a missed row is never taken again, so each miss is marked once across replicas.
     */
    public Uni<List<Missed>> markMissed(SqlClient conn, int limit) {
        return conn.preparedQuery("""
                        UPDATE heartbeat h SET state = 'missed', missed_at = now()
                        WHERE h.name IN (SELECT name FROM heartbeat WHERE state <> 'missed' AND deadline <= now()
                                         ORDER BY deadline LIMIT $1 FOR UPDATE SKIP LOCKED)
                          AND h.state <> 'missed'
                        RETURNING h.*, now() AS now""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Missed> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Missed(heartbeat(r), Times.instant(r, "now")));
                    }
                    return out;
                });
    }

    private static List<Heartbeat> heartbeats(RowSet<Row> rows) {
        List<Heartbeat> out = new ArrayList<>();
        rows.forEach(r -> out.add(heartbeat(r)));
        return out;
    }

    private static Heartbeat heartbeat(Row r) {
        return new Heartbeat(r.getString("name"), r.getString("service"), r.getInteger("interval_seconds"),
                r.getInteger("grace_seconds"), Severity.valueOf(r.getString("severity")),
                Heartbeat.State.fromWire(r.getString("state")), Times.instant(r, "last_ping_at"),
                r.getLong("ping_count"), Times.instant(r, "deadline"), Times.instant(r, "missed_at"),
                Times.instant(r, "created_at"), Times.instant(r, "updated_at"));
    }
}
