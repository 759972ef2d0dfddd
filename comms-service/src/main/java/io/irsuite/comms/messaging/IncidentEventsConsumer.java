package io.irsuite.comms.messaging;

import io.irsuite.comms.service.DeliveryService;
import io.irsuite.comms.service.IncidentEventHandler;
import io.irsuite.events.EventEnvelope;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.work.GroupCommit;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes every incident event from comms' queue (the timeline records every type, so none is
 * skipped unread). What the channel's copies receive while a batch is being applied forms the next
 * batch, applied in one transaction ({@link GroupCommit}); each message is acknowledged after its
 * batch committed. A failure nacks the message (modified-failed), so the broker redelivers it and
 * dead-letters it after its bounded attempts.
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    static final String CHANNEL = "incident-events";
    /** Events per transaction at most (the channel's copies bound how many are in flight). */
    static final int MAX_BATCH = 64;

    private final EnvelopeConsumer envelopes;
    private final GroupCommit<EventEnvelope> batches;

    public IncidentEventsConsumer(EnvelopeConsumer envelopes, IncidentEventHandler handler,
                                  DeliveryService deliveries, Vertx vertx) {
        this.envelopes = envelopes;
        this.batches = new GroupCommit<>("applying incident events", vertx, MAX_BATCH,
                batch -> handler.handleAll(batch).invoke(queued -> {
                    if (queued > 0) {
                        // after the commit, so the sender finds the new deliveries
                        deliveries.kick();
                    }
                }).replaceWithVoid());
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata amqp) {
        return envelopes.consume(CHANNEL, body, amqp, batches::submit);
    }
}
