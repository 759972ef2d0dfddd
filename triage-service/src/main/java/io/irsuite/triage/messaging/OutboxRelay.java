package io.irsuite.triage.messaging;

import io.irsuite.events.Addresses;
import io.irsuite.triage.config.IrConfig;
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

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes outbox rows: claims a batch (so that replicas never send the same row at once), sends
 * each on its address and waits for the broker to settle it, then marks it published. At least
 * once: a crash between send and mark sends the row again, and consumers deduplicate by event id.
 * Claims and marks commit without waiting for the WAL flush ({@code synchronous_commit = off}): losing
 * one in a crash only means sending the row again, so the publish path never waits on the disk.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String CLAIM = """
            UPDATE outbox_event SET claimed_until = now() + interval '30 seconds'
            WHERE event_id IN (
                SELECT event_id FROM outbox_event
                WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING event_id, address, type, body, created_at""";
    private static final String MARK_PUBLISHED =
            "UPDATE outbox_event SET published_at = now(), claimed_until = NULL WHERE event_id = $1";
    private static final String RELEASE = "UPDATE outbox_event SET claimed_until = NULL WHERE event_id = $1";
    private static final String PRUNE =
            "DELETE FROM outbox_event WHERE published_at IS NOT NULL AND published_at < now() - interval '7 days'";

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private record Pending(UUID eventId, String address, String type, String body, OffsetDateTime createdAt) {
    }

    private final Pool pool;
    private final MutinyEmitter<String> incidentEvents;
    private final MutinyEmitter<String> catalogEvents;
    private final int batchSize;

    public OutboxRelay(Pool pool,
                       @Channel("incident-events-out") MutinyEmitter<String> incidentEvents,
                       @Channel("catalog-events-out") MutinyEmitter<String> catalogEvents,
                       IrConfig config) {
        this.pool = pool;
        this.incidentEvents = incidentEvents;
        this.catalogEvents = catalogEvents;
        this.batchSize = config.outbox().batchSize();
    }

    /** Publishes what is pending without waiting for it; called right after a commit. */
    public void kick() {
        publishPending().subscribe().with(
                sent -> Log.debugf("outbox relay sent %d event(s)", sent),
                failure -> Log.warnf("outbox relay run failed (the sweep retries): %s", failure.getMessage()));
    }

    /** The safety net: whatever a kick missed (crash, broker down) goes out on the next sweep. */
    @Scheduled(every = "${ir.outbox.sweep-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return publishPending()
                .onFailure().invoke(f -> Log.warnf("outbox sweep failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        return pool.query(PRUNE).execute().replaceWithVoid()
                .onFailure().invoke(f -> Log.warnf("outbox prune failed: %s", f.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Claims and sends one batch; the number of events the broker accepted. */
    public Uni<Integer> publishPending() {
        AtomicInteger sent = new AtomicInteger();
        return relaxed(CLAIM, Tuple.of(batchSize))
                .map(rows -> {
                    List<Pending> pending = new ArrayList<>();
                    for (Row row : rows) {
                        pending.add(new Pending(row.getUUID("event_id"), row.getString("address"),
                                row.getString("type"), row.getString("body"), row.getOffsetDateTime("created_at")));
                    }
                    pending.sort(Comparator.comparing(Pending::createdAt));
                    return pending;
                })
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(p -> send(p)
                        .chain(() -> relaxed(MARK_PUBLISHED, Tuple.of(p.eventId())))
                        .invoke(() -> sent.incrementAndGet())
                        .replaceWithVoid()
                        .onFailure().call(f -> {
                            Log.warnf("could not publish %s %s to %s: %s", p.type(), p.eventId(), p.address(), f.getMessage());
                            return relaxed(RELEASE, Tuple.of(p.eventId())).replaceWithVoid()
                                    .onFailure().recoverWithNull();
                        })
                        .onFailure().recoverWithNull())
                .collect().last()
                .map(ignored -> sent.get());
    }

    /** One statement in a transaction that does not wait for the WAL flush. */
    private Uni<RowSet<Row>> relaxed(String sql, Tuple args) {
        return pool.withTransaction(conn -> conn.query("SET LOCAL synchronous_commit TO OFF").execute()
                .chain(() -> conn.preparedQuery(sql).execute(args)));
    }

    private Uni<Void> send(Pending p) {
        MutinyEmitter<String> emitter = Addresses.CATALOG_EVENTS.equals(p.address()) ? catalogEvents : incidentEvents;
        OutgoingAmqpMetadata metadata = OutgoingAmqpMetadata.builder()
                .withDurable(true)
                .withMessageId(p.eventId().toString())
                .withSubject(p.type())
                .build();
        // A broker that never settles must not stall the relay: the row is released and retried.
        return emitter.sendMessage(Message.of(p.body()).addMetadata(metadata))
                .ifNoItem().after(SEND_TIMEOUT).fail();
    }
}
