package io.irsuite.remediation.messaging;

import io.irsuite.events.EventEnvelope;
import io.irsuite.platform.catalog.CatalogReplication;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.remediation.service.VertxContexts;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Consumes {@code catalog-events::catalog-events.remediation} into the catalog replica
 * ({@code repository/CatalogRepository}) through the platform's {@link CatalogReplication}.
 */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private final EnvelopeConsumer envelopes;
    private final CatalogReplication replication;
    private final VertxContexts contexts;

    public CatalogEventsConsumer(EnvelopeConsumer envelopes, CatalogReplication replication, VertxContexts contexts) {
        this.envelopes = envelopes;
        this.replication = replication;
        this.contexts = contexts;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        return envelopes.consume(CHANNEL, body, metadata, this::apply);
    }

    private Uni<?> apply(EventEnvelope envelope) {
        // Hibernate Reactive needs a safe Vert.x context of its own (other types are acknowledged without one)
        return contexts.onSafeContext(() -> replication.apply(envelope));
    }
}
