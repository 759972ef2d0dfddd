package io.irsuite.comms.service;

import io.irsuite.comms.domain.IncidentMetrics;
import io.irsuite.comms.repository.IncidentViewRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** MTTD / MTTA / MTTR over the incidents started in a window. */
@ApplicationScoped
public class MetricsService {

    private final IncidentViewRepository views;

    public MetricsService(IncidentViewRepository views) {
        this.views = views;
    }

    @WithSession
    public Uni<IncidentMetrics> compute(Instant from, Instant to) {
        return views.startedBetween(from, to).map(rows -> IncidentMetrics.compute(from, to, rows.stream()
                .map(v -> new IncidentMetrics.Times(v.severity, v.startedAt, v.detectedAt, v.acknowledgedAt,
                        v.resolvedAt))
                .toList()));
    }
}
