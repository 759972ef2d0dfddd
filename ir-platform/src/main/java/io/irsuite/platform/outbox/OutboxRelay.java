package io.irsuite.platform.outbox;

import io.irsuite.events.Subscriptions;
import io.irsuite.platform.config.PlatformConfig;
import io.irsuite.platform.work.CoalescingWorker;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

/**
 * Publishes outbox rows on channel {@code outbox} (each message to the address its row names):
 * right after each commit ({@link #kick()}) for latency, and on a sweep as the safety net.
 * <ul>
 * <li>At least once: a row is marked published only after the broker settled it; consumers deduplicate.</li>
 * <li>Replicas: rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a claim timeout.</li>
 * <li>Order per incident: a row is claimed only when every earlier unpublished row of its incident is in
 *     the same claim, and a claim is sent in {@code seq} order on one link; each message carries its
 *     incident id as AMQP {@code group-id}, so the broker hands one incident's events to one consumer
 *     of a queue at a time, in order, while replicas compete.</li>
 * <li>Claims and marks commit without waiting for the WAL flush: losing one in a crash only sends a row
 *     again, so the publish path never waits on the disk (the transaction that wrote the row did).</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String CLAIM = """
            WITH candidate AS (
                SELECT event_id, incident_id, seq FROM outbox_event
                WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY seq LIMIT $1
                FOR UPDATE SKIP LOCKED),
            ready AS (
                SELECT c.event_id FROM candidate c
                WHERE c.incident_id IS NULL OR NOT EXISTS (
                    SELECT 1 FROM outbox_event e
                    WHERE e.incident_id = c.incident_id AND e.published_at IS NULL AND e.seq < c.seq
                      AND e.event_id NOT IN (SELECT event_id FROM candidate)))
            UPDATE outbox_event o SET claimed_until = now() + $2 * interval '1 millisecond'
            FROM ready WHERE o.event_id = ready.event_id
            RETURNING o.event_id, o.address, o.type, o.incident_id, o.body, o.seq""";
    private static final String MARK_PUBLISHED =
            "UPDATE outbox_event SET published_at = now(), claimed_until = NULL WHERE event_id = ANY($1)";
    private static final String RELEASE = "UPDATE outbox_event SET claimed_until = NULL WHERE event_id = ANY($1)";

    /** Incidents whose events are in flight at once on the one link. */
    private static final int WINDOW = 64;

    private record Pending(UUID eventId, String address, String type, UUID incidentId, String body, long seq) {
    }

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final long claimTimeout;
    private final Duration sendTimeout;
    private final CoalescingWorker worker;

    public OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> emitter, PlatformConfig config,
                       Vertx vertx) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = config.outbox().batchSize();
        this.claimTimeout = config.outbox().claimTimeout().toMillis();
        this.sendTimeout = config.outbox().sendTimeout();
        this.worker = new CoalescingWorker("publishing the outbox", vertx, batchSize, this::publishPending, sent -> {
        });
    }

    /**
     * Publishes what is pending without waiting for it; call it right after a commit that wrote events.
     * Kicks during a run coalesce into one more run; a full batch runs again at once.
     */
    public void kick() {
        worker.kick();
    }

    /** The safety net: whatever a kick missed (crash, broker down, another replica's rows) goes out here. */
    @Scheduled(every = "${ir.outbox.sweep-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return publishPending()
                .onFailure().invoke(f -> Log.warnf("outbox sweep failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Claims one batch and sends it in order; the number of events the broker accepted. */
    public Uni<Integer> publishPending() {
        return relaxed(CLAIM, Tuple.of(batchSize, claimTimeout)).chain(rows -> {
            List<Pending> pending = new ArrayList<>();
            for (Row row : rows) {
                pending.add(new Pending(row.getUUID("event_id"), row.getString("address"), row.getString("type"),
                        row.getUUID("incident_id"), row.getString("body"), row.getLong("seq")));
            }
            if (pending.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            pending.sort((a, b) -> Long.compare(a.seq(), b.seq()));
            return send(pending);
        });
    }

    /**
     * Incidents go out side by side; one incident's events go one after the other, each only once the
     * broker settled the one before, and an incident stops at its first failure (the rest are released),
     * so a later event never overtakes an earlier one, even when a send fails.
     */
    private Uni<Integer> send(List<Pending> pending) {
        Map<Object, List<Pending>> chains = new LinkedHashMap<>();
        for (Pending p : pending) {
            chains.computeIfAbsent(p.incidentId() != null ? p.incidentId() : p.eventId(), k -> new ArrayList<>()).add(p);
        }
        List<UUID> sent = Collections.synchronizedList(new ArrayList<>());
        List<UUID> unsent = Collections.synchronizedList(new ArrayList<>());
        return Multi.createFrom().iterable(chains.values())
                .onItem().transformToUni(chain -> sendChain(chain, 0, sent, unsent))
                .merge(WINDOW)
                .collect().last()
                .chain(() -> sent.isEmpty() ? Uni.createFrom().voidItem()
                        : relaxed(MARK_PUBLISHED, Tuple.of(sent.toArray(UUID[]::new))).replaceWithVoid())
                .chain(() -> unsent.isEmpty() ? Uni.createFrom().voidItem()
                        : relaxed(RELEASE, Tuple.of(unsent.toArray(UUID[]::new))).replaceWithVoid())
                .map(ignored -> sent.size());
    }

    private Uni<Void> sendChain(List<Pending> chain, int index, List<UUID> sent, List<UUID> unsent) {
        if (index == chain.size()) {
            return Uni.createFrom().voidItem();
        }
        Pending p = chain.get(index);
        return send(p)
                .invoke(() -> sent.add(p.eventId()))
                .chain(() -> sendChain(chain, index + 1, sent, unsent))
                .onFailure().recoverWithUni(f -> {
                    Log.warnf("could not publish %s %s to %s (its incident's later events wait): %s", p.type(),
                            p.eventId(), p.address(), f.getMessage());
                    chain.subList(index, chain.size()).forEach(rest -> unsent.add(rest.eventId()));
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> send(Pending p) {
        OutgoingAmqpMetadata.OutgoingAmqpMetadataBuilder metadata = OutgoingAmqpMetadata.builder()
                .withAddress(p.address())
                .withDurable(true)
                .withMessageId(p.eventId().toString())
                .withSubject(p.type())
                .withApplicationProperties(new JsonObject().put(Subscriptions.TYPE_PROPERTY, p.type()));
        if (p.incidentId() != null) {
            metadata.withGroupId(p.incidentId().toString());
        }
        // a broker that never settles must not stall the relay: the row is released and retried
        return emitter.sendMessage(Message.of(p.body()).addMetadata(metadata.build()))
                .ifNoItem().after(sendTimeout).fail();
    }

    /** One statement in a transaction that does not wait for the WAL flush. */
    private Uni<RowSet<Row>> relaxed(String sql, Tuple args) {
        return pool.withTransaction(conn -> conn.query("SET LOCAL synchronous_commit TO OFF").execute()
                .chain(() -> conn.preparedQuery(sql).execute(args)));
    }
}
