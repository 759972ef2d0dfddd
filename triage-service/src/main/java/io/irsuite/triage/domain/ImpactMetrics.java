package io.irsuite.triage.domain;

/**
 * The impact numbers one alert reports; every field may be null (not reported).
 * {@code errorRate} is a fraction (0.12 = 12 %), {@code usersAffectedPct} a percentage.
 */
public record ImpactMetrics(Double errorRate, Double latencyP95Ms, Double baselineP95Ms,
                            Double usersAffectedPct, Double revenueImpactPerHour,
                            Boolean slaBreach, Boolean dataLoss, Boolean securityBreach) {

    public static final ImpactMetrics NONE = new ImpactMetrics(null, null, null, null, null, null, null, null);

    /** Whether the alert reports no figure at all. */
    public boolean reportsNothing() {
        return NONE.equals(this);
    }

    /**
     * These figures updated by a newer report of the same alert: what it reports replaces, what it omits
     * keeps its last value (an omitted figure is not a figure that fell).
     */
    public ImpactMetrics updatedBy(ImpactMetrics newer) {
        if (newer == null) {
            return this;
        }
        return new ImpactMetrics(either(newer.errorRate, errorRate), either(newer.latencyP95Ms, latencyP95Ms),
                either(newer.baselineP95Ms, baselineP95Ms), either(newer.usersAffectedPct, usersAffectedPct),
                either(newer.revenueImpactPerHour, revenueImpactPerHour), either(newer.slaBreach, slaBreach),
                either(newer.dataLoss, dataLoss), either(newer.securityBreach, securityBreach));
    }

    private static <T> T either(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
