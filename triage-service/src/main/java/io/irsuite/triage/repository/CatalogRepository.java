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

    /** The graph as of a catalog state: every committed change moves the highest revision or the count. */
    private record CachedGraph(long maxRevision, long count, DependencyGraph graph) {
    }

    private volatile CachedGraph cached = new CachedGraph(-1, -1, DependencyGraph.empty());

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

    /**
     * The dependency graph of the catalog, rebuilt only when the catalog changed: one aggregate query
     * otherwise. A change committed between that query and the reload is cached under the older state and
     * so reloaded on the next call, never missed.
     */
    public Uni<DependencyGraph> graph() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT coalesce(max(revision), 0), count(*) FROM catalog_service", Object[].class).getSingleResult())
                .chain(row -> {
                    long maxRevision = ((Number) row[0]).longValue();
                    long count = ((Number) row[1]).longValue();
                    CachedGraph known = cached;
                    if (known.maxRevision() == maxRevision && known.count() == count) {
                        return Uni.createFrom().item(known.graph());
                    }
                    return all().map(entries -> {
                        DependencyGraph graph = DependencyGraph.of(entries.stream().map(CatalogEntry::node).toList());
                        cached = new CachedGraph(maxRevision, count, graph);
                        return graph;
                    });
                });
    }
}
