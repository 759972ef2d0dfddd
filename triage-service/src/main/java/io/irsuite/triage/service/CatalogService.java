package io.irsuite.triage.service;

import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.triage.domain.CatalogEntry;
import io.irsuite.triage.domain.CatalogSpec;
import io.irsuite.triage.repository.CatalogRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Catalog use cases; every change publishes the entry's new state on {@code catalog-events} through the outbox. */
@ApplicationScoped
public class CatalogService {

    /** The outcome of an upsert. {@code changed} is false when the entry already held exactly this state. */
    public record Upsert(CatalogEntry entry, boolean created, boolean changed) {
    }

    public record ImportSummary(int created, int updated, int unchanged) {
    }

    private final CatalogRepository catalog;
    private final Outbox outbox;

    public CatalogService(CatalogRepository catalog, Outbox outbox) {
        this.catalog = catalog;
        this.outbox = outbox;
    }

    @WithSession
    public Uni<List<CatalogEntry>> list() {
        return catalog.all();
    }

    @WithSession
    public Uni<CatalogEntry> get(String name) {
        return catalog.find(name).onItem().ifNull().failWith(() -> notFound(name));
    }

    @WithTransaction
    public Uni<Upsert> upsert(CatalogSpec spec) {
        return doUpsert(spec);
    }

    @WithTransaction
    public Uni<Void> delete(String name) {
        return catalog.findForUpdate(name)
                .onItem().ifNull().failWith(() -> notFound(name))
                .chain(entry -> catalog.nextRevision().chain(revision -> entry.delete()
                        .chain(() -> outbox.addCatalog(EventType.CatalogServiceDeleted,
                                new Payloads.CatalogServiceDeleted(name, revision)))
                        .invoke(() -> Log.infof("catalog: deleted %s (revision %d)", name, revision))))
                .replaceWithVoid();
    }

    /** All entries or none: any invalid or duplicate entry fails the whole import before anything is written. */
    @WithTransaction
    public Uni<ImportSummary> importAll(List<CatalogSpec> specs) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            if (!seen.add(specs.get(i).name())) {
                return Uni.createFrom().failure(InvalidInputException.of("[" + i + "].name",
                        "'" + specs.get(i).name() + "' appears more than once"));
            }
        }
        int[] counts = new int[3];
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CatalogSpec spec : specs) {
            chain = chain.chain(() -> doUpsert(spec).invoke(result -> counts[result.created() ? 0 : result.changed() ? 1 : 2]++))
                    .replaceWithVoid();
        }
        return chain.map(ignored -> new ImportSummary(counts[0], counts[1], counts[2]));
    }

    private Uni<Upsert> doUpsert(CatalogSpec spec) {
        return catalog.findForUpdate(spec.name()).chain(existing -> {
            if (existing != null && existing.holds(spec)) {
                return Uni.createFrom().item(new Upsert(existing, false, false));
            }
            return catalog.nextRevision().chain(revision -> {
                Instant now = Instant.now();
                CatalogEntry entry = existing != null ? existing : new CatalogEntry();
                if (existing == null) {
                    entry.name = spec.name();
                    entry.createdAt = now;
                }
                entry.apply(spec);
                entry.revision = revision;
                entry.updatedAt = now;
                Uni<?> stored = existing == null ? entry.persist() : Uni.createFrom().item(entry);
                return stored.chain(() -> outbox.addCatalog(EventType.CatalogServiceUpserted, upserted(entry)))
                        .invoke(() -> Log.infof("catalog: %s %s (revision %d)", existing == null ? "created" : "updated",
                                entry.name, revision))
                        .replaceWith(new Upsert(entry, existing == null, true));
            });
        });
    }

    static Payloads.CatalogServiceUpserted upserted(CatalogEntry e) {
        return new Payloads.CatalogServiceUpserted(e.name, e.tier, e.owner, e.kind, List.copyOf(e.dependsOn),
                e.k8sNamespace == null ? null : new Payloads.KubernetesRef(e.k8sNamespace, e.k8sDeployment),
                e.revision);
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no catalog entry named '" + name + "'");
    }
}
