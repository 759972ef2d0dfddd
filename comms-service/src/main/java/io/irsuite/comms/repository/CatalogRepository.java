package io.irsuite.comms.repository;

import io.irsuite.comms.domain.CatalogService;
import io.irsuite.events.Payloads;
import io.irsuite.platform.catalog.CatalogReplicaStore;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;

/**
 * The replica of triage's catalog (status-page components, owners, the console's blast-radius graph). Written by
 * the platform's {@code CatalogReplication} inside the transaction that records the event: the newest revision
 * wins, and a deletion stays as a tombstone so that an older upsert arriving late loses.
 */
@ApplicationScoped
public class CatalogRepository implements PanacheRepositoryBase<CatalogService, String>, CatalogReplicaStore {

    /** Live (not deleted) entries. */
    @WithSession
    public Uni<List<CatalogService>> live() {
        return list("deleted = false order by name");
    }

    @Override
    public Uni<Void> upsert(Payloads.CatalogServiceUpserted s) {
        return write(s.name(), s.revision(), false, s.tier(), s.owner(), s.kind(),
                s.dependsOn() == null ? List.of() : s.dependsOn());
    }

    @Override
    public Uni<Void> delete(Payloads.CatalogServiceDeleted d) {
        return write(d.name(), d.revision(), true, null, null, null, List.of());
    }

    private Uni<Void> write(String name, long revision, boolean deleted, Integer tier, String owner, String kind,
                            List<String> dependsOn) {
        // the row lock makes replicas applying events of one service take turns
        return findById(name, LockModeType.PESSIMISTIC_WRITE).chain(existing -> {
            if (existing != null && !existing.isOlderThan(revision)) {
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
                row.dependsOn = dependsOn.toArray(String[]::new);
            }
            row.updatedAt = Instant.now();
            return existing != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
        });
    }
}
