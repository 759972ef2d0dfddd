package io.irsuite.comms.messaging;

import io.irsuite.events.EventType;
import io.irsuite.platform.catalog.CatalogReplication;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * Keeps the catalog replica (status-page components) from triage's catalog-events; the replica
 * itself is {@code repository/CatalogRepository}. Other types are acknowledged without a transaction.
 */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CHANNEL = "catalog-events";
    static final Set<EventType> APPLIED = Set.of(EventType.CatalogServiceUpserted, EventType.CatalogServiceDeleted);

    private final EnvelopeConsumer envelopes;
    private final CatalogReplication replication;

    public CatalogEventsConsumer(EnvelopeConsumer envelopes, CatalogReplication replication) {
        this.envelopes = envelopes;
        this.replication = replication;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String body, IncomingAmqpMetadata amqp) {
        return envelopes.consume(CHANNEL, body, amqp, env -> {
            EventType type = EventType.fromName(env.type());
            if (type == null || !APPLIED.contains(type)) {
                Log.debugf("catalog event %s of type %s ignored: nothing for comms to do", env.eventId(), env.type());
                return Uni.createFrom().voidItem();
            }
            return replication.apply(env);
        });
    }
}
