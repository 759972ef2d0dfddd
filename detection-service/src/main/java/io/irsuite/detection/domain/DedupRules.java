package io.irsuite.detection.domain;

import java.time.Duration;
import java.time.Instant;

/** When a firing alert is a repeat of the alert that holds its fingerprint. */
public final class DedupRules {

    private DedupRules() {
    }

    /**
     * A duplicate if the stored alert is still firing, or was last seen within the cooldown;
     * otherwise the new firing starts a new alert.
     */
    public static boolean isDuplicate(boolean storedFiring, Instant storedLastSeenAt, Instant now, Duration cooldown) {
        return storedFiring || storedLastSeenAt.isAfter(now.minus(cooldown));
    }
}
