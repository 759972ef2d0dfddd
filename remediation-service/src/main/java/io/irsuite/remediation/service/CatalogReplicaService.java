package io.irsuite.remediation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.remediation.repository.CatalogRepository;
import io.irsuite.remediation.repository.EventLedgerRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps the catalog replica: one transaction per event with its idempotency record; newest revision wins. */
@ApplicationScoped
public class CatalogReplicaService {

    private final EventLedgerRepository ledger;
    private final CatalogRepository catalog;
    private final ObjectMapper mapper;

    public CatalogReplicaService(EventLedgerRepository ledger, CatalogRepository catalog, ObjectMapper mapper) {
        this.ledger = ledger;
        this.catalog = catalog;
        this.mapper = mapper;
    }

    @WithTransaction
    public Uni<Void> apply(EventEnvelope envelope) {
        if (envelope.eventId() == null || envelope.type() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("envelope without eventId or type"));
        }
        return ledger.markProcessed(envelope.eventId(), envelope.type()).chain(fresh -> {
            if (!fresh) {
                return Uni.createFrom().voidItem();
            }
            EventType type = EventType.fromName(envelope.type());
            if (type == EventType.CatalogServiceUpserted) {
                Payloads.CatalogServiceUpserted s = payload(envelope, Payloads.CatalogServiceUpserted.class);
                requireName(envelope, s.name());
                Payloads.KubernetesRef k8s = s.kubernetes();
                return catalog.upsert(s.name(), k8s == null ? null : k8s.namespace(), k8s == null ? null : k8s.deployment(),
                                s.kind(), s.owner(), s.revision())
                        .invoke(applied -> Log.debugf("catalog %s revision %d %s", s.name(), s.revision(), applied ? "applied" : "older, ignored"))
                        .replaceWithVoid();
            }
            if (type == EventType.CatalogServiceDeleted) {
                Payloads.CatalogServiceDeleted d = payload(envelope, Payloads.CatalogServiceDeleted.class);
                requireName(envelope, d.name());
                return catalog.tombstone(d.name(), d.revision()).replaceWithVoid();
            }
            Log.infof("catalog-events: event %s of type %s recorded and skipped", envelope.eventId(), envelope.type());
            return Uni.createFrom().voidItem();
        });
    }

    private static void requireName(EventEnvelope envelope, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("event " + envelope.eventId() + " names no service");
        }
    }

    private <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("event " + envelope.eventId() + ": unreadable " + envelope.type() + " payload", e);
        }
    }
}
