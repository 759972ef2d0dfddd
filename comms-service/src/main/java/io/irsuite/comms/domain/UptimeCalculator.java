package io.irsuite.comms.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The uptime bar of a component, from the recorded history. Pure.
 *
 * <p>The window is {@code days} UTC calendar days ending with today's; today's cell runs up to {@code now}.
 * A day's observed time starts at the later of its midnight and the component's creation: a day entirely
 * before the creation is {@code no_data} and does not count. Over the observed time the component's status
 * at every instant is {@link StatusDerivation#at}; a day's cell is the worst status it had for any time at
 * all; its uptime is {@code 100 × (1 − (major outage time + 0.3 × partial outage time) / observed time)},
 * so degraded performance and maintenance count as up. The percentage over the window is the same formula
 * over the sum of the observed time of all days. Percentages are rounded down to two decimals, so 100 means
 * no downtime at all.
 */
public final class UptimeCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private UptimeCalculator() {
    }

    public static Uptime compute(StatusComponent c, Instant now, int days, List<ImpactInterval> impacts,
                                 List<StatusOverride> overrides, List<Maintenance> maintenances) {
        List<ImpactInterval> mine = impacts.stream().filter(i -> c.services().contains(i.service())).toList();
        List<StatusOverride> myOverrides = overrides.stream().filter(o -> o.component().equals(c.name())).toList();
        List<Maintenance> myMaintenances = maintenances.stream().filter(m -> m.covers(c.name())).toList();

        NavigableSet<Instant> changes = new TreeSet<>();
        for (ImpactInterval i : mine) {
            add(changes, i.from(), i.to());
        }
        for (StatusOverride o : myOverrides) {
            add(changes, o.from(), o.end());
        }
        for (Maintenance m : myMaintenances) {
            add(changes, m.from(), m.to());
        }

        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Uptime.Day> cells = new ArrayList<>(days);
        long observedTotal = 0;
        long downTenthsTotal = 0;
        for (LocalDate date = today.minusDays(days - 1L); !date.isAfter(today); date = date.plusDays(1)) {
            Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayEnd = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant from = c.createdAt() != null && c.createdAt().isAfter(dayStart) ? c.createdAt() : dayStart;
            Instant to = now.isBefore(dayEnd) ? now : dayEnd;
            if (!from.isBefore(to)) {
                cells.add(new Uptime.Day(date, Uptime.NO_DATA, null));
                continue;
            }
            Map<ComponentStatus, Long> millis = new EnumMap<>(ComponentStatus.class);
            Instant segmentStart = from;
            while (segmentStart.isBefore(to)) {
                Instant next = changes.higher(segmentStart);
                Instant segmentEnd = next == null || next.isAfter(to) ? to : next;
                ComponentStatus s = StatusDerivation.at(segmentStart, c, mine, myOverrides, myMaintenances);
                millis.merge(s, segmentEnd.toEpochMilli() - segmentStart.toEpochMilli(), Long::sum);
                segmentStart = segmentEnd;
            }
            ComponentStatus worst = ComponentStatus.operational;
            for (Map.Entry<ComponentStatus, Long> e : millis.entrySet()) {
                if (e.getValue() > 0) {
                    worst = ComponentStatus.worst(worst, e.getKey());
                }
            }
            long observed = to.toEpochMilli() - from.toEpochMilli();
            long downTenths = downTenths(millis);
            cells.add(new Uptime.Day(date, worst.name(), percent(downTenths, observed)));
            observedTotal += observed;
            downTenthsTotal += downTenths;
        }
        return new Uptime(observedTotal == 0 ? HUNDRED.setScale(2) : percent(downTenthsTotal, observedTotal), cells);
    }

    private static void add(NavigableSet<Instant> changes, Instant from, Instant to) {
        changes.add(from);
        if (to != null) {
            changes.add(to);
        }
    }

    /** Weighted downtime in tenths of a millisecond, so that the 0.3 weight stays exact. */
    private static long downTenths(Map<ComponentStatus, Long> millis) {
        long tenths = 0;
        for (Map.Entry<ComponentStatus, Long> e : millis.entrySet()) {
            tenths += e.getValue() * Math.round(e.getKey().downtimeWeight() * 10);
        }
        return tenths;
    }

    /** 100 − downtime share, the share rounded up to two decimals (so the uptime is rounded down). */
    static BigDecimal percent(long downTenths, long observedMillis) {
        BigDecimal share = BigDecimal.valueOf(downTenths).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(observedMillis * 10), 2, RoundingMode.CEILING);
        return HUNDRED.subtract(share).max(BigDecimal.ZERO.setScale(2));
    }
}
