package io.irsuite.comms.repository;

import io.irsuite.comms.domain.IncidentView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IncidentViewRepository implements PanacheRepositoryBase<IncidentView, UUID> {

    /**
     * The incident's row, created if missing, locked for this transaction so that replicas
     * applying events of the same incident take turns.
     */
    public Uni<IncidentView> lockOrCreate(UUID incidentId) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("INSERT INTO incident_view (incident_id, details, updated_at) "
                                + "VALUES (?1, '{}'::jsonb, now()) ON CONFLICT (incident_id) DO NOTHING")
                        .setParameter(1, incidentId)
                        .executeUpdate())
                .chain(() -> findById(incidentId, LockModeType.PESSIMISTIC_WRITE));
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

    /** Incidents started in [from, to). */
    @WithSession
    /** The incidents that were open at some point after {@code from}. */
    public Uni<List<IncidentView>> openSince(Instant from) {
        return list("resolvedAt is null or resolvedAt > ?1", from);
    }

    public Uni<List<IncidentView>> startedBetween(Instant from, Instant to) {
        return list("startedAt >= ?1 and startedAt < ?2", from, to);
    }
}
