package io.irsuite.detection.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Now, at the precision PostgreSQL stores, so a value read back equals the one returned before. */
final class Clock {

    private Clock() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
