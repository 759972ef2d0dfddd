package io.irsuite.platform.catalog;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The skeleton of every catalog replica consumer: one transaction per {@code catalog-events}
 * envelope with its idempotency record, the payload read and checked, and the upsert or deletion
 * handed to the service's {@link CatalogReplicaStore}. A payload without a service name fails (and is
 * dead-lettered after its deliveries).
 */
@ApplicationScoped
public class CatalogReplication {

    private final Inbox inbox;
    private final EnvelopeConsumer envelopes;
    // resolved when used: triage owns the catalog and has no replica store
    private final Instance<CatalogReplicaStore> store;

    public CatalogReplication(Inbox inbox, EnvelopeConsumer envelopes, Instance<CatalogReplicaStore> store) {
        this.inbox = inbox;
        this.envelopes = envelopes;
        this.store = store;
    }

    /**
     * Applies one envelope exactly once; true if it was new. A type other than an upsert or a deletion is
     * acknowledged without a transaction.
     */
    public Uni<Boolean> apply(EventEnvelope envelope) {
        EventType type = EventType.fromName(envelope.type());
        if (type != EventType.CatalogServiceUpserted && type != EventType.CatalogServiceDeleted) {
            Log.debugf("catalog event %s of type %s ignored", envelope.eventId(), envelope.type());
            return Uni.createFrom().item(false);
        }
        return applyOnce(envelope, type);
    }

    @WithTransaction
    Uni<Boolean> applyOnce(EventEnvelope envelope, EventType type) {
        return inbox.markProcessed(envelope.eventId(), envelope.type()).chain(fresh -> {
            if (!fresh) {
                return Uni.createFrom().item(false);
            }
            if (type == EventType.CatalogServiceUpserted) {
                Payloads.CatalogServiceUpserted s = envelopes.payload(envelope, Payloads.CatalogServiceUpserted.class);
                requireName(envelope, s.name());
                return store.get().upsert(s).replaceWith(true);
            }
            Payloads.CatalogServiceDeleted d = envelopes.payload(envelope, Payloads.CatalogServiceDeleted.class);
            requireName(envelope, d.name());
            return store.get().delete(d).replaceWith(true);
        });
    }

    private static void requireName(EventEnvelope envelope, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("catalog event " + envelope.eventId() + " names no service");
        }
    }
}
