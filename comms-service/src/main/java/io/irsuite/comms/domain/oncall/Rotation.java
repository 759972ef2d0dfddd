package io.irsuite.comms.domain.oncall;

import java.util.Optional;

/** The unit of a layer's shifts. */
public enum Rotation {
    /** Elapsed hours: a 12-hour shift is 12 hours long, DST or not. */
    hourly(1),
    /** Calendar days in the schedule's zone: the handoff keeps its wall-clock time (a shift may be 23 or 25 h). */
    daily(24),
    /** Calendar weeks in the schedule's zone, handing off on the same week day and wall-clock time. */
    weekly(168);

    /** The length of one unit, in (nominal) hours; {@code shiftLengthHours} is a multiple of it. */
    public final int hours;

    Rotation(int hours) {
        this.hours = hours;
    }

    public static Optional<Rotation> parse(String value) {
        for (Rotation r : values()) {
            if (r.name().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
