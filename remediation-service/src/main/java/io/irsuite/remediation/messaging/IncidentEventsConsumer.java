package io.irsuite.remediation.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.irsuite.remediation.service.ExecutionEngine;
import io.irsuite.remediation.service.IncidentEventHandler;
import io.irsuite.remediation.service.RemediationMetrics;
import io.irsuite.remediation.service.VertxContexts;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code incident-events::incident-events.remediation}. A failure nacks the message
 * (modified-failed): the broker redelivers it and dead-letters it after its bounded deliveries.
 */
@ApplicationScoped
public class IncidentEventsConsumer {

    static final String CHANNEL = "incident-events";

    private final ObjectMapper mapper;
    private final IncidentEventHandler handler;
    private final ExecutionEngine engine;
    private final OutboxRelay relay;
    private final VertxContexts contexts;
    private final RemediationMetrics metrics;

    public IncidentEventsConsumer(ObjectMapper mapper, IncidentEventHandler handler, ExecutionEngine engine,
                                  OutboxRelay relay, VertxContexts contexts, RemediationMetrics metrics) {
        this.mapper = mapper;
        this.handler = handler;
        this.engine = engine;
        this.relay = relay;
        this.contexts = contexts;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(body, EventEnvelope.class);
        } catch (Exception e) {
            Log.errorf("%s: unparseable message (attempt %d) will be dead-lettered after its retries: %s",
                    CHANNEL, metadata.getDeliveryCount() + 1, e.getMessage());
            metrics.messageFailed(CHANNEL);
            return Uni.createFrom().failure(e);
        }
        return contexts.onSafeContext(() -> handler.handle(envelope))
                .invoke(effects -> {
                    if (effects.emitted()) {
                        relay.kick();
                    }
                    effects.transitions().forEach(t -> metrics.execution(t.action(), t.status()));
                    effects.toRun().forEach(engine::start);
                })
                .onFailure().invoke(failure -> {
                    Log.warnf("%s: event %s (%s) failed on attempt %d (redelivered, then dead-lettered): %s", CHANNEL,
                            envelope.eventId(), envelope.type(), metadata.getDeliveryCount() + 1, failure.getMessage());
                    metrics.messageFailed(CHANNEL);
                })
                .replaceWithVoid();
    }
}
