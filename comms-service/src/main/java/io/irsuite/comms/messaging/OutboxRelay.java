package io.irsuite.comms.messaging;

import io.irsuite.comms.repository.OutboxRepository;
import io.irsuite.events.Addresses;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes outbox rows: right after the commit that wrote them (kick) and by a periodic sweep,
 * the safety net for crashes and broker outages.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxRepository outbox;
    private final MutinyEmitter<String> incidentEvents;

    public OutboxRelay(OutboxRepository outbox, @Channel("incident-events-out") MutinyEmitter<String> incidentEvents) {
        this.outbox = outbox;
        this.incidentEvents = incidentEvents;
    }

    /** Publishes what is pending; the Uni completes with how many events the broker settled. */
    public Uni<Integer> publishPending() {
        return Uni.createFrom().deferred(outbox::claimPending)
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> {
                    if (!Addresses.INCIDENT_EVENTS.equals(row.address())) {
                        Log.errorf("outbox event %s has unknown address %s; left unpublished", row.eventId(), row.address());
                        return Uni.createFrom().item(0);
                    }
                    return Uni.createFrom().deferred(() -> incidentEvents.send(row.body()))
                            .chain(() -> outbox.markPublished(row.eventId()))
                            .replaceWith(1)
                            .onFailure().recoverWithItem(e -> {
                                Log.warnf("outbox event %s (%s) not published yet: %s", row.eventId(), row.type(),
                                        e.getMessage());
                                return 0;
                            });
                })
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    /** Fire and forget after a commit; failures are logged and the sweep retries. */
    public void kick() {
        publishPending().subscribe().with(
                n -> {
                    if (n > 0) {
                        Log.debugf("published %d outbox events", n);
                    }
                },
                e -> Log.warnf("outbox relay failed: %s", e.getMessage()));
    }

    @Scheduled(every = "${ir.outbox.sweep-interval:2s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return publishPending().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("outbox sweep failed: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
