package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.repository.CatalogRepository;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Keeps the local copy of triage's service catalog (for topology-aware grouping and inhibition). */
@ApplicationScoped
public class CatalogReplicaService {

    private final CatalogRepository catalog;
    private final ObjectMapper mapper;

    public CatalogReplicaService(CatalogRepository catalog, ObjectMapper mapper) {
        this.catalog = catalog;
        this.mapper = mapper;
    }

    /** Applies one {@code catalog-events} envelope exactly once; the newest revision wins. */
    public Uni<Boolean> apply(EventEnvelope envelope) {
        EventType type = EventType.fromName(envelope.type());
        return catalog.inTransactionOnce(envelope.eventId(), envelope.type(), conn -> {
            if (type == EventType.CatalogServiceUpserted) {
                return catalog.upsert(conn, payload(envelope, Payloads.CatalogServiceUpserted.class));
            }
            if (type == EventType.CatalogServiceDeleted) {
                return catalog.delete(conn, payload(envelope, Payloads.CatalogServiceDeleted.class));
            }
            Log.debugf("catalog event type %s ignored", envelope.type());
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<List<CatalogRepository.CatalogEntry>> list() {
        return catalog.list();
    }

    private <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload of " + envelope.type() + " " + envelope.eventId()
                    + " is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
