package io.irsuite.triage.domain;

/**
 * The impact numbers one alert reports; every field may be null (not reported).
 * {@code errorRate} is a fraction (0.12 = 12 %), {@code usersAffectedPct} a percentage.
 */
public record ImpactMetrics(Double errorRate, Double latencyP95Ms, Double baselineP95Ms,
                            Double usersAffectedPct, Double revenueImpactPerHour,
                            Boolean slaBreach, Boolean dataLoss, Boolean securityBreach) {

    public static final ImpactMetrics NONE = new ImpactMetrics(null, null, null, null, null, null, null, null);
}
