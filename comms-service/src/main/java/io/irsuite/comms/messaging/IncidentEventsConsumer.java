package io.irsuite.comms.messaging;

import io.irsuite.comms.service.DeliveryService;
import io.irsuite.comms.service.IncidentEventHandler;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes every incident event from comms' queue (the timeline records every type, so none is
 * skipped unread). A failure nacks the message (modified-failed), so the broker redelivers it and
 * dead-letters it after its bounded attempts.
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    static final String CHANNEL = "incident-events";

    private final EnvelopeConsumer envelopes;
    private final IncidentEventHandler handler;
    private final DeliveryService deliveries;

    public IncidentEventsConsumer(EnvelopeConsumer envelopes, IncidentEventHandler handler,
                                  DeliveryService deliveries) {
        this.envelopes = envelopes;
        this.handler = handler;
        this.deliveries = deliveries;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata amqp) {
        return envelopes.consume(CHANNEL, body, amqp, env -> handler.handle(env)
                .invoke(outcome -> {
                    if (outcome.duplicate()) {
                        Log.debugf("event %s (%s) already processed, skipped", env.eventId(), env.type());
                    } else if (outcome.deliveriesQueued() > 0) {
                        // after the commit, so the sender finds the new deliveries
                        deliveries.kick();
                    }
                }));
    }
}
