package io.irsuite.detection.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.service.DetectionMetrics;
import io.irsuite.detection.service.LifecycleService;
import io.irsuite.events.EventEnvelope;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Lifecycle events from the other services (triage, remediation) on queue
 * {@code incident-events.detection}. A failure nacks the message: the broker redelivers it and
 * dead-letters it after its bounded retries.
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    static final String CHANNEL = "incident-events";

    private final LifecycleService lifecycle;
    private final OutboxRelay relay;
    private final ObjectMapper mapper;
    private final DetectionMetrics metrics;

    public IncidentEventsConsumer(LifecycleService lifecycle, OutboxRelay relay, ObjectMapper mapper,
                                  DetectionMetrics metrics) {
        this.lifecycle = lifecycle;
        this.relay = relay;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata amqp) {
        EventEnvelope envelope;
        try {
            envelope = Envelopes.parse(mapper, body);
        } catch (IllegalArgumentException e) {
            Log.errorf("unreadable message on %s (delivery %d): %s", CHANNEL, amqp.getDeliveryCount(), e.getMessage());
            metrics.messageFailed(CHANNEL);
            return Uni.createFrom().failure(e);
        }
        return lifecycle.apply(envelope)
                .invoke(applied -> {
                    if (applied) {
                        relay.kick();
                    }
                })
                .onFailure().invoke(e -> {
                    Log.warnf("processing %s %s failed (delivery %d): %s", envelope.type(), envelope.eventId(),
                            amqp.getDeliveryCount(), e.getMessage());
                    metrics.messageFailed(CHANNEL);
                })
                .replaceWithVoid();
    }
}
