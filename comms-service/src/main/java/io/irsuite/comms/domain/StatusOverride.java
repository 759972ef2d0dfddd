package io.irsuite.comms.domain;

import java.time.Instant;

/**
 * A manual status of a component, in effect from {@code from} until the earlier of {@code until} and
 * {@code clearedAt} (open-ended when both are null). Kept after it ends: it is part of the uptime history.
 */
public record StatusOverride(String component, ComponentStatus status, Instant from, Instant until, Instant clearedAt,
                             String setBy) {

    /** When it stopped (or stops) being in effect; null while it has no end. */
    public Instant end() {
        if (until == null) {
            return clearedAt;
        }
        return clearedAt == null || until.isBefore(clearedAt) ? until : clearedAt;
    }

    public boolean activeAt(Instant t) {
        Instant end = end();
        return !t.isBefore(from) && (end == null || t.isBefore(end));
    }
}
