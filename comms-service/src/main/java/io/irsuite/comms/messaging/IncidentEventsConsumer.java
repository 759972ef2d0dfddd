package io.irsuite.comms.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.service.DeliveryService;
import io.irsuite.comms.service.EventProcessor;
import io.irsuite.events.EventEnvelope;
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

    private final ObjectMapper mapper;
    private final EventProcessor processor;
    private final DeliveryService deliveries;
    private final MessageFailures failures;

    public IncidentEventsConsumer(ObjectMapper mapper, EventProcessor processor, DeliveryService deliveries,
                                  MessageFailures failures) {
        this.mapper = mapper;
        this.processor = processor;
        this.deliveries = deliveries;
        this.failures = failures;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        int deliveryCount = MessageFailures.deliveryCount(message);
        EventEnvelope env;
        try {
            env = mapper.readValue(message.getPayload(), EventEnvelope.class);
            if (env.eventId() == null || env.type() == null) {
                throw new IllegalArgumentException("envelope without eventId or type");
            }
        } catch (Exception e) {
            Log.errorf("unparseable message on %s (delivery %d): %s", CHANNEL, deliveryCount, e.getMessage());
            failures.count(CHANNEL);
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return processor.process(env)
                .invoke(outcome -> {
                    if (outcome.duplicate()) {
                        Log.debugf("event %s (%s) already processed, skipped", env.eventId(), env.type());
                    } else if (outcome.deliveriesQueued() > 0) {
                        deliveries.kick();
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf(e, "event %s (%s) failed on delivery %d: %s", env.eventId(), env.type(), deliveryCount,
                            e.getMessage());
                    failures.count(CHANNEL);
                    return Uni.createFrom().completionStage(message.nack(e));
                });
    }
}
