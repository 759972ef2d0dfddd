package io.irsuite.triage.domain;

/**
 * The auto-classification thresholds; a rule fires when the worst reported value is strictly
 * above its threshold. Defaults are the playbooks' figures.
 */
public record SeverityThresholds(double sev1ErrorRate, double sev1UsersAffectedPct, double sev1RevenuePerHour,
                                 double sev2ErrorRate, double sev2UsersAffectedPct, double sev2LatencyFactor,
                                 double sev2RevenuePerHour, double sev3ErrorRate, double sev3UsersAffectedPct) {

    public static SeverityThresholds defaults() {
        return new SeverityThresholds(0.50, 50, 10_000, 0.10, 10, 3, 1_000, 0.01, 1);
    }
}
