package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A maintenance as responders read it, with its state (scheduled, in_progress, completed) at the time of reading. */
public record MaintenanceView(UUID id, String title, String description, List<String> components, Instant from,
                              Instant to, String status, String createdBy, Instant createdAt) {

    public static MaintenanceView of(Maintenance m, Instant now) {
        return new MaintenanceView(m.id(), m.title(), m.description(), m.components(), m.from(), m.to(),
                m.stateAt(now), m.createdBy(), m.createdAt());
    }
}
