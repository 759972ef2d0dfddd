package io.irsuite.detection.service;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies the other services' incident events to detection's incidents. An event type that changes
 * no lifecycle (about half of them) is acknowledged without opening a transaction.
 */
@ApplicationScoped
public class IncidentEventHandler {

    private final LifecycleService lifecycle;

    public IncidentEventHandler(LifecycleService lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** True when the event was new and applied (the caller kicks the outbox relay). */
    public Uni<Boolean> handle(EventEnvelope envelope) {
        EventType type = EventType.fromName(envelope.type());
        if (type == null || !LifecycleService.isLifecycleEvent(type) || envelope.incidentId() == null) {
            return Uni.createFrom().item(false);
        }
        return lifecycle.apply(envelope, type);
    }
}
