package io.irsuite.comms.messaging;

import io.irsuite.platform.catalog.CatalogReplication;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Keeps the catalog replica (status-page components) from triage's catalog-events; the replica
 * itself is {@code repository/CatalogRepository} (ir-platform's CatalogReplication acknowledges other types
 * without a transaction).
 */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private final EnvelopeConsumer envelopes;
    private final CatalogReplication replication;

    public CatalogEventsConsumer(EnvelopeConsumer envelopes, CatalogReplication replication) {
        this.envelopes = envelopes;
        this.replication = replication;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata amqp) {
        return envelopes.consume(CHANNEL, body, amqp, replication::apply);
    }
}
