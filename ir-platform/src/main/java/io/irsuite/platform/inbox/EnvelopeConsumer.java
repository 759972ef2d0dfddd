package io.irsuite.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.irsuite.platform.config.PlatformConfig;
import io.irsuite.platform.problem.Unavailable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * What every envelope consumer does with a message: read the {@link EventEnvelope} (refusing one
 * without id or type) and run the effect; on any failure log it with the delivery count, count it in
 * {@code ir_messages_failed_total{channel}} and fail, so that the message is nacked (modified-failed),
 * redelivered, and dead-lettered by the broker after its bounded deliveries. A failure only because the
 * database is unavailable is retried in place first ({@link #whileDatabaseUnavailable}).
 */
@ApplicationScoped
public class EnvelopeConsumer {

    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Duration retryFor;

    public EnvelopeConsumer(ObjectMapper mapper, MeterRegistry registry, PlatformConfig config) {
        this.mapper = mapper;
        this.registry = registry;
        this.retryFor = config.outage().messageRetryFor();
    }

    /**
     * {@code work}, subscribed again (1 s, then up to 10 s apart) while it fails only because the database
     * is unavailable, for at most {@code ir.outage.message-retry-for}: the message stays unsettled meanwhile,
     * so a database outage neither spends its bounded deliveries nor sends it to the dead-letter queue.
     */
    public <T> Uni<T> whileDatabaseUnavailable(String channel, Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            // the back-off fires on a worker thread: each retry goes back to the message's Vert.x context
            Context context = Vertx.currentContext();
            AtomicBoolean first = new AtomicBoolean(true);
            return work
                    .runSubscriptionOn(task -> {
                        if (context == null || first.getAndSet(false)) {
                            task.run();
                        } else {
                            context.runOnContext(ignored -> task.run());
                        }
                    })
                    .onFailure(Unavailable::database).invoke(e -> Log.warnf(
                            "database unavailable while processing a message of %s, retrying: %s", channel,
                            e.getMessage()))
                    .onFailure(Unavailable::database).retry()
                    .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).expireIn(retryFor.toMillis());
        });
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
        Uni<?> work = whileDatabaseUnavailable(channel, Uni.createFrom().deferred(() -> {
            try {
                return effect.apply(envelope);
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
            }
        }));
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
