package io.irsuite.comms.service;

import io.irsuite.comms.domain.ActionItem;
import io.irsuite.comms.domain.ActionItemSeeds;
import io.irsuite.comms.domain.CatalogService;
import io.irsuite.comms.repository.ActionItemRepository;
import io.irsuite.comms.repository.CatalogRepository;
import io.irsuite.comms.repository.IncidentViewRepository;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Postmortem action items: created and closed by people, listed (overdue ones too), and drafted once
 * per resolved incident from what the incident shows ({@link ActionItemSeeds}). Seeding is a sweep on
 * every replica; the incident row lock and the one-item-per-rule index make it happen once.
 */
@ApplicationScoped
public class ActionItemService {

    private static final int SEED_BATCH = 20;
    private static final int LIST_LIMIT = 500;

    private final ActionItemRepository items;
    private final IncidentViewRepository views;
    private final IncidentQueries incidents;
    private final CatalogRepository catalog;
    private final Vertx vertx;

    public ActionItemService(ActionItemRepository items, IncidentViewRepository views, IncidentQueries incidents,
                             CatalogRepository catalog, Vertx vertx) {
        this.items = items;
        this.views = views;
        this.incidents = incidents;
        this.catalog = catalog;
        this.vertx = vertx;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    @WithTransaction
    public Uni<ActionItem> create(UUID incidentId, String title, String owner, String priority, LocalDate dueDate, String by) {
        return incidents.requireKnown(incidentId).chain(view -> {
            ActionItem item = new ActionItem();
            item.id = UUID.randomUUID();
            item.incidentId = incidentId;
            item.title = title.trim();
            item.owner = owner.trim();
            item.priority = priority;
            item.dueDate = dueDate;
            item.status = ActionItem.OPEN;
            item.source = ActionItem.MANUAL;
            item.createdBy = by;
            item.createdAt = Instant.now();
            item.updatedAt = item.createdAt;
            return item.persist().replaceWith(item);
        });
    }

    @WithTransaction
    public Uni<ActionItem> setStatus(UUID id, String status) {
        return items.findById(id).onItem().ifNull().failWith(() -> new NotFoundException("no action item " + id))
                .invoke(item -> {
                    item.status = status;
                    item.updatedAt = Instant.now();
                });
    }

    @WithSession
    public Uni<List<ActionItem>> list(UUID incidentId, String owner, boolean overdueOnly) {
        return items.find(incidentId, owner, overdueOnly, today(), LIST_LIMIT);
    }

    @Scheduled(every = "${ir.comms.action-item-seed-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return SafeContext.run(vertx, this::seedResolved)
                .onFailure().invoke(f -> Log.warnf("seeding action items failed (the next sweep retries): %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Drafts the action items of resolved incidents not seeded yet; how many incidents were seeded. */
    @WithTransaction
    public Uni<Integer> seedResolved() {
        return items.resolvedNotSeeded(SEED_BATCH).chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return catalog.live().chain(services -> {
                Map<String, String> owners = services.stream().filter(c -> c.owner != null)
                        .collect(Collectors.toMap(c -> c.name, c -> c.owner, (a, b) -> a));
                Uni<Integer> chain = Uni.createFrom().item(0);
                for (UUID id : ids) {
                    chain = chain.chain(n -> views.findById(id).chain(incidents::draft).chain(draft -> {
                        List<ActionItemSeeds.Seed> seeds = ActionItemSeeds.of(draft.state(), draft.items(), owners::get);
                        Uni<Integer> stored = Uni.createFrom().item(0);
                        for (ActionItemSeeds.Seed seed : seeds) {
                            ActionItem item = new ActionItem();
                            item.id = UUID.randomUUID();
                            item.incidentId = id;
                            item.title = seed.title();
                            item.owner = seed.owner();
                            item.priority = seed.priority();
                            item.dueDate = seed.dueDate();
                            item.source = seed.source();
                            stored = stored.chain(k -> items.insertSeed(item).map(inserted -> inserted ? k + 1 : k));
                        }
                        return stored.chain(k -> items.markSeeded(id, k)
                                .invoke(() -> Log.infof("incident %s: %d action item(s) drafted", id, k))
                                .replaceWith(n + 1));
                    }));
                }
                return chain;
            });
        });
    }
}
