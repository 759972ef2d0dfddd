package io.irsuite.detection.repository;

import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.IncidentStatus;
import io.irsuite.detection.domain.Severity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Incident queries; the ones that lock must run inside the caller's transaction. */
@ApplicationScoped
public class IncidentRepository {

    public Uni<Incident> findById(UUID id) {
        return Incident.findById(id);
    }

    /** The incident, row-locked until the transaction ends (null when unknown). */
    public Uni<Incident> findForUpdate(UUID id) {
        return Incident.findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The newest open incident of {@code service} started at or after {@code notBefore}, locked. */
    public Uni<Incident> findOpenForService(String service, Instant notBefore) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT * FROM incident
                        WHERE status <> 'RESOLVED' AND services @> ARRAY[CAST(:service AS text)]
                          AND started_at >= :notBefore
                        ORDER BY started_at DESC LIMIT 1 FOR UPDATE""", Incident.class)
                .setParameter("service", service)
                .setParameter("notBefore", notBefore)
                .getSingleResultOrNull());
    }

    /** Newest first, each filter optional. */
    public Uni<List<Incident>> search(IncidentStatus status, Severity severity, String service, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status.name());
        }
        if (severity != null) {
            where.add("severity = :severity");
            params.put("severity", severity.name());
        }
        if (service != null) {
            where.add("services @> ARRAY[CAST(:service AS text)]");
            params.put("service", service);
        }
        String sql = "SELECT * FROM incident"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY detected_at DESC, id LIMIT " + limit;
        return Panache.getSession().chain(s -> {
            Mutiny.SelectionQuery<Incident> query = s.createNativeQuery(sql, Incident.class);
            params.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    /**
     * Incidents that may have become stable (no alert firing, every one resolved since before
     * {@code cutoff}), locked; rows another replica holds are skipped.
     * {@code cutoff} is now minus the stabilisation window.
     */
    public Uni<List<Incident>> lockAutoResolveCandidates(Instant cutoff, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT * FROM incident
                        WHERE status <> 'RESOLVED' AND firing_count = 0 AND all_resolved_at <= :cutoff
                        ORDER BY updated_at LIMIT :limit
                        FOR UPDATE SKIP LOCKED""", Incident.class)
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .getResultList());
    }
}
