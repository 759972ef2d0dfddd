package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The uptime bar: one cell per UTC day with the worst status of the day, and uptime = 100 × (1 − (major +
 * 0.3 × partial) / observed), rounded down to two decimals.
 */
class UptimeCalculatorTest {

    /** Noon, so that today's cell has observed exactly 12 hours. */
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Instant TODAY = Instant.parse("2026-11-22T00:00:00Z");
    static final Instant YESTERDAY = TODAY.minus(Duration.ofDays(1));
    static final StatusComponent STORE = new StatusComponent("store", "Online store", null, true,
            List.of("checkout", "cart"), TODAY.minus(Duration.ofDays(400)), TODAY);

    static ImpactInterval impact(String service, String severity, Instant from, Duration length) {
        return new ImpactInterval(UUID.randomUUID(), service, severity, from, length == null ? null : from.plus(length));
    }

    static Uptime.Day day(Uptime u, Instant dayStart) {
        LocalDate date = LocalDate.ofInstant(dayStart, java.time.ZoneOffset.UTC);
        return u.days().stream().filter(d -> d.date().equals(date)).findFirst().orElseThrow();
    }

    @Test
    void withoutHistoryEveryDayIsOperationalAndUptimeIsFull() {
        Uptime u = UptimeCalculator.compute(STORE, NOW, 90, List.of(), List.of(), List.of());
        assertEquals(90, u.days().size());
        assertEquals(LocalDate.parse("2026-08-25"), u.days().get(0).date());
        assertEquals(LocalDate.parse("2026-11-22"), u.days().get(89).date());
        assertEquals(new BigDecimal("100.00"), u.percent());
        u.days().forEach(d -> assertEquals("operational", d.status()));
        u.days().forEach(d -> assertEquals(new BigDecimal("100.00"), d.uptimePercent()));
    }

    @ParameterizedTest(name = "{0} for {1} min yesterday -> {2}, {3}%")
    @CsvSource({
            "SEV1, 60, major_outage, 95.83",
            "SEV1, 1440, major_outage, 0.00",
            "SEV2, 60, partial_outage, 98.75",
            "SEV2, 1440, partial_outage, 70.00",
            "SEV3, 600, degraded_performance, 100.00",
            "SEV4, 600, operational, 100.00",
            "SEV1, 1, major_outage, 99.93"})
    void aDaysCellIsItsWorstStatusAndItsUptimeWeighsMajorAndPartialOutages(String severity, long minutes,
                                                                         String status, String percent) {
        Uptime u = UptimeCalculator.compute(STORE, NOW, 90,
                List.of(impact("cart", severity, YESTERDAY.plus(Duration.ofHours(0)), Duration.ofMinutes(minutes))),
                List.of(), List.of());
        Uptime.Day yesterday = day(u, YESTERDAY);
        assertEquals(status, yesterday.status());
        assertEquals(new BigDecimal(percent), yesterday.uptimePercent());
        assertEquals("operational", day(u, TODAY).status());
    }

    @Test
    void aSecondOfOutageIsNeverRoundedUpToFullUptime() {
        Uptime u = UptimeCalculator.compute(STORE, NOW, 90,
                List.of(impact("cart", "SEV1", YESTERDAY, Duration.ofSeconds(1))), List.of(), List.of());
        assertEquals(new BigDecimal("99.99"), day(u, YESTERDAY).uptimePercent());
        assertEquals(new BigDecimal("99.99"), u.percent());
    }

    @Test
    void anIncidentOverMidnightColoursBothDaysAndAnOpenOneRunsUntilNow() {
        Instant lateYesterday = TODAY.minus(Duration.ofHours(1));
        Uptime u = UptimeCalculator.compute(STORE, NOW, 90,
                List.of(impact("checkout", "SEV1", lateYesterday, null)), List.of(), List.of());
        assertEquals("major_outage", day(u, YESTERDAY).status());
        assertEquals(new BigDecimal("95.83"), day(u, YESTERDAY).uptimePercent());
        // today observed 12 h so far, all of it down
        assertEquals("major_outage", day(u, TODAY).status());
        assertEquals(new BigDecimal("0.00"), day(u, TODAY).uptimePercent());
    }

    @Test
    void overlappingIncidentsCountTheWorstOnceNotTwice() {
        Uptime u = UptimeCalculator.compute(STORE, NOW, 90, List.of(
                impact("cart", "SEV2", YESTERDAY, Duration.ofHours(2)),
                impact("checkout", "SEV1", YESTERDAY.plus(Duration.ofHours(1)), Duration.ofHours(2))), List.of(), List.of());
        // 1 h partial (0.3 h) + 2 h major = 2.3 h of 24 h down
        assertEquals("major_outage", day(u, YESTERDAY).status());
        assertEquals(new BigDecimal("90.41"), day(u, YESTERDAY).uptimePercent());
    }

    @Test
    void maintenanceAndOverridesAreHistoryToo() {
        Maintenance window = new Maintenance(UUID.randomUUID(), "upgrade", null, List.of("store"),
                YESTERDAY.plus(Duration.ofHours(2)), YESTERDAY.plus(Duration.ofHours(4)), "alice", YESTERDAY);
        StatusOverride down = new StatusOverride("store", ComponentStatus.major_outage,
                YESTERDAY.plus(Duration.ofHours(10)), null, YESTERDAY.plus(Duration.ofHours(13)), "bob");
        StatusOverride fine = new StatusOverride("store", ComponentStatus.operational, TODAY.plus(Duration.ofHours(1)),
                TODAY.plus(Duration.ofHours(3)), null, "bob");
        // the SEV1 today is hidden for two of its three hours by the operational override
        Uptime u = UptimeCalculator.compute(STORE, NOW, 90,
                List.of(impact("cart", "SEV1", TODAY.plus(Duration.ofHours(1)), Duration.ofHours(3)),
                        impact("cart", "SEV1", YESTERDAY.plus(Duration.ofHours(2)), Duration.ofHours(1))),
                List.of(down, fine), List.of(window));
        // yesterday: 3 h override down; the SEV1 fell inside the maintenance window (maintenance wins)
        assertEquals("major_outage", day(u, YESTERDAY).status());
        assertEquals(new BigDecimal("87.50"), day(u, YESTERDAY).uptimePercent());
        // today: 1 h of 12 down
        assertEquals("major_outage", day(u, TODAY).status());
        assertEquals(new BigDecimal("91.66"), day(u, TODAY).uptimePercent());

        Uptime onlyMaintenance = UptimeCalculator.compute(STORE, NOW, 90, List.of(), List.of(), List.of(window));
        assertEquals("under_maintenance", day(onlyMaintenance, YESTERDAY).status());
        assertEquals(new BigDecimal("100.00"), day(onlyMaintenance, YESTERDAY).uptimePercent());
    }

    @Test
    void daysBeforeTheComponentExistedHaveNoDataAndDoNotCount() {
        StatusComponent young = new StatusComponent("store", "Online store", null, true, List.of("cart"),
                YESTERDAY.plus(Duration.ofHours(12)), YESTERDAY);
        Uptime u = UptimeCalculator.compute(young, NOW, 90,
                List.of(impact("cart", "SEV1", YESTERDAY, Duration.ofHours(13))), List.of(), List.of());
        assertEquals(Uptime.NO_DATA, u.days().get(0).status());
        assertNull(u.days().get(0).uptimePercent());
        assertEquals(Uptime.NO_DATA, day(u, YESTERDAY.minus(Duration.ofDays(1))).status());
        // yesterday observed from noon: 1 h of 12 down; today 12 h up: 1 h of 24 down overall
        assertEquals(new BigDecimal("91.66"), day(u, YESTERDAY).uptimePercent());
        assertEquals(new BigDecimal("95.83"), u.percent());
    }

    @Test
    void theWindowPercentageWeighsEveryObservedSecond() {
        // 90 days minus half of today = 89.5 days observed; 21.48 h of major outage = 1%
        Uptime u = UptimeCalculator.compute(STORE, NOW, 90,
                List.of(impact("cart", "SEV1", TODAY.minus(Duration.ofDays(30)), Duration.ofMinutes(1288).plusSeconds(48))),
                List.of(), List.of());
        assertEquals(new BigDecimal("99.00"), u.percent());
    }

    @Test
    void otherServicesAndOtherComponentsHistoryDoNotCount() {
        StatusOverride otherOverride = new StatusOverride("search", ComponentStatus.major_outage, YESTERDAY, null, null, "x");
        Maintenance otherWindow = new Maintenance(UUID.randomUUID(), "x", null, List.of("search"), YESTERDAY,
                TODAY, "x", YESTERDAY);
        Uptime u = UptimeCalculator.compute(STORE, NOW, 90,
                List.of(impact("search", "SEV1", YESTERDAY, Duration.ofHours(5))), List.of(otherOverride),
                List.of(otherWindow));
        assertEquals(new BigDecimal("100.00"), u.percent());
        assertEquals("operational", day(u, YESTERDAY).status());
    }
}
