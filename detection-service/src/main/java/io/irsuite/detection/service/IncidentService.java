package io.irsuite.detection.service;

import io.irsuite.detection.domain.Alert;
import io.irsuite.detection.domain.ConflictException;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.IncidentStatus;
import io.irsuite.detection.domain.ResourceNotFoundException;
import io.irsuite.detection.domain.Severity;
import io.irsuite.detection.messaging.Outbox;
import io.irsuite.detection.messaging.OutboxRelay;
import io.irsuite.detection.repository.AlertRepository;
import io.irsuite.detection.repository.IncidentRepository;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reading incidents, and what responders do to them over HTTP. */
@ApplicationScoped
public class IncidentService {

    private final IncidentRepository incidents;
    private final AlertRepository alerts;
    private final LifecycleService lifecycle;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public IncidentService(IncidentRepository incidents, AlertRepository alerts, LifecycleService lifecycle,
                           Outbox outbox, OutboxRelay relay) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.relay = relay;
    }

    @WithSession
    public Uni<List<Incident>> list(IncidentStatus status, Severity severity, String service, int limit) {
        return incidents.search(status, severity, service, limit);
    }

    @WithSession
    public Uni<Incident> get(UUID id) {
        return incidents.findById(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    @WithSession
    public Uni<List<Alert>> alertsOf(UUID id) {
        return incidents.findById(id).onItem().ifNull().failWith(() -> notFound(id))
                .chain(incident -> alerts.byIncident(incident.id));
    }

    /** Sets acknowledgedAt once (idempotent); a resolved incident cannot be acknowledged. */
    public Uni<Incident> acknowledge(UUID id, String by, String note) {
        return acknowledgeInTransaction(id, by, note).invoke(relay::kick);
    }

    @WithTransaction
    Uni<Incident> acknowledgeInTransaction(UUID id, String by, String note) {
        Instant now = Clock.now();
        return lockedOrNotFound(id).chain(incident -> {
            if (incident.isResolved()) {
                return Uni.createFrom().failure(new ConflictException("incident " + id + " is resolved"));
            }
            if (!incident.acknowledge(now)) {
                return Uni.createFrom().item(incident);
            }
            return outbox.add(EventType.IncidentAcknowledged, incident.id,
                    new Payloads.IncidentAcknowledged(by, note, incident.acknowledgedAt)).replaceWith(incident);
        });
    }

    /** Resolves by hand whatever is not resolved yet. */
    public Uni<Incident> resolve(UUID id, String by, String note) {
        return resolveInTransaction(id, by, note).invoke(relay::kick);
    }

    @WithTransaction
    Uni<Incident> resolveInTransaction(UUID id, String by, String note) {
        Instant now = Clock.now();
        return lockedOrNotFound(id).chain(incident -> {
            if (incident.isResolved()) {
                return Uni.createFrom().failure(new ConflictException("incident " + id + " is already resolved"));
            }
            return lifecycle.resolve(incident, by, note, "resolved by " + by, now).replaceWith(incident);
        });
    }

    private Uni<Incident> lockedOrNotFound(UUID id) {
        return incidents.findForUpdate(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    private static ResourceNotFoundException notFound(UUID id) {
        return new ResourceNotFoundException("no incident " + id);
    }
}
