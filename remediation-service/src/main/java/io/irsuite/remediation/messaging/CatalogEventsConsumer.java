package io.irsuite.remediation.messaging;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.platform.catalog.CatalogReplication;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.remediation.service.VertxContexts;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * Consumes {@code catalog-events::catalog-events.remediation} into the catalog replica
 * ({@code repository/CatalogRepository}) through the platform's {@link CatalogReplication}.
 */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";

    private static final Set<EventType> APPLIED = Set.of(EventType.CatalogServiceUpserted, EventType.CatalogServiceDeleted);

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
        EventType type = EventType.fromName(envelope.type());
        if (type != null && !APPLIED.contains(type)) {
            Log.debugf("ignored %s %s: not a catalog change", envelope.type(), envelope.eventId());
            return Uni.createFrom().voidItem();
        }
        // Hibernate Reactive needs a safe Vert.x context of its own
        return contexts.onSafeContext(() -> replication.apply(envelope));
    }
}
