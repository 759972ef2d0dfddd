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

    private final ObjectMapper mapper;

    public TopologyRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The catalog replica's dependency graph (tombstones excluded). */
    public Uni<ServiceGraph> graph() {
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
