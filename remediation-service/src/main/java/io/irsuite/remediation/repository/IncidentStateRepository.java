package io.irsuite.remediation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Per incident, what the incident events told remediation ({@code incident_state}): the newest
 * triage version and whether the incident is resolved. Runs in the caller's transaction.
 */
@ApplicationScoped
@WithSession
public class IncidentStateRepository {

    /** Records triage {@code version} of the incident; false when an equal or newer version was already seen. */
    public Uni<Boolean> recordTriage(UUID incidentId, int version) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO incident_state (incident_id, triage_version, resolved, updated_at)
                        VALUES (:id, :version, false, now())
                        ON CONFLICT (incident_id) DO UPDATE SET triage_version = EXCLUDED.triage_version, updated_at = now()
                        WHERE incident_state.triage_version < EXCLUDED.triage_version""")
                .setParameter("id", incidentId)
                .setParameter("version", version)
                .executeUpdate()).map(n -> n > 0);
    }

    public Uni<Void> markResolved(UUID incidentId, boolean resolved) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO incident_state (incident_id, triage_version, resolved, updated_at)
                        VALUES (:id, 0, :resolved, now())
                        ON CONFLICT (incident_id) DO UPDATE SET resolved = EXCLUDED.resolved, updated_at = now()""")
                .setParameter("id", incidentId)
                .setParameter("resolved", resolved)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Boolean> isResolved(UUID incidentId) {
        return Panache.getSession().chain(session -> session
                        .<Boolean>createNativeQuery("SELECT resolved FROM incident_state WHERE incident_id = :id")
                        .setParameter("id", incidentId)
                        .getSingleResultOrNull())
                .map(resolved -> resolved != null && resolved);
    }
}
