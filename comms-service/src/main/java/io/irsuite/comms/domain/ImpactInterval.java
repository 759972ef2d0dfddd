package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.UUID;

/** A service hit by an incident at a severity from {@code from} until {@code to} (null while it lasts). */
public record ImpactInterval(UUID incidentId, String service, String severity, Instant from, Instant to) {

    public boolean activeAt(Instant t) {
        return !t.isBefore(from) && (to == null || t.isBefore(to));
    }
}
