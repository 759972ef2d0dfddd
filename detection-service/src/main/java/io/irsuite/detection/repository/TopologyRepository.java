package io.irsuite.detection.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.Alert;
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
     * Open incidents started at or after {@code notBefore} that have one of {@code services},
     * oldest first, row-locked.
     */
    public Uni<List<Incident>> lockOpenWithAnyOf(Collection<String> services, Instant notBefore) {
        String json;
        try {
            json = mapper.writeValueAsString(services);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT * FROM incident
                        WHERE status <> 'RESOLVED' AND started_at >= :notBefore
                          AND services && ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(:services AS text) AS jsonb)))
                        ORDER BY started_at, id FOR UPDATE""", Incident.class)
                .setParameter("notBefore", notBefore)
                .setParameter("services", json)
                .getResultList());
    }

    /** Every alert row of these incidents (managed: changes to them are written on flush). */
    public Uni<List<Alert>> alertsOf(Collection<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Alert.list("incidentId in ?1 order by startsAt, firstSeenAt, id", List.copyOf(incidentIds));
    }
}
