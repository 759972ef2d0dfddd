package io.irsuite.detection.messaging;

import io.irsuite.platform.inbox.EnvelopeConsumer;

import io.irsuite.detection.service.CatalogReplicaService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Catalog replication from triage on queue {@code catalog-events.detection}. */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private final EnvelopeConsumer envelopes;
    private final CatalogReplicaService catalog;

    public CatalogEventsConsumer(EnvelopeConsumer envelopes, CatalogReplicaService catalog) {
        this.envelopes = envelopes;
        this.catalog = catalog;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata amqp) {
        return envelopes.consume(CHANNEL, body, amqp, catalog::apply);
    }
}
