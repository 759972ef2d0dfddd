package io.irsuite.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * What every envelope consumer does with a message: read the {@link EventEnvelope} (refusing one
 * without id or type) and run the effect; on any failure log it with the delivery count, count it in
 * {@code ir_messages_failed_total{channel}} and fail, so that the message is nacked (modified-failed),
 * redelivered, and dead-lettered by the broker after its bounded deliveries.
 */
@ApplicationScoped
public class EnvelopeConsumer {

    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    public EnvelopeConsumer(ObjectMapper mapper, MeterRegistry registry) {
        this.mapper = mapper;
        this.registry = registry;
    }

    public Uni<Void> consume(String channel, String body, IncomingAmqpMetadata amqp,
                             Function<EventEnvelope, Uni<?>> effect) {
        int delivery = amqp == null ? 0 : amqp.getDeliveryCount();
        EventEnvelope envelope;
        try {
            envelope = parse(body);
        } catch (IllegalArgumentException e) {
            Log.errorf("unreadable message on %s (delivery %d): %s", channel, delivery, e.getMessage());
            messageFailed(channel);
            return Uni.createFrom().failure(e);
        }
        Uni<?> work;
        try {
            work = effect.apply(envelope);
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        return work
                .onFailure().invoke(e -> {
                    Log.warnf("processing %s %s on %s failed (delivery %d): %s", envelope.type(), envelope.eventId(),
                            channel, delivery, e.getMessage());
                    messageFailed(channel);
                })
                .replaceWithVoid();
    }

    /** Counts a message of {@code channel} whose processing failed. */
    public void messageFailed(String channel) {
        registry.counter("ir.messages.failed", "channel", channel).increment();
    }

    /** The payload of {@code envelope} as its record; a payload that does not fit is an IllegalArgumentException. */
    public <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("payload of " + envelope.type() + " " + envelope.eventId()
                    + " is not a valid " + type.getSimpleName(), e);
        }
    }

    private EventEnvelope parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("empty message body");
        }
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(body, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event envelope: " + e.getOriginalMessage(), e);
        }
        if (envelope == null || envelope.eventId() == null || envelope.type() == null) {
            throw new IllegalArgumentException("event envelope without eventId or type");
        }
        return envelope;
    }
}
