package io.irsuite.remediation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import io.irsuite.events.Payloads;
import io.irsuite.platform.work.InOrder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        return recordAlerts(List.of(new AlertReport(incidentId, alert, firing, at)));
    }

    /** That an incident's alert fires or no longer does, as of {@code at} (now when null). */
    public record AlertReport(UUID incidentId, Payloads.Alert alert, boolean firing, Instant at) {
    }

    /** How many alerts one statement of {@link #recordAlerts} writes at most (six parameters each). */
    static final int ALERTS_PER_STATEMENT = 200;

    /**
     * Records many reports with one statement per {@link #ALERTS_PER_STATEMENT} alerts (a storm's batch of events
     * holds hundreds; one statement each was most of remediation's work). For an alert reported more than once the
     * newest report counts (of equally new ones the last), which is what applying them one by one in order leaves;
     * a report older than the stored one changes nothing. Reports without a fingerprint are skipped.
     */
    public Uni<Void> recordAlerts(List<AlertReport> reports) {
        Map<List<Object>, AlertReport> newest = new HashMap<>();
        Instant now = Instant.now();
        for (AlertReport r : reports) {
            if (r.alert() == null || r.alert().fingerprint() == null) {
                continue;
            }
            AlertReport dated = r.at() != null ? r : new AlertReport(r.incidentId(), r.alert(), r.firing(), now);
            newest.merge(List.of(dated.incidentId(), dated.alert().fingerprint()), dated,
                    (known, next) -> next.at().isBefore(known.at()) ? known : next);
        }
        // in key order: two replicas' batches that share alerts lock their rows in the same order, so they cannot deadlock
        List<AlertReport> rows = new ArrayList<>(newest.values());
        rows.sort(Comparator.comparing((AlertReport r) -> r.incidentId()).thenComparing(r -> r.alert().fingerprint()));
        List<List<AlertReport>> statements = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += ALERTS_PER_STATEMENT) {
            statements.add(rows.subList(from, Math.min(rows.size(), from + ALERTS_PER_STATEMENT)));
        }
        return InOrder.each(statements, this::upsert);
    }

    private Uni<Integer> upsert(List<AlertReport> rows) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(:i").append(i).append(", :f").append(i)
                    .append(", CAST(:n").append(i).append(" AS text), CAST(:s").append(i).append(" AS text), :b").append(i)
                    .append(", :t").append(i).append(')');
        }
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery("INSERT INTO incident_alert (incident_id, fingerprint, name, service, firing, "
                    + "updated_at) VALUES " + values + " ON CONFLICT (incident_id, fingerprint) DO UPDATE SET "
                    + "firing = EXCLUDED.firing, updated_at = EXCLUDED.updated_at WHERE incident_alert.updated_at <= EXCLUDED.updated_at");
            for (int i = 0; i < rows.size(); i++) {
                AlertReport r = rows.get(i);
                query.setParameter("i" + i, r.incidentId()).setParameter("f" + i, r.alert().fingerprint())
                        .setParameter("n" + i, r.alert().name()).setParameter("s" + i, r.alert().service())
                        .setParameter("b" + i, r.firing()).setParameter("t" + i, r.at());
            }
            return query.executeUpdate();
        });
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
