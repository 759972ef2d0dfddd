package io.irsuite.comms.domain.oncall;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * A window of wall-clock time in which a layer may have someone on call (PagerDuty's restrictions, GoAlert's
 * rules). A window whose end is not after its start wraps: past midnight for a daily one, past the end of the
 * week for a weekly one; an end equal to the start is the full day or week. A wall-clock time that a DST switch
 * skips falls at the first instant after the gap. Pure.
 */
public sealed interface Restriction permits Restriction.Daily, Restriction.Weekly {

    /** The window that starts on the local date {@code day} in {@code zone}, if one does. */
    Optional<Window> windowStartingOn(LocalDate day, ZoneId zone);

    /**
     * How many days either side of an instant's date the windows that contain it, and the nearest edges before and
     * after it, can start: one for a window every day (at most a day long), eight for windows a week apart.
     */
    int searchDays();

    /** Every day (or only the {@code days} it starts on) from {@code start} to {@code end}. */
    record Daily(LocalTime start, LocalTime end, Set<DayOfWeek> days) implements Restriction {
        public Daily {
            days = Set.copyOf(days);
        }

        @Override
        public int searchDays() {
            return days.isEmpty() ? 1 : 8;
        }

        @Override
        public Optional<Window> windowStartingOn(LocalDate day, ZoneId zone) {
            if (!days.isEmpty() && !days.contains(day.getDayOfWeek())) {
                return Optional.empty();
            }
            LocalDate endDay = end.isAfter(start) ? day : day.plusDays(1);
            return Optional.of(new Window(at(day, start, zone), at(endDay, end, zone)));
        }
    }

    /** From {@code startDay start} to {@code endDay end}, every week. */
    record Weekly(DayOfWeek startDay, LocalTime start, DayOfWeek endDay, LocalTime end) implements Restriction {
        @Override
        public int searchDays() {
            return 8;
        }

        @Override
        public Optional<Window> windowStartingOn(LocalDate day, ZoneId zone) {
            if (day.getDayOfWeek() != startDay) {
                return Optional.empty();
            }
            int span = Math.floorMod(endDay.getValue() - startDay.getValue(), 7);
            if (span == 0 && !end.isAfter(start)) {
                span = 7;
            }
            return Optional.of(new Window(at(day, start, zone), at(day.plusDays(span), end, zone)));
        }
    }

    /** The instant of a wall-clock time: the earlier one in an overlap, shifted by the gap in a gap. */
    private static java.time.Instant at(LocalDate day, LocalTime time, ZoneId zone) {
        return ZonedDateTime.ofLocal(day.atTime(time), zone, null).toInstant();
    }
}
