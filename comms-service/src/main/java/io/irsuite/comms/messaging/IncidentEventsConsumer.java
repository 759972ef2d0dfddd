package io.irsuite.comms.messaging;

import io.irsuite.comms.service.DeliveryService;
import io.irsuite.comms.service.EventProcessor;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes every incident event from comms' queue. A failure nacks the message (modified-failed),
 * so the broker redelivers it and dead-letters it after its bounded attempts.
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    static final String CHANNEL = "incident-events";

    private final EnvelopeConsumer envelopes;
    private final EventProcessor processor;
    private final DeliveryService deliveries;

    public IncidentEventsConsumer(EnvelopeConsumer envelopes, EventProcessor processor, DeliveryService deliveries) {
        this.envelopes = envelopes;
        this.processor = processor;
        this.deliveries = deliveries;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return envelopes.consume(CHANNEL, message, env -> processor.process(env)
                .invoke(outcome -> {
                    if (outcome.duplicate()) {
                        Log.debugf("event %s (%s) already processed, skipped", env.eventId(), env.type());
                    } else if (outcome.deliveriesQueued() > 0) {
                        deliveries.kick();
                    }
                }));
    }
}
