package io.irsuite.comms.domain.oncall;

import java.time.Instant;

/** {@code user} is on call during {@code [from, to)}, above every layer. */
public record ScheduleOverride(String user, Instant from, Instant to) {

    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
