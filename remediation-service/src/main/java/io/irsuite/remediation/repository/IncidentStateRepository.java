package io.irsuite.remediation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Per incident, what the incident events told remediation ({@code incident_state}): the newest
 * triage version and its severity, when the incident started, whether it is resolved; and its
 * alerts with whether each still fires ({@code incident_alert}). Runs in the caller's transaction.
 */
@ApplicationScoped
@WithSession
public class IncidentStateRepository {

    /** Records triage {@code version} (and its severity); false when an equal or newer version was already seen. */
    public Uni<Boolean> recordTriage(UUID incidentId, int version, String severity) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO incident_state (incident_id, triage_version, severity, resolved, updated_at)
                        VALUES (:id, :version, CAST(:severity AS text), false, now())
                        ON CONFLICT (incident_id) DO UPDATE SET triage_version = EXCLUDED.triage_version,
                            severity = EXCLUDED.severity, updated_at = now()
                        WHERE incident_state.triage_version < EXCLUDED.triage_version""")
                .setParameter("id", incidentId)
                .setParameter("version", version)
                .setParameter("severity", severity)
                .executeUpdate()).map(n -> n > 0);
    }

    /** Records when the incident started (its MTTR runs from there). */
    public Uni<Void> recordStart(UUID incidentId, Instant startedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO incident_state (incident_id, triage_version, resolved, started_at, updated_at)
                        VALUES (:id, 0, false, :started, now())
                        ON CONFLICT (incident_id) DO UPDATE SET started_at = EXCLUDED.started_at, updated_at = now()""")
                .setParameter("id", incidentId)
                .setParameter("started", startedAt)
                .executeUpdate()).replaceWithVoid();
    }

    /** Records that the incident's alert fires or no longer does, as of {@code at}; an older report changes nothing. */
    public Uni<Void> recordAlert(UUID incidentId, Payloads.Alert alert, boolean firing, Instant at) {
        if (alert == null || alert.fingerprint() == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO incident_alert (incident_id, fingerprint, name, service, firing, updated_at)
                        VALUES (:id, :fingerprint, CAST(:name AS text), CAST(:service AS text), :firing, :at)
                        ON CONFLICT (incident_id, fingerprint) DO UPDATE SET firing = EXCLUDED.firing, updated_at = EXCLUDED.updated_at
                        WHERE incident_alert.updated_at <= EXCLUDED.updated_at""")
                .setParameter("id", incidentId)
                .setParameter("fingerprint", alert.fingerprint())
                .setParameter("name", alert.name())
                .setParameter("service", alert.service())
                .setParameter("firing", firing)
                .setParameter("at", at == null ? Instant.now() : at)
                .executeUpdate()).replaceWithVoid();
    }

    /** The incident's alerts that still fire, as "name on service"; empty when none does. */
    public Uni<List<String>> firingAlerts(UUID incidentId) {
        return Panache.getSession().chain(session -> session.<String>createNativeQuery("""
                        SELECT coalesce(name, fingerprint) || coalesce(' on ' || service, '') FROM incident_alert
                        WHERE incident_id = :id AND firing ORDER BY name, fingerprint""", String.class)
                .setParameter("id", incidentId)
                .getResultList());
    }

    /** How many alerts the incident had. */
    public Uni<Long> alertCount(UUID incidentId) {
        return Panache.getSession().chain(session -> session.<Long>createNativeQuery(
                        "SELECT count(*) FROM incident_alert WHERE incident_id = :id", Long.class)
                .setParameter("id", incidentId)
                .getSingleResult());
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
