package io.irsuite.comms.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.domain.CatalogService;
import io.irsuite.comms.repository.CatalogRepository;
import io.irsuite.comms.repository.ProcessedEventRepository;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Applies catalog events to the local replica: idempotent, and the newest revision wins. */
@ApplicationScoped
public class CatalogReplica {

    private final ProcessedEventRepository processed;
    private final CatalogRepository catalog;
    private final ObjectMapper mapper;

    public CatalogReplica(ProcessedEventRepository processed, CatalogRepository catalog, ObjectMapper mapper) {
        this.processed = processed;
        this.catalog = catalog;
        this.mapper = mapper;
    }

    @WithTransaction
    public Uni<Void> apply(EventEnvelope env) {
        return processed.markProcessed(env.eventId(), env.type()).chain(fresh -> {
            if (!fresh) {
                return Uni.createFrom().voidItem();
            }
            EventType type = EventType.fromName(env.type());
            try {
                if (type == EventType.CatalogServiceUpserted) {
                    var p = mapper.treeToValue(env.payload(), Payloads.CatalogServiceUpserted.class);
                    return upsert(p.name(), p.revision(), false, p.tier(), p.owner(), p.kind());
                }
                if (type == EventType.CatalogServiceDeleted) {
                    var p = mapper.treeToValue(env.payload(), Payloads.CatalogServiceDeleted.class);
                    return upsert(p.name(), p.revision(), true, null, null, null);
                }
            } catch (Exception e) {
                Log.warnf("catalog event %s (%s): unreadable payload, skipped: %s", env.eventId(), env.type(),
                        e.getMessage());
                return Uni.createFrom().voidItem();
            }
            Log.debugf("catalog event %s of type %s ignored", env.eventId(), env.type());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> upsert(String name, long revision, boolean deleted, Integer tier, String owner, String kind) {
        if (name == null || name.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return catalog.lock(name).chain(existing -> {
            if (existing != null && existing.revision >= revision) {
                Log.debugf("catalog %s revision %d is not newer than %d, ignored", name, revision, existing.revision);
                return Uni.createFrom().voidItem();
            }
            CatalogService row = existing != null ? existing : new CatalogService();
            row.name = name;
            row.revision = revision;
            row.deleted = deleted;
            if (!deleted) {
                row.tier = tier;
                row.owner = owner;
                row.kind = kind;
            }
            row.updatedAt = Instant.now();
            return existing != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
        });
    }
}
