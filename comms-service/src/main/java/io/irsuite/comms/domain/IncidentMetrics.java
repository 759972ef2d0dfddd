package io.irsuite.comms.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MTTD (detected − started), MTTA (acknowledged − detected) and MTTR (resolved − started), in seconds,
 * as means over the incidents that have both timestamps; null when none has. Pure.
 */
public record IncidentMetrics(Instant from, Instant to, int count, Double mttdSeconds, Double mttaSeconds,
                              Double mttrSeconds, Map<String, Figures> bySeverity) {

    /** The figures of one severity. */
    public record Figures(int count, Double mttdSeconds, Double mttaSeconds, Double mttrSeconds) {
    }

    /** The timestamps one incident contributes. */
    public record Times(String severity, Instant startedAt, Instant detectedAt, Instant acknowledgedAt,
                        Instant resolvedAt) {
    }

    /** Figures over the incidents started in [from, to). */
    public static IncidentMetrics compute(Instant from, Instant to, List<Times> incidents) {
        List<Times> inWindow = incidents.stream()
                .filter(t -> t.startedAt() != null && !t.startedAt().isBefore(from) && t.startedAt().isBefore(to))
                .toList();
        Map<String, List<Times>> grouped = new TreeMap<>();
        for (Times t : inWindow) {
            grouped.computeIfAbsent(t.severity() == null ? "unknown" : t.severity(), k -> new ArrayList<>()).add(t);
        }
        Map<String, Figures> bySeverity = new TreeMap<>();
        grouped.forEach((sev, list) -> bySeverity.put(sev, figures(list)));
        Figures all = figures(inWindow);
        return new IncidentMetrics(from, to, all.count(), all.mttdSeconds(), all.mttaSeconds(), all.mttrSeconds(),
                bySeverity);
    }

    static Figures figures(List<Times> list) {
        return new Figures(list.size(),
                mean(list, Times::startedAt, Times::detectedAt),
                mean(list, Times::detectedAt, Times::acknowledgedAt),
                mean(list, Times::startedAt, Times::resolvedAt));
    }

    private static Double mean(List<Times> list, java.util.function.Function<Times, Instant> start,
                               java.util.function.Function<Times, Instant> end) {
        long n = 0;
        double sum = 0;
        for (Times t : list) {
            Instant a = start.apply(t);
            Instant b = end.apply(t);
            if (a != null && b != null) {
                sum += Duration.between(a, b).toMillis() / 1000.0;
                n++;
            }
        }
        return n == 0 ? null : Math.round(sum / n * 1000.0) / 1000.0;
    }
}
