package io.irsuite.remediation.messaging;

import io.irsuite.events.Addresses;
import io.irsuite.remediation.config.IrConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Publishes outbox rows to the broker: right after each commit ({@link #kick()}) and on a sweep.
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a 30 s claim, so replicas never send the
 * same row at once; a row is marked published only after the broker settled it (at-least-once).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String CLAIM = """
            UPDATE outbox_event SET claimed_until = now() + interval '30 seconds'
            WHERE event_id IN (SELECT event_id FROM outbox_event
                               WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                               ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING event_id, address, type, body, created_at""";
    private static final String PUBLISHED = "UPDATE outbox_event SET published_at = now(), claimed_until = NULL WHERE event_id = $1";
    private static final String RELEASE = "UPDATE outbox_event SET claimed_until = NULL WHERE event_id = ANY($1)";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private record Pending(UUID eventId, String address, String type, String body, OffsetDateTime createdAt) {
    }

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;

    public OutboxRelay(Pool pool, @Channel("incident-events-out") MutinyEmitter<String> emitter, IrConfig config) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = config.outbox().batchSize();
    }

    /** Publish now, in the background; the sweep catches whatever this misses. */
    public void kick() {
        publishPending().subscribe().with(
                sent -> {
                },
                failure -> Log.warnf("outbox: publishing after commit failed (the sweep retries): %s", failure.getMessage()));
    }

    @Scheduled(every = "${ir.outbox.sweep-interval:2s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return publishPending()
                .onFailure().invoke(failure -> Log.warnf("outbox: sweep failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Claims and sends one batch of pending events in creation order; the number sent. */
    public Uni<Integer> publishPending() {
        return relaxed(CLAIM, Tuple.of(batchSize)).chain(rows -> {
            List<Pending> pending = new ArrayList<>();
            for (Row row : rows) {
                pending.add(new Pending(row.getUUID("event_id"), row.getString("address"), row.getString("type"),
                        row.getString("body"), row.getOffsetDateTime("created_at")));
            }
            pending.sort(Comparator.comparing(Pending::createdAt));
            return sendFrom(pending, 0);
        });
    }

    private Uni<Integer> sendFrom(List<Pending> pending, int index) {
        if (index == pending.size()) {
            return Uni.createFrom().item(index);
        }
        Pending event = pending.get(index);
        return send(event)
                .chain(() -> relaxed(PUBLISHED, Tuple.of(event.eventId())))
                .chain(() -> sendFrom(pending, index + 1))
                .onFailure().call(failure -> {
                    Log.warnf("outbox: event %s (%s) not published: %s", event.eventId(), event.type(), failure.getMessage());
                    UUID[] unsent = pending.subList(index, pending.size()).stream().map(Pending::eventId).toArray(UUID[]::new);
                    return relaxed(RELEASE, Tuple.of(unsent)).onFailure().recoverWithNull();
                });
    }

    private Uni<Void> send(Pending event) {
        if (!Addresses.INCIDENT_EVENTS.equals(event.address())) {
            return Uni.createFrom().failure(new IllegalStateException("no channel for address " + event.address()));
        }
        OutgoingAmqpMetadata metadata = OutgoingAmqpMetadata.builder()
                .withDurable(true)
                .withMessageId(event.eventId().toString())
                .withSubject(event.type())
                .build();
        return emitter.sendMessage(Message.of(event.body()).addMetadata(metadata))
                .ifNoItem().after(SEND_TIMEOUT).fail();
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
