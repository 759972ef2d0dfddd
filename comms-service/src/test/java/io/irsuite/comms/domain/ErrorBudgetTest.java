package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Error budgets: the window's allowance consumed by severity-weighted incident time, and its state. */
class ErrorBudgetTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static ErrorBudget.Outage outage(String severity, Duration agoStart, Duration agoEnd) {
        return new ErrorBudget.Outage(severity, NOW.minus(agoStart), agoEnd == null ? null : NOW.minus(agoEnd));
    }

    @Test
    void consumptionIsWeightedBySeverityAndClippedToTheWindow() {
        // 99.9 % over 30 days: 43.2 min of budget
        record Case(String name, List<ErrorBudget.Outage> outages, double consumed, String state) {
        }
        List<Case> cases = List.of(
                new Case("none", List.of(), 0, "healthy"),
                new Case("a SEV1 of 20 min", List.of(outage("SEV1", Duration.ofMinutes(80), Duration.ofMinutes(60))), 20, "healthy"),
                new Case("a SEV1 of 30 min: 69 %", List.of(outage("SEV1", Duration.ofMinutes(90), Duration.ofMinutes(60))), 30, "warning"),
                new Case("a SEV2 of 100 min counts 30 %", List.of(outage("SEV2", Duration.ofMinutes(200), Duration.ofMinutes(100))), 30, "warning"),
                new Case("SEV4 costs nothing", List.of(outage("SEV4", Duration.ofDays(2), Duration.ofDays(1))), 0, "healthy"),
                new Case("an open SEV1 counts until now", List.of(outage("SEV1", Duration.ofMinutes(50), null)), 50, "exhausted"),
                new Case("only the part inside the window", List.of(outage("SEV1", Duration.ofDays(30).plusMinutes(40),
                        Duration.ofDays(30).minusMinutes(10))), 10, "healthy"),
                new Case("before the window: nothing", List.of(outage("SEV1", Duration.ofDays(40), Duration.ofDays(35))), 0, "healthy"));
        for (Case c : cases) {
            ErrorBudget b = ErrorBudget.of("checkout", 99.9, 30, NOW, c.outages());
            assertEquals(43.2, b.budgetMinutes(), c.name());
            assertEquals(c.consumed(), b.consumedMinutes(), 0.01, c.name());
            assertEquals(c.state(), b.state(), c.name());
        }
    }

    @Test
    void theStateBoundariesAreThePlaybooks() {
        // 99 % over 1 day: 14.4 min
        assertEquals("healthy", ErrorBudget.of("s", 99, 1, NOW, List.of(outage("SEV1", Duration.ofMinutes(7), Duration.ZERO))).state());
        assertEquals("warning", ErrorBudget.of("s", 99, 1, NOW, List.of(outage("SEV1", Duration.ofSeconds(432), Duration.ZERO))).state());
        assertEquals("warning", ErrorBudget.of("s", 99, 1, NOW, List.of(outage("SEV1", Duration.ofSeconds(864), Duration.ZERO))).state());
        assertEquals("exhausted", ErrorBudget.of("s", 99, 1, NOW, List.of(outage("SEV1", Duration.ofSeconds(870), Duration.ZERO))).state());
    }
}
