package io.irsuite.detection.messaging;

import io.irsuite.detection.service.IncidentEventHandler;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.outbox.OutboxRelay;
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

    private final EnvelopeConsumer envelopes;
    private final IncidentEventHandler handler;
    private final OutboxRelay relay;

    public IncidentEventsConsumer(EnvelopeConsumer envelopes, IncidentEventHandler handler, OutboxRelay relay) {
        this.envelopes = envelopes;
        this.handler = handler;
        this.relay = relay;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata amqp) {
        return envelopes.consume(CHANNEL, body, amqp, envelope -> handler.handle(envelope)
                .invoke(applied -> {
                    if (applied) {
                        relay.kick();
                    }
                }));
    }
}
