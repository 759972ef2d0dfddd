package io.irsuite.comms.domain.oncall;

import java.time.Instant;

/** A half-open interval of time {@code [start, end)}. */
public record Window(Instant start, Instant end) {

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
