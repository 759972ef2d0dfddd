package io.irsuite.comms.rest;

import io.irsuite.comms.domain.oncall.Shift;

import java.time.Instant;

/** Who is on call, from when to when (null: not within a year of the instant asked about). */
public record OnCallView(String user, Instant from, Instant to) {

    static OnCallView of(Shift s) {
        return new OnCallView(s.user(), s.from(), s.to());
    }
}
