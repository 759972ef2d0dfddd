package io.irsuite.triage.repository;

import io.irsuite.triage.domain.CatalogEntry;
import io.irsuite.triage.domain.DependencyGraph;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;

/** Queries over the service catalog. */
@ApplicationScoped
public class CatalogRepository {

    public Uni<List<CatalogEntry>> all() {
        return CatalogEntry.listAll(Sort.by("name"));
    }

    public Uni<CatalogEntry> find(String name) {
        return CatalogEntry.findById(name);
    }

    /** The entry, row-locked until the transaction ends, so that revisions follow the order of changes. */
    public Uni<CatalogEntry> findForUpdate(String name) {
        return CatalogEntry.findById(name, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The next catalog revision: one sequence for all entries, so a re-created entry still moves forward. */
    public Uni<Long> nextRevision() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT nextval('catalog_revision_seq')", Long.class).getSingleResult());
    }

    public Uni<DependencyGraph> graph() {
        return all().map(entries -> DependencyGraph.of(entries.stream().map(CatalogEntry::node).toList()));
    }
}
