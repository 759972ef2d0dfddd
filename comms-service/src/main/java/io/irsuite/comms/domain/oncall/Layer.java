package io.irsuite.comms.domain.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One rotation of a schedule: {@code users} take turns in shifts of {@code shiftLengthHours}, the first shift
 * starting at {@code handoffAt}; before it the layer has nobody. Hourly shifts are elapsed time; daily and weekly
 * ones follow the calendar of {@code zone}, so the handoff keeps its wall-clock time across a DST switch. Outside
 * its restriction windows (when it has any) the layer has nobody either. Pure.
 */
public record Layer(List<String> users, Rotation rotation, int shiftLengthHours, Instant handoffAt,
                    List<Restriction> restrictions, ZoneId zone) {

    public Layer {
        users = List.copyOf(users);
        restrictions = List.copyOf(restrictions);
        if (users.isEmpty() || shiftLengthHours < 1 || shiftLengthHours % rotation.hours != 0) {
            throw new IllegalArgumentException("a layer needs users and a whole number of " + rotation + " units");
        }
    }

    /** Who this layer has on call at {@code t}, or null. */
    public String userAt(Instant t) {
        if (t.isBefore(handoffAt) || !allowed(t)) {
            return null;
        }
        return userOf(shiftIndex(t));
    }

    private String userOf(long shift) {
        return users.get((int) Math.floorMod(shift, (long) users.size()));
    }

    /** The start of shift {@code k} (0 is the first, at handoffAt). */
    Instant shiftStart(long k) {
        if (k == 0) {
            return handoffAt;
        }
        if (rotation == Rotation.hourly) {
            return handoffAt.plus(Duration.ofHours(shiftLengthHours).multipliedBy(k));
        }
        LocalDateTime first = LocalDateTime.ofInstant(handoffAt, zone);
        // the same wall-clock time k shifts later: the earlier instant in an overlap, after the gap in a gap
        return ZonedDateTime.ofLocal(first.plusDays(k * calendarDays()), zone, null).toInstant();
    }

    /** The index of the shift containing {@code t}; t is not before handoffAt. */
    long shiftIndex(Instant t) {
        if (rotation == Rotation.hourly) {
            return Duration.between(handoffAt, t).dividedBy(Duration.ofHours(shiftLengthHours));
        }
        long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(handoffAt, zone), LocalDate.ofInstant(t, zone));
        long k = Math.max(0, Math.floorDiv(days, calendarDays()));
        while (k > 0 && shiftStart(k).isAfter(t)) {
            k--;
        }
        while (!shiftStart(k + 1).isAfter(t)) {
            k++;
        }
        return k;
    }

    private long calendarDays() {
        return shiftLengthHours / 24L;
    }

    /** Whether the restrictions let the layer have someone on call at {@code t}. */
    boolean allowed(Instant t) {
        if (restrictions.isEmpty()) {
            return true;
        }
        for (Window w : windowsAround(t)) {
            if (w.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first instant after {@code x} at which this layer's answer may change (its first handoff, a handoff to
     * someone else, a restriction edge); null when it never changes.
     */
    Instant nextBoundary(Instant x) {
        Instant next = x.isBefore(handoffAt) ? handoffAt : nextHandoffToSomeoneElse(shiftIndex(x));
        for (Window w : windowsAround(x)) {
            next = earliestAfter(x, next, w.start());
            next = earliestAfter(x, next, w.end());
        }
        return next;
    }

    /** The last instant at or before {@code x} at which this layer's answer may have changed; null before handoffAt. */
    Instant previousBoundary(Instant x) {
        if (x.isBefore(handoffAt)) {
            return null;
        }
        Instant previous = handoffFromSomeoneElse(shiftIndex(x));
        for (Window w : windowsAround(x)) {
            previous = latestUpTo(x, previous, w.start());
            previous = latestUpTo(x, previous, w.end());
        }
        return previous;
    }

    // A handoff from a person to the same person changes nothing: skipping them keeps the scans in OnCall short.
    private Instant nextHandoffToSomeoneElse(long shift) {
        String current = userOf(shift);
        for (int j = 1; j < users.size(); j++) {
            if (!userOf(shift + j).equals(current)) {
                return shiftStart(shift + j);
            }
        }
        return null;
    }

    private Instant handoffFromSomeoneElse(long shift) {
        String current = userOf(shift);
        for (int j = 0; j < users.size(); j++) {
            long k = shift - j;
            if (k == 0) {
                return handoffAt;
            }
            if (!userOf(k - 1).equals(current)) {
                return shiftStart(k);
            }
        }
        return handoffAt;
    }

    private List<Window> windowsAround(Instant t) {
        if (restrictions.isEmpty()) {
            return List.of();
        }
        LocalDate day = LocalDate.ofInstant(t, zone);
        List<Window> windows = new ArrayList<>();
        for (Restriction r : restrictions) {
            for (int i = -r.searchDays(); i <= r.searchDays(); i++) {
                r.windowStartingOn(day.plusDays(i), zone).ifPresent(windows::add);
            }
        }
        // windows that touch or overlap read as one, so that the scans step over their shared edges at once
        windows.sort(Comparator.comparing(Window::start));
        List<Window> merged = new ArrayList<>();
        for (Window w : windows) {
            Window last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !w.start().isAfter(last.end())) {
                if (w.end().isAfter(last.end())) {
                    merged.set(merged.size() - 1, new Window(last.start(), w.end()));
                }
            } else {
                merged.add(w);
            }
        }
        return merged;
    }

    private static Instant earliestAfter(Instant x, Instant best, Instant candidate) {
        return candidate.isAfter(x) && (best == null || candidate.isBefore(best)) ? candidate : best;
    }

    private static Instant latestUpTo(Instant x, Instant best, Instant candidate) {
        return !candidate.isAfter(x) && candidate.isAfter(best) ? candidate : best;
    }
}
