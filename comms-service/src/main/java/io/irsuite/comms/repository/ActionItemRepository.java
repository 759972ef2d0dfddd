package io.irsuite.comms.repository;

import io.irsuite.comms.domain.ActionItem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Action items, and which resolved incidents had theirs seeded. Runs in the caller's session. */
@ApplicationScoped
@WithSession
public class ActionItemRepository implements PanacheRepositoryBase<ActionItem, UUID> {

    public Uni<List<ActionItem>> forIncident(UUID incidentId) {
        return list("incidentId", Sort.by("createdAt").and("id"), incidentId);
    }

    /** Items filtered by incident, owner and overdue ({@code today} in UTC); soonest due first. */
    public Uni<List<ActionItem>> find(UUID incidentId, String owner, boolean overdueOnly, LocalDate today, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (incidentId != null) {
            query.append(" and incidentId = :incident");
            params.and("incident", incidentId);
        }
        if (owner != null) {
            query.append(" and owner = :owner");
            params.and("owner", owner);
        }
        if (overdueOnly) {
            query.append(" and status = 'open' and dueDate < :today");
            params.and("today", today);
        }
        return find(query.toString(), Sort.by("dueDate").and("createdAt").and("id"), params).page(0, limit).list();
    }

    /** Resolved incidents whose items were not seeded yet; their incident_view rows locked, skipping locked ones. */
    public Uni<List<UUID>> resolvedNotSeeded(int limit) {
        return Panache.getSession().chain(s -> s.<UUID>createNativeQuery("""
                        SELECT v.incident_id FROM incident_view v
                        WHERE v.status = 'RESOLVED'
                          AND NOT EXISTS (SELECT 1 FROM action_item_seeding d WHERE d.incident_id = v.incident_id)
                        ORDER BY v.resolved_at LIMIT :limit
                        FOR UPDATE OF v SKIP LOCKED""", UUID.class)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Stores a seeded item unless that rule already seeded one for the incident; true when stored. */
    public Uni<Boolean> insertSeed(ActionItem item) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO action_item (id, incident_id, title, owner, priority, due_date, status, source, created_by,
                                                 created_at, updated_at)
                        VALUES (:id, :incident, :title, :owner, :priority, :due, 'open', :source, 'comms', now(), now())
                        ON CONFLICT (incident_id, source) WHERE source <> 'manual' DO NOTHING""")
                .setParameter("id", item.id)
                .setParameter("incident", item.incidentId)
                .setParameter("title", item.title)
                .setParameter("owner", item.owner)
                .setParameter("priority", item.priority)
                .setParameter("due", item.dueDate)
                .setParameter("source", item.source)
                .executeUpdate()).map(n -> n > 0);
    }

    public Uni<Void> markSeeded(UUID incidentId, int items) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO action_item_seeding (incident_id, seeded_at, items) VALUES (:incident, now(), :items)
                        ON CONFLICT (incident_id) DO NOTHING""")
                .setParameter("incident", incidentId)
                .setParameter("items", items)
                .executeUpdate()).replaceWithVoid();
    }
}
