package io.irsuite.detection.service;

import io.irsuite.detection.domain.Alert;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.IncidentStatus;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.detection.domain.Severity;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.InOrder;
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
    private final AlertPayloads payloads;

    public IncidentService(IncidentRepository incidents, AlertRepository alerts, LifecycleService lifecycle,
                           Outbox outbox, OutboxRelay relay, AlertPayloads payloads) {
        this.payloads = payloads;
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

    /** The current (active) alert of a fingerprint; 404 when there is none. */
    @WithSession
    public Uni<Alert> activeAlert(String fingerprint) {
        return alerts.findActive(fingerprint).onItem().ifNull()
                .failWith(() -> new NotFoundException("no active alert with fingerprint " + fingerprint));
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
                    new Payloads.IncidentAcknowledged(by, note, incident.acknowledgedAt)).replaceWithVoid().replaceWith(incident);
        });
    }

    /** Resolves by hand whatever is not resolved yet; alerts still firing are closed with it. */
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
            // its alerts close with it, so that a later firing reopens it or opens a new one
            return alerts.firingOfForUpdate(incident.id)
                    .chain(firing -> closeAlerts(incident, firing, now))
                    .chain(() -> lifecycle.resolve(incident, by, note, "resolved by " + by, now))
                    .replaceWith(incident);
        });
    }

    private Uni<Void> closeAlerts(Incident incident, List<Alert> firing, Instant now) {
        // a storm's incident has hundreds of firing alerts: one after the other, not one nested chain
        return InOrder.each(firing, alert -> {
            alert.resolve(now, now);
            incident.alertResolved(now);
            return outbox.add(EventType.AlertResolved, incident.id,
                    new Payloads.AlertResolved(payloads.payload(alert), incident.firingCount));
        });
    }

    private Uni<Incident> lockedOrNotFound(UUID id) {
        return incidents.findForUpdate(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("no incident " + id);
    }
}
