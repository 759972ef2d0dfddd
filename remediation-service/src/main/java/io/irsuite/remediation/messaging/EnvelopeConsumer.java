package io.irsuite.remediation.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.irsuite.remediation.service.RemediationMetrics;
import io.irsuite.remediation.service.VertxContexts;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * What every consumer of remediation does with a message: parse the {@link EventEnvelope} and run
 * the effect on a safe Vert.x context; on any failure log it with the attempt, count it in
 * {@code ir_messages_failed_total{channel}} and fail, so the message is nacked (modified-failed),
 * redelivered, and dead-lettered by the broker after its bounded deliveries.
 */
@ApplicationScoped
public class EnvelopeConsumer {

    private final ObjectMapper mapper;
    private final VertxContexts contexts;
    private final RemediationMetrics metrics;

    public EnvelopeConsumer(ObjectMapper mapper, VertxContexts contexts, RemediationMetrics metrics) {
        this.mapper = mapper;
        this.contexts = contexts;
        this.metrics = metrics;
    }

    public Uni<Void> consume(String channel, String body, IncomingAmqpMetadata metadata,
                             Function<EventEnvelope, Uni<?>> effect) {
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(body, EventEnvelope.class);
        } catch (Exception e) {
            Log.errorf("%s: unparseable message (attempt %d) will be dead-lettered after its retries: %s",
                    channel, metadata.getDeliveryCount() + 1, e.getMessage());
            metrics.messageFailed(channel);
            return Uni.createFrom().failure(e);
        }
        return contexts.onSafeContext(() -> effect.apply(envelope).replaceWithVoid())
                .onFailure().invoke(failure -> {
                    Log.warnf("%s: event %s (%s) failed on attempt %d (redelivered, then dead-lettered): %s", channel,
                            envelope.eventId(), envelope.type(), metadata.getDeliveryCount() + 1, failure.getMessage());
                    metrics.messageFailed(channel);
                })
                .replaceWithVoid();
    }
}
