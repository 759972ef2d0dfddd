package io.irsuite.detection.messaging;

import io.irsuite.events.Addresses;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
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

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Publishes outbox rows: right after each commit ({@link #kick()}) for latency, and on a sweep as
 * the safety net. Rows are claimed with SKIP LOCKED so that replicas never send one row twice at
 * the same time; a send that fails releases its claim for the next sweep.
 */
@ApplicationScoped
public class OutboxRelay {

    private record Pending(UUID eventId, String address, String type, String body, OffsetDateTime createdAt) {
    }

    private static final String CLAIM = """
            UPDATE outbox_event SET claimed_until = now() + interval '30 seconds'
            WHERE event_id IN (
                SELECT event_id FROM outbox_event
                WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY created_at LIMIT 100
                FOR UPDATE SKIP LOCKED)
            RETURNING event_id, address, type, body, created_at""";

    private final Pool pool;
    private final MutinyEmitter<String> incidentEvents;

    public OutboxRelay(Pool pool, @Channel("incident-events-out") MutinyEmitter<String> incidentEvents) {
        this.pool = pool;
        this.incidentEvents = incidentEvents;
    }

    /** Fire and forget after a commit; failures are logged and left to the sweep. */
    public void kick() {
        publishPending().subscribe().with(
                n -> { },
                e -> Log.warnf("outbox publish after commit failed, the sweep will retry: %s", e.getMessage()));
    }

    @Scheduled(every = "${ir.outbox.sweep-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return publishPending()
                .onFailure().invoke(e -> Log.warnf("outbox sweep failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Claims and sends up to 100 pending events in creation order; returns how many were published. */
    public Uni<Integer> publishPending() {
        return relaxed(CLAIM, Tuple.tuple())
                .map(rows -> {
                    List<Pending> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new Pending(r.getUUID("event_id"), r.getString("address"), r.getString("type"),
                                r.getString("body"), r.getOffsetDateTime("created_at")));
                    }
                    list.sort(Comparator.comparing(Pending::createdAt));
                    return list;
                })
                .chain(list -> list.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(list)
                                .onItem().transformToUniAndConcatenate(this::publish)
                                .collect().asList()
                                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count()));
    }

    private Uni<Boolean> publish(Pending p) {
        if (!Addresses.INCIDENT_EVENTS.equals(p.address())) {
            Log.errorf("outbox event %s names unknown address %s; left unpublished", p.eventId(), p.address());
            return Uni.createFrom().item(false);
        }
        Message<String> message = Message.of(p.body()).addMetadata(OutgoingAmqpMetadata.builder()
                .withMessageId(p.eventId().toString())
                .withSubject(p.type())
                .withDurable(true)
                .build());
        return incidentEvents.sendMessage(message)
                .chain(() -> relaxed("UPDATE outbox_event SET published_at = now() WHERE event_id = $1",
                        Tuple.of(p.eventId())))
                .invoke(() -> Log.debugf("published %s %s", p.type(), p.eventId()))
                .replaceWith(true)
                .onFailure().call(e -> {
                    Log.warnf("publishing %s %s failed: %s", p.type(), p.eventId(), e.getMessage());
                    return relaxed("UPDATE outbox_event SET claimed_until = NULL WHERE event_id = $1",
                            Tuple.of(p.eventId()));
                })
                .onFailure().recoverWithItem(false);
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
