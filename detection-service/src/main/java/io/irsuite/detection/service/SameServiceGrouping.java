package io.irsuite.detection.service;

import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.repository.IncidentRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Groups an alert into the newest open incident that already contains its service and started
 * at most the grouping window before the alert. (Topology-aware grouping will replace this bean.)
 */
@ApplicationScoped
public class SameServiceGrouping implements GroupingStrategy {

    private final IncidentRepository incidents;
    private final IrConfig config;

    public SameServiceGrouping(IncidentRepository incidents, IrConfig config) {
        this.incidents = incidents;
        this.config = config;
    }

    @Override
    public Set<String> lockKeys(NormalizedAlert alert) {
        return Set.of(alert.service());
    }

    @Override
    public Uni<Incident> findIncident(NormalizedAlert alert) {
        return incidents.findOpenForService(alert.service(),
                alert.startsAt().minus(config.detection().groupingWindow()));
    }
}
