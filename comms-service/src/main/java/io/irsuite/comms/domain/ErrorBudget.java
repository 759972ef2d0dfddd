package io.irsuite.comms.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The error budget of a service over its SLO window: {@code (100 − objective) %} of the window, in
 * minutes, consumed by its incidents: each incident's time inside the window (to its resolution, or now
 * while open) weighted by how much of the service it took down, from its severity as the playbook
 * defines them: SEV1 1.0 (complete outage), SEV2 0.3 (major degradation, 10–50 % of users), SEV3 0.05
 * (minor, 1–10 %), SEV4 0 (under 1 %). States as the playbook: healthy below 50 % consumed, warning
 * 50–100 %, exhausted above 100 % (freeze deployments). Pure.
 */
public record ErrorBudget(String service, double objective, int windowDays, Instant from, Instant to,
                          double budgetMinutes, double consumedMinutes, double consumedPercent, String state,
                          int incidents) {

    public static final String HEALTHY = "healthy";
    public static final String WARNING = "warning";
    public static final String EXHAUSTED = "exhausted";

    /** One incident of the service. */
    public record Outage(String severity, Instant startedAt, Instant resolvedAt) {
    }

    static double weight(String severity) {
        return switch (Severity.orLowest(severity)) {
            case SEV1 -> 1.0;
            case SEV2 -> 0.3;
            case SEV3 -> 0.05;
            case SEV4 -> 0.0;
        };
    }

    public static ErrorBudget of(String service, double objective, int windowDays, Instant now, List<Outage> outages) {
        Instant from = now.minus(Duration.ofDays(windowDays));
        double budget = (100.0 - objective) / 100.0 * windowDays * 24 * 60;
        double consumed = 0;
        int counted = 0;
        for (Outage o : outages) {
            if (o.startedAt() == null) {
                continue;
            }
            Instant start = o.startedAt().isBefore(from) ? from : o.startedAt();
            Instant end = o.resolvedAt() == null || o.resolvedAt().isAfter(now) ? now : o.resolvedAt();
            if (!end.isAfter(start)) {
                continue;
            }
            counted++;
            consumed += Duration.between(start, end).toMillis() / 60000.0 * weight(o.severity());
        }
        double percent = budget <= 0 ? (consumed > 0 ? 999999 : 0) : round(consumed / budget * 100.0);
        String state = percent > 100 ? EXHAUSTED : percent >= 50 ? WARNING : HEALTHY;
        return new ErrorBudget(service, objective, windowDays, from, now, round(budget), round(consumed), percent, state,
                counted);
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
