package io.irsuite.comms.domain.oncall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is on call on a schedule at an instant. The overrides come first (the last one listed that covers the
 * instant), then the layers from the last to the first (the first that has someone); nobody otherwise. An instant
 * exactly at a handoff belongs to the next shift. Pure.
 *
 * <p>Where the answer changes is found by stepping from boundary to boundary (override ends, first handoffs,
 * handoffs to someone else, restriction edges), up to {@link #HORIZON} away.
 */
public final class OnCall {

    /** How far from the instant {@link #at} looks for where the answer changes. */
    public static final Duration HORIZON = Duration.ofDays(366);
    // Bounds the work of one answer (each step is a restriction edge or a handoff to someone else).
    static final int MAX_STEPS = 10_000;

    private OnCall() {
    }

    /** Who is on call at {@code t}. */
    public static Optional<String> userAt(Schedule schedule, Instant t) {
        for (int i = schedule.overrides().size() - 1; i >= 0; i--) {
            ScheduleOverride o = schedule.overrides().get(i);
            if (o.covers(t)) {
                return Optional.of(o.user());
            }
        }
        for (int i = schedule.layers().size() - 1; i >= 0; i--) {
            String user = schedule.layers().get(i).userAt(t);
            if (user != null) {
                return Optional.of(user);
            }
        }
        return Optional.empty();
    }

    /**
     * Who is on call at {@code t}, and from when to when: the shift clipped (by restriction windows, overrides and
     * higher layers) to where the answer changes, and joined with its neighbours where the same person stays on.
     */
    public static Optional<Shift> at(Schedule schedule, Instant t) {
        Optional<String> user = userAt(schedule, t);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String who = user.get();
        Instant to = null;
        Instant limit = t.plus(HORIZON);
        int steps = 0;
        for (Instant b = nextBoundary(schedule, t); b != null && !b.isAfter(limit) && steps++ < MAX_STEPS;
             b = nextBoundary(schedule, b)) {
            if (!who.equals(userAt(schedule, b).orElse(null))) {
                to = b;
                break;
            }
        }
        Instant from = null;
        Instant floor = t.minus(HORIZON);
        steps = 0;
        for (Instant b = previousBoundary(schedule, t); b != null && !b.isBefore(floor) && steps++ < MAX_STEPS;
             b = previousBoundary(schedule, b.minusNanos(1))) {
            if (!who.equals(userAt(schedule, b.minusNanos(1)).orElse(null))) {
                from = b;
                break;
            }
        }
        return Optional.of(new Shift(who, from, to));
    }

    /** The first stretch after {@code t} (within the horizon) in which someone is on call, for "nobody until ...". */
    public static Optional<Shift> next(Schedule schedule, Instant t) {
        Instant limit = t.plus(HORIZON);
        int steps = 0;
        for (Instant b = nextBoundary(schedule, t); b != null && !b.isAfter(limit) && steps++ < MAX_STEPS;
             b = nextBoundary(schedule, b)) {
            if (userAt(schedule, b).isPresent()) {
                return at(schedule, b);
            }
        }
        return Optional.empty();
    }

    /**
     * Who is on call from {@code from} until {@code to}, stretch after stretch as {@link #at} answers each, in order:
     * the first may have begun before {@code from}, the last may end after {@code to} (or not within the horizon);
     * the times in between with nobody on call are left out.
     */
    public static List<Shift> between(Schedule schedule, Instant from, Instant to) {
        List<Shift> shifts = new ArrayList<>();
        Instant t = from;
        while (t.isBefore(to) && shifts.size() < MAX_STEPS) {
            Instant at = t;
            Optional<Shift> shift = at(schedule, at).or(() -> next(schedule, at));
            if (shift.isEmpty() || shift.get().from() != null && !shift.get().from().isBefore(to)) {
                break;
            }
            shifts.add(shift.get());
            if (shift.get().to() == null) {
                break;
            }
            t = shift.get().to();
        }
        return shifts;
    }

    /** The first instant after {@code x} at which the answer may change; null when nothing ever changes. */
    static Instant nextBoundary(Schedule schedule, Instant x) {
        Instant next = null;
        for (ScheduleOverride o : schedule.overrides()) {
            next = earliestAfter(x, next, o.from());
            next = earliestAfter(x, next, o.to());
        }
        for (Layer layer : schedule.layers()) {
            next = earliestAfter(x, next, layer.nextBoundary(x));
        }
        return next;
    }

    /** The last instant at or before {@code x} at which the answer may have changed; null when none. */
    static Instant previousBoundary(Schedule schedule, Instant x) {
        Instant previous = null;
        for (ScheduleOverride o : schedule.overrides()) {
            previous = latestUpTo(x, previous, o.from());
            previous = latestUpTo(x, previous, o.to());
        }
        for (Layer layer : schedule.layers()) {
            previous = latestUpTo(x, previous, layer.previousBoundary(x));
        }
        return previous;
    }

    private static Instant earliestAfter(Instant x, Instant best, Instant candidate) {
        if (candidate == null || !candidate.isAfter(x)) {
            return best;
        }
        return best == null || candidate.isBefore(best) ? candidate : best;
    }

    private static Instant latestUpTo(Instant x, Instant best, Instant candidate) {
        if (candidate == null || candidate.isAfter(x)) {
            return best;
        }
        return best == null || candidate.isAfter(best) ? candidate : best;
    }
}
