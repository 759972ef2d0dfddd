package io.irsuite.comms.repository;

import io.irsuite.comms.domain.IncidentView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class IncidentViewRepository implements PanacheRepositoryBase<IncidentView, UUID> {

    /**
     * The rows of these incidents, created if missing, locked for this transaction so that replicas applying
     * events of the same incidents take turns; locked in incident id order, the one order that cannot deadlock
     * two batches. Two statements whatever the number of incidents.
     */
    public Uni<Map<UUID, IncidentView>> lockOrCreateAll(Collection<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // one JSON array parameter, not a list: one statement text (and one cached plan) for every batch size
        String ids = new TreeSet<>(incidentIds).stream().map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(",", "[", "]"));   // UUIDs need no escaping
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "INSERT INTO incident_view (incident_id, details, updated_at) "
                                        + "SELECT CAST(id AS uuid), '{}'::jsonb, now() "
                                        + "FROM jsonb_array_elements_text(CAST(CAST(:ids AS text) AS jsonb)) AS t(id) "
                                        + "ORDER BY 1 ON CONFLICT (incident_id) DO NOTHING")
                        .setParameter("ids", ids)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery("SELECT * FROM incident_view WHERE incident_id IN "
                                        + "(SELECT CAST(id AS uuid) FROM jsonb_array_elements_text(CAST(CAST(:ids AS text) AS jsonb)) AS t(id)) "
                                        + "ORDER BY incident_id FOR UPDATE", IncidentView.class)
                                .setParameter("ids", ids)
                                .getResultList()))
                .map(rows -> rows.stream().collect(Collectors.toMap(v -> v.incidentId, v -> v)));
    }

    @WithSession
    public Uni<IncidentView> find(UUID incidentId) {
        return findById(incidentId);
    }

    /** Active incidents and those resolved since {@code resolvedSince}. */
    @WithSession
    public Uni<List<IncidentView>> forStatusPage(Instant resolvedSince) {
        return list("status is null or status <> 'RESOLVED' or resolvedAt >= ?1", resolvedSince);
    }

    /** The incidents that were open at some point after {@code from}. */
    @WithSession
    public Uni<List<IncidentView>> openSince(Instant from) {
        return list("resolvedAt is null or resolvedAt > ?1", from);
    }

    /** Incidents started in [from, to). */
    public Uni<List<IncidentView>> startedBetween(Instant from, Instant to) {
        return list("startedAt >= ?1 and startedAt < ?2", from, to);
    }
}
