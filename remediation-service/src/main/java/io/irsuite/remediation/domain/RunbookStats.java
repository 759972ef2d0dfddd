package io.irsuite.remediation.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * What a runbook's executions say about it (the playbook's runbook metadata), dry runs left out.
 *
 * @param executions             executions that started
 * @param succeeded              of those, SUCCEEDED
 * @param successRate            succeeded / (succeeded + failures that blame the action), two decimals;
 *                               null while there is no such outcome
 * @param lastUsedAt             the newest start
 * @param averageRecoverySeconds mean of finished − started over the SUCCEEDED ones, null when none
 */
public record RunbookStats(long executions, long succeeded, Double successRate, Instant lastUsedAt,
                           Long averageRecoverySeconds) {

    /** A runbook that never ran. */
    public static final RunbookStats NONE = new RunbookStats(0, 0, null, null, null);

    /**
     * From the counts of one runbook: {@code blamed} are the FAILED or ROLLED_BACK executions whose
     * failure blames the action; the rest (interrupted, unreachable, cancelled, ...) do not lower the rate.
     */
    public static RunbookStats of(long executions, long succeeded, long blamed, Instant lastUsedAt,
                                  Double averageRecoverySeconds) {
        long outcomes = succeeded + blamed;
        Double rate = outcomes == 0 ? null
                : BigDecimal.valueOf(succeeded).divide(BigDecimal.valueOf(outcomes), 2, RoundingMode.HALF_UP).doubleValue();
        Long recovery = averageRecoverySeconds == null ? null : Math.round(averageRecoverySeconds);
        return new RunbookStats(executions, succeeded, rate, lastUsedAt, recovery);
    }
}
