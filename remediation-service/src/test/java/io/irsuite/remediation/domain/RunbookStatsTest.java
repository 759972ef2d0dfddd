package io.irsuite.remediation.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunbookStatsTest {

    @Test
    void theRateCountsOnlyOutcomesThatJudgeTheActionAndIsRoundedToTwoDecimals() {
        Instant at = Instant.parse("2026-01-01T10:00:00Z");
        record Case(String name, long executions, long succeeded, long blamed, Double recovery, RunbookStats expected) {
        }
        List<Case> cases = List.of(
                new Case("never ran", 0, 0, 0, null, new RunbookStats(0, 0, null, at, null)),
                new Case("only outcomes that blame nobody (interrupted, cancelled): no rate", 3, 0, 0, null,
                        new RunbookStats(3, 0, null, at, null)),
                new Case("9 of 11", 12, 9, 2, 74.4, new RunbookStats(12, 9, 0.82, at, 74L)),
                new Case("2 of 3 rounds half up", 3, 2, 1, 59.5, new RunbookStats(3, 2, 0.67, at, 60L)),
                new Case("all failed", 2, 0, 2, null, new RunbookStats(2, 0, 0.0, at, null)),
                new Case("all succeeded", 4, 4, 0, 10.0, new RunbookStats(4, 4, 1.0, at, 10L)));
        for (Case c : cases) {
            assertEquals(c.expected(), RunbookStats.of(c.executions(), c.succeeded(), c.blamed(), at, c.recovery()), c.name());
        }
    }
}
