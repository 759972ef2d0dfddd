package io.irsuite.comms.service;

import io.irsuite.comms.domain.ImpactChange;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.repository.StatusImpactRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Records the status-page impact history from each applied incident event, in the event's transaction.
 * Most events change neither the incident's activity, severity nor services and write nothing.
 */
@ApplicationScoped
public class StatusHistoryRecorder {

    private final StatusImpactRepository impacts;

    public StatusHistoryRecorder(StatusImpactRepository impacts) {
        this.impacts = impacts;
    }

    public Uni<Void> record(IncidentState before, IncidentState after, Instant at) {
        return ImpactChange.between(before, after, at)
                .map(change -> impacts.apply(after.id(), change))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}
