package io.irsuite.comms.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.function.Function;

/**
 * What every consumer of comms does with a message: parse the {@link EventEnvelope}, run the
 * effect, ack; on any failure log it with the delivery count, count it in
 * {@code ir_messages_failed_total{channel}} and nack, so the broker redelivers the message and
 * dead-letters it after its bounded deliveries.
 */
@ApplicationScoped
public class EnvelopeConsumer {

    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    public EnvelopeConsumer(ObjectMapper mapper, MeterRegistry registry) {
        this.mapper = mapper;
        this.registry = registry;
    }

    public Uni<Void> consume(String channel, Message<String> message, Function<EventEnvelope, Uni<?>> effect) {
        int deliveryCount = message.getMetadata(IncomingAmqpMetadata.class)
                .map(IncomingAmqpMetadata::getDeliveryCount).orElse(0);
        EventEnvelope env;
        try {
            env = mapper.readValue(message.getPayload(), EventEnvelope.class);
            if (env.eventId() == null || env.type() == null) {
                throw new IllegalArgumentException("envelope without eventId or type");
            }
        } catch (Exception e) {
            Log.errorf("unparseable message on %s (delivery %d): %s", channel, deliveryCount, e.getMessage());
            count(channel);
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return effect.apply(env)
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf(e, "%s event %s (%s) failed on delivery %d: %s", channel, env.eventId(), env.type(),
                            deliveryCount, e.getMessage());
                    count(channel);
                    return Uni.createFrom().completionStage(message.nack(e));
                });
    }

    private void count(String channel) {
        registry.counter("ir_messages_failed_total", "channel", channel).increment();
    }
}
