package io.irsuite.comms.service;

import io.irsuite.comms.domain.IncidentMetrics;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.RemediationState;
import io.irsuite.comms.repository.IncidentViewRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** MTTD / MTTA / MTTR / MTBF, counts and the auto-remediation rate over the incidents started in a window. */
@ApplicationScoped
public class MetricsService {

    private final IncidentViewRepository views;
    private final IncidentStateCodec codec;

    public MetricsService(IncidentViewRepository views, IncidentStateCodec codec) {
        this.views = views;
        this.codec = codec;
    }

    @WithSession
    public Uni<IncidentMetrics> compute(Instant from, Instant to) {
        return views.startedBetween(from, to).map(rows -> IncidentMetrics.compute(from, to, rows.stream()
                .map(this::times)
                .toList()));
    }

    /** The figures over [from, to) and over each {@code step} of it (the last one cut at {@code to}), from one read. */
    public record Series(IncidentMetrics total, List<IncidentMetrics> steps) {
    }

    @WithSession
    public Uni<Series> series(Instant from, Instant to, Duration step) {
        return views.startedBetween(from, to).map(rows -> {
            List<IncidentMetrics.Times> times = rows.stream().map(this::times).toList();
            List<IncidentMetrics> steps = new ArrayList<>();
            for (Instant at = from; at.isBefore(to); at = at.plus(step)) {
                Instant end = at.plus(step).isBefore(to) ? at.plus(step) : to;
                steps.add(IncidentMetrics.compute(at, end, times));
            }
            return new Series(IncidentMetrics.compute(from, to, times), steps);
        });
    }

    IncidentMetrics.Times times(IncidentView v) {
        IncidentState s = codec.toState(v);
        RemediationState r = s.remediation();
        boolean automatic = r != null && RemediationState.SUCCEEDED.equals(r.status()) && !r.dryRun();
        return new IncidentMetrics.Times(v.severity, v.startedAt, v.detectedAt, v.acknowledgedAt, v.resolvedAt,
                s.services() == null ? List.of() : s.services(), s.rootCause() == null ? null : s.rootCause().category(),
                automatic);
    }
}
