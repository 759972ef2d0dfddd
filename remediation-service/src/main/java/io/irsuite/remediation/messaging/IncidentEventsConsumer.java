package io.irsuite.remediation.messaging;

import io.irsuite.remediation.service.ExecutionEngine;
import io.irsuite.remediation.service.IncidentEventHandler;
import io.irsuite.remediation.service.RemediationMetrics;
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

    private final EnvelopeConsumer envelopes;
    private final IncidentEventHandler handler;
    private final ExecutionEngine engine;
    private final OutboxRelay relay;
    private final RemediationMetrics metrics;

    public IncidentEventsConsumer(EnvelopeConsumer envelopes, IncidentEventHandler handler, ExecutionEngine engine,
                                  OutboxRelay relay, RemediationMetrics metrics) {
        this.envelopes = envelopes;
        this.handler = handler;
        this.engine = engine;
        this.relay = relay;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        return envelopes.consume(CHANNEL, body, metadata, envelope -> handler.handle(envelope)
                .invoke(effects -> {
                    if (effects.emitted()) {
                        relay.kick();
                    }
                    effects.transitions().forEach(t -> metrics.execution(t.action(), t.status()));
                    effects.toRun().forEach(engine::start);
                }));
    }
}
