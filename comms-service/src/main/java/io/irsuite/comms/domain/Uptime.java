package io.irsuite.comms.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The uptime bar of one component: one cell per UTC day, oldest first, and the uptime percentage over the
 * days with data.
 */
public record Uptime(BigDecimal percent, List<Day> days) {

    /** The status of a day before the component existed. */
    public static final String NO_DATA = "no_data";

    /** @param status the worst status of the day, or {@code no_data}; @param uptimePercent null without data */
    public record Day(LocalDate date, String status, BigDecimal uptimePercent) {
    }
}
