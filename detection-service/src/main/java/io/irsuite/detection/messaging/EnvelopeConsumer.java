package io.irsuite.detection.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.service.DetectionMetrics;
import io.irsuite.events.EventEnvelope;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * What every envelope consumer of detection does with a message: read the {@link EventEnvelope}
 * (refusing one without id or type) and run the effect; on any failure log it with the delivery
 * count, count it in {@code ir_messages_failed_total{channel}} and fail, so the message is nacked
 * (modified-failed), redelivered, and dead-lettered by the broker after its bounded deliveries.
 */
@ApplicationScoped
public class EnvelopeConsumer {

    private final ObjectMapper mapper;
    private final DetectionMetrics metrics;

    public EnvelopeConsumer(ObjectMapper mapper, DetectionMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    public Uni<Void> consume(String channel, String body, IncomingAmqpMetadata amqp,
                             Function<EventEnvelope, Uni<?>> effect) {
        EventEnvelope envelope;
        try {
            envelope = parse(body);
        } catch (IllegalArgumentException e) {
            Log.errorf("unreadable message on %s (delivery %d): %s", channel, amqp.getDeliveryCount(), e.getMessage());
            metrics.messageFailed(channel);
            return Uni.createFrom().failure(e);
        }
        return effect.apply(envelope)
                .onFailure().invoke(e -> {
                    Log.warnf("processing %s %s failed (delivery %d): %s", envelope.type(), envelope.eventId(),
                            amqp.getDeliveryCount(), e.getMessage());
                    metrics.messageFailed(channel);
                })
                .replaceWithVoid();
    }

    private EventEnvelope parse(String body) {
        if (body == null) {
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
