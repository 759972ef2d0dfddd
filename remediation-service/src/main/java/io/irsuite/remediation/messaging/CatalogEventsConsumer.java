package io.irsuite.remediation.messaging;

import io.irsuite.remediation.service.CatalogReplicaService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code catalog-events::catalog-events.remediation} into the catalog replica. */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private final EnvelopeConsumer envelopes;
    private final CatalogReplicaService replica;

    public CatalogEventsConsumer(EnvelopeConsumer envelopes, CatalogReplicaService replica) {
        this.envelopes = envelopes;
        this.replica = replica;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        return envelopes.consume(CHANNEL, body, metadata, replica::apply);
    }
}
