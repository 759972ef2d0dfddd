package io.irsuite.comms.repository;

import io.irsuite.comms.domain.CatalogService;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;

@ApplicationScoped
public class CatalogRepository implements PanacheRepositoryBase<CatalogService, String> {

    /** Live (not deleted) entries. */
    @WithSession
    public Uni<List<CatalogService>> live() {
        return list("deleted = false order by name");
    }

    /** The entry, locked for this transaction, or null. */
    public Uni<CatalogService> lock(String name) {
        return findById(name, LockModeType.PESSIMISTIC_WRITE);
    }
}
