package io.irsuite.triage.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import static io.irsuite.triage.domain.Numbers.finite;
import static io.irsuite.triage.domain.Numbers.fmt;

/**
 * Classifies an incident's severity from the worst value of each metric across its alerts, with
 * the playbook rules: the highest level with at least one firing rule wins, and its reasons name
 * every rule that fired at that level.
 */
public final class SeverityClassifier {

    private final SeverityThresholds t;

    public SeverityClassifier(SeverityThresholds thresholds) {
        this.t = Objects.requireNonNull(thresholds);
    }

    /**
     * The level of {@link #classify(Collection)}; but when no alert reports a single impact figure, the
     * highest level the alert sources gave (figures are the evidence: without any, their own word stands).
     */
    public SeverityAssessment classify(Collection<ImpactMetrics> alerts, Collection<Severity> given) {
        Severity highest = given.stream().filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        if (highest != null && alerts.stream().allMatch(m -> m == null || m.reportsNothing())) {
            return new SeverityAssessment(highest, List.of("no alert reports impact figures; the highest level "
                    + "their sources gave is " + highest.name()));
        }
        return classify(alerts);
    }

    public SeverityAssessment classify(Collection<ImpactMetrics> alerts) {
        Double errorRate = worst(alerts, ImpactMetrics::errorRate);
        Double users = worst(alerts, ImpactMetrics::usersAffectedPct);
        Double revenue = worst(alerts, ImpactMetrics::revenueImpactPerHour);
        ImpactMetrics slowest = slowestRelativeToBaseline(alerts);

        List<String> sev1 = new ArrayList<>();
        above(sev1, errorRate, t.sev1ErrorRate(), v -> "errorRate " + pct(v) + "% > " + pct(t.sev1ErrorRate()) + "%");
        above(sev1, users, t.sev1UsersAffectedPct(), v -> "usersAffectedPct " + fmt(v) + "% > " + fmt(t.sev1UsersAffectedPct()) + "%");
        above(sev1, revenue, t.sev1RevenuePerHour(), v -> "revenueImpactPerHour $" + fmt(v) + " > $" + fmt(t.sev1RevenuePerHour()));
        flag(sev1, alerts, ImpactMetrics::slaBreach, "slaBreach reported");
        flag(sev1, alerts, ImpactMetrics::dataLoss, "dataLoss reported");
        flag(sev1, alerts, ImpactMetrics::securityBreach, "securityBreach reported");
        if (!sev1.isEmpty()) {
            return new SeverityAssessment(Severity.SEV1, sev1);
        }

        List<String> sev2 = new ArrayList<>();
        above(sev2, errorRate, t.sev2ErrorRate(), v -> "errorRate " + pct(v) + "% > " + pct(t.sev2ErrorRate()) + "%");
        above(sev2, users, t.sev2UsersAffectedPct(), v -> "usersAffectedPct " + fmt(v) + "% > " + fmt(t.sev2UsersAffectedPct()) + "%");
        if (slowest != null && slowest.latencyP95Ms() > t.sev2LatencyFactor() * slowest.baselineP95Ms()) {
            sev2.add("p95 latency " + fmt(slowest.latencyP95Ms()) + "ms > " + fmt(t.sev2LatencyFactor())
                    + "x baseline " + fmt(slowest.baselineP95Ms()) + "ms");
        }
        above(sev2, revenue, t.sev2RevenuePerHour(), v -> "revenueImpactPerHour $" + fmt(v) + " > $" + fmt(t.sev2RevenuePerHour()));
        if (!sev2.isEmpty()) {
            return new SeverityAssessment(Severity.SEV2, sev2);
        }

        List<String> sev3 = new ArrayList<>();
        above(sev3, errorRate, t.sev3ErrorRate(), v -> "errorRate " + pct(v) + "% > " + pct(t.sev3ErrorRate()) + "%");
        above(sev3, users, t.sev3UsersAffectedPct(), v -> "usersAffectedPct " + fmt(v) + "% > " + fmt(t.sev3UsersAffectedPct()) + "%");
        if (!sev3.isEmpty()) {
            return new SeverityAssessment(Severity.SEV3, sev3);
        }
        return new SeverityAssessment(Severity.SEV4, List.of("below every SEV3 threshold"));
    }

    private static String pct(double fraction) {
        return fmt(fraction * 100);
    }

    private static void above(List<String> reasons, Double value, double threshold, Function<Double, String> reason) {
        if (value != null && value > threshold) {
            reasons.add(reason.apply(value));
        }
    }

    private static void flag(List<String> reasons, Collection<ImpactMetrics> alerts,
                             Function<ImpactMetrics, Boolean> field, String reason) {
        if (alerts.stream().filter(Objects::nonNull).map(field).anyMatch(Boolean.TRUE::equals)) {
            reasons.add(reason);
        }
    }

    private static Double worst(Collection<ImpactMetrics> alerts, Function<ImpactMetrics, Double> field) {
        return alerts.stream().filter(Objects::nonNull).map(field)
                .filter(Numbers::finite).max(Double::compare).orElse(null);
    }

    /** The alert whose p95 is furthest above its own baseline (latency and baseline come from one alert). */
    private static ImpactMetrics slowestRelativeToBaseline(Collection<ImpactMetrics> alerts) {
        ImpactMetrics slowest = null;
        double worstRatio = Double.NEGATIVE_INFINITY;
        for (ImpactMetrics m : alerts) {
            if (m == null || !finite(m.latencyP95Ms()) || !finite(m.baselineP95Ms()) || m.baselineP95Ms() <= 0) {
                continue;
            }
            double ratio = m.latencyP95Ms() / m.baselineP95Ms();
            if (ratio > worstRatio) {
                worstRatio = ratio;
                slowest = m;
            }
        }
        return slowest;
    }

    /**
     * Re-classification after new evidence: the level of {@link #classify}, with a first reason saying how it
     * moved from {@code previous}. Callers keep each alert's latest reported figures (a figure an update
     * omits is not a figure that fell), so a fall only happens when an alert reports lower figures.
     */
    public SeverityAssessment reclassify(Severity previous, Collection<ImpactMetrics> alerts, Collection<Severity> given) {
        SeverityAssessment now = classify(alerts, given);
        if (previous == null || previous == now.severity()) {
            return now;
        }
        List<String> reasons = new java.util.ArrayList<>();
        reasons.add(previous.compareTo(now.severity()) > 0
                ? "raised from " + previous.name()
                : "lowered from " + previous.name() + ": the alerts now report lower figures");
        reasons.addAll(now.reasons());
        return new SeverityAssessment(now.severity(), reasons);
    }
}
