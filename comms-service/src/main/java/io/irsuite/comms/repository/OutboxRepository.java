package io.irsuite.comms.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Set-based outbox access for the relay, on the reactive pool. */
@ApplicationScoped
public class OutboxRepository {

    /** An unpublished event claimed by this relay. */
    public record Pending(UUID eventId, String address, String type, String body) {
    }

    private static final String CLAIM = """
            UPDATE outbox_event SET claimed_until = now() + interval '30 seconds'
            WHERE event_id IN (SELECT event_id FROM outbox_event
                               WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                               ORDER BY created_at LIMIT 100
                               FOR UPDATE SKIP LOCKED)
            RETURNING event_id, address, type, body, created_at
            """;

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** Claims up to 100 unpublished events, oldest first. */
    public Uni<List<Pending>> claimPending() {
        return relaxed(CLAIM, Tuple.tuple()).map(rows -> {
            List<Row> sorted = new ArrayList<>();
            rows.forEach(sorted::add);
            sorted.sort(java.util.Comparator.comparing(r -> r.getOffsetDateTime("created_at")));
            return sorted.stream().map(r -> new Pending(r.getUUID("event_id"), r.getString("address"),
                    r.getString("type"), r.getString("body"))).toList();
        });
    }

    public Uni<Void> markPublished(UUID eventId) {
        return relaxed("UPDATE outbox_event SET published_at = now(), claimed_until = NULL WHERE event_id = $1",
                Tuple.of(eventId)).replaceWithVoid();
    }

    /**
     * One statement in a transaction that does not wait for the WAL flush: losing a claim or a mark in a
     * crash only means sending the row again (consumers deduplicate), so publishing never waits on the disk.
     */
    private Uni<RowSet<Row>> relaxed(String sql, Tuple args) {
        return pool.withTransaction(conn -> conn.query("SET LOCAL synchronous_commit TO OFF").execute()
                .chain(() -> conn.preparedQuery(sql).execute(args)));
    }
}
