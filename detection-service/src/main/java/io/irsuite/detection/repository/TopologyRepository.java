package io.irsuite.detection.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.Alert;
import io.irsuite.detection.domain.AlertKinds;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.ServiceGraph;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What grouping reads, inside the ingest transaction (the session's connection, so that it neither
 * waits for a second pool connection nor misses what the batch wrote before).
 */
@ApplicationScoped
public class TopologyRepository {

    /** The graph as of a replica state (row count, sum of revisions). */
    private record CachedGraph(long count, long revisions, ServiceGraph graph) {
    }

    private final ObjectMapper mapper;
    private volatile CachedGraph cached = new CachedGraph(-1, -1, null);

    public TopologyRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The catalog replica's dependency graph (tombstones excluded), rebuilt only when the replica changed: one aggregate query
     * otherwise. Every applied upsert or tombstone raises its row's revision or adds a row, so the count and
     * the sum of revisions move with every change; a change committed between that query and the reload is
     * cached under the older state and so reloaded on the next call, never missed.
     */
    public Uni<ServiceGraph> graph() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*), coalesce(sum(revision), 0) FROM catalog_service", Object[].class).getSingleResult())
                .chain(row -> {
                    long count = ((Number) row[0]).longValue();
                    long revisions = ((Number) row[1]).longValue();
                    CachedGraph known = cached;
                    if (known.count() == count && known.revisions() == revisions) {
                        return Uni.createFrom().item(known.graph());
                    }
                    return load().invoke(graph -> cached = new CachedGraph(count, revisions, graph));
                });
    }

    private Uni<ServiceGraph> load() {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT c.name, d.dep FROM catalog_service c
                        LEFT JOIN LATERAL unnest(c.depends_on) AS d(dep) ON true
                        WHERE NOT c.deleted""", Object[].class)
                .getResultList()).map(rows -> {
                    Map<String, List<String>> deps = new HashMap<>();
                    for (Object[] row : rows) {
                        List<String> list = deps.computeIfAbsent((String) row[0], k -> new ArrayList<>());
                        if (row[1] != null) {
                            list.add((String) row[1]);
                        }
                    }
                    return new ServiceGraph(deps);
                });
    }

    /**
     * Open incidents whose last alert came at or after {@code notBefore} ({@code Incident#lastAlertAt})
     * that have one of {@code services}, oldest first, row-locked.
     */
    public Uni<List<Incident>> lockOpenWithAnyOf(Collection<String> services, Instant notBefore) {
        String json = json(services);
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT * FROM incident
                        WHERE status <> 'RESOLVED' AND greatest(started_at, coalesce(last_firing_at, started_at)) >= :notBefore
                          AND services && ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(:services AS text) AS jsonb)))
                        ORDER BY started_at, id FOR UPDATE""", Incident.class)
                .setParameter("notBefore", notBefore)
                .setParameter("services", json)
                .getResultList());
    }

    /** A firing alert as inhibition reads it (not an entity: nothing for the session to track). */
    public record FiringAlert(String fingerprint, String service, String name, String source, String severity,
                              String labels, UUID incidentId) {
    }

    private static final String FIRING_SOURCES = """
            SELECT %s a.fingerprint, a.service, a.name, a.source, a.severity, a.labels, a.incident_id
            FROM alert a JOIN incident i ON i.id = a.incident_id
            WHERE a.active AND a.status = 'firing' AND NOT a.silenced AND a.inhibited_by IS NULL
              AND i.status <> 'RESOLVED' AND %s
            ORDER BY %s a.last_seen_at DESC LIMIT :limit""";

    /**
     * Firing alerts that may inhibit under the topology default: active, grouped into an incident that is
     * not resolved, neither muted nor inhibited themselves, on one of {@code services}, with a name the
     * {@link AlertKinds#CAUSE_PREFILTER} lets through; the most recently seen of each name and service.
     */
    public Uni<List<FiringAlert>> firingCauses(Collection<String> services, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(FIRING_SOURCES.formatted(
                                "DISTINCT ON (a.service, a.name)",
                                // a constant of the code, written out so that the partial index alert_firing_cause applies
                                "a.name ~* '" + AlertKinds.CAUSE_PREFILTER + "' AND a.service IN "
                                        + "(SELECT jsonb_array_elements_text(CAST(CAST(:services AS text) AS jsonb)))",
                                "a.service, a.name,"), Object[].class)
                        .setParameter("services", json(services))
                        .setParameter("limit", limit)
                        .getResultList())
                .map(TopologyRepository::firing);
    }

    /**
     * Firing alerts (as for {@link #firingCauses}) that configured rules may take as sources: named one of
     * {@code names}, or any when {@code anyName}; the most recently seen {@code limit}.
     */
    public Uni<List<FiringAlert>> firingNamed(Collection<String> names, boolean anyName, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(FIRING_SOURCES.formatted("",
                                "(CAST(:anyName AS boolean) OR a.name IN "
                                        + "(SELECT jsonb_array_elements_text(CAST(CAST(:names AS text) AS jsonb))))", ""),
                                Object[].class)
                        .setParameter("anyName", anyName)
                        .setParameter("names", json(names))
                        .setParameter("limit", limit)
                        .getResultList())
                .map(TopologyRepository::firing);
    }

    private static List<FiringAlert> firing(List<Object[]> rows) {
        return rows.stream().map(r -> new FiringAlert((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], (UUID) r[6])).toList();
    }

    /** These incidents, row-locked (the ones already in the session are returned as they are). */
    public Uni<List<Incident>> lock(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT * FROM incident WHERE id IN (:ids) ORDER BY id FOR UPDATE", Incident.class)
                .setParameter("ids", List.copyOf(ids))
                .getResultList());
    }

    private String json(Collection<String> values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every alert row of these incidents (managed: changes to them are written on flush). */
    public Uni<List<Alert>> alertsOf(Collection<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Alert.list("incidentId in ?1 order by startsAt, firstSeenAt, id", List.copyOf(incidentIds));
    }
}
