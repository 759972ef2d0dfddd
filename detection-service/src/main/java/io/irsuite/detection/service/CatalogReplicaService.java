package io.irsuite.detection.service;

import io.irsuite.detection.repository.CatalogRepository;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Keeps the local copy of triage's service catalog (for topology-aware grouping and inhibition). The
 * platform's catalog replica skeleton works in a Hibernate session; detection's replica is set-based SQL
 * on the reactive pool, so it records the event through the platform inbox on its pool connection.
 */
@ApplicationScoped
public class CatalogReplicaService {

    private final CatalogRepository catalog;
    private final EnvelopeConsumer envelopes;

    public CatalogReplicaService(CatalogRepository catalog, EnvelopeConsumer envelopes) {
        this.catalog = catalog;
        this.envelopes = envelopes;
    }

    /** Applies one {@code catalog-events} envelope exactly once; the newest revision wins. */
    public Uni<Boolean> apply(EventEnvelope envelope) {
        EventType type = EventType.fromName(envelope.type());
        return catalog.inTransactionOnce(envelope.eventId(), envelope.type(), conn -> {
            if (type == EventType.CatalogServiceUpserted) {
                return catalog.upsert(conn, envelopes.payload(envelope, Payloads.CatalogServiceUpserted.class));
            }
            if (type == EventType.CatalogServiceDeleted) {
                return catalog.delete(conn, envelopes.payload(envelope, Payloads.CatalogServiceDeleted.class));
            }
            Log.debugf("catalog event type %s ignored", envelope.type());
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<List<CatalogRepository.CatalogEntry>> list() {
        return catalog.list();
    }

}
