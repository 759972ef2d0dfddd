package io.irsuite.comms.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MTTD (detected − started), MTTA (acknowledged − detected) and MTTR (resolved − started), in seconds,
 * as means over the incidents that have both timestamps; null when none has. MTBF: per service, the
 * mean time from an incident's resolution to the start of its next incident, averaged over every such
 * gap. Counts by severity, service and root-cause category, and the auto-remediation rate: the share
 * of resolved incidents whose remediation succeeded automatically (not a dry run). Pure.
 */
public record IncidentMetrics(Instant from, Instant to, int count, Double mttdSeconds, Double mttaSeconds,
                              Double mttrSeconds, Map<String, Figures> bySeverity, Double mtbfSeconds,
                              Map<String, Integer> byService, Map<String, Integer> byCategory,
                              Double autoRemediationRate) {

    /** The figures of one severity. */
    public record Figures(int count, Double mttdSeconds, Double mttaSeconds, Double mttrSeconds) {
    }

    /** What one incident contributes. */
    public record Times(String severity, Instant startedAt, Instant detectedAt, Instant acknowledgedAt,
                        Instant resolvedAt, List<String> services, String category, boolean autoRemediated) {

        public Times(String severity, Instant startedAt, Instant detectedAt, Instant acknowledgedAt, Instant resolvedAt) {
            this(severity, startedAt, detectedAt, acknowledgedAt, resolvedAt, List.of(), null, false);
        }
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
        Map<String, Integer> byService = new TreeMap<>();
        Map<String, Integer> byCategory = new TreeMap<>();
        Map<String, List<Times>> perService = new TreeMap<>();
        for (Times t : inWindow) {
            for (String service : t.services() == null ? List.<String>of() : t.services()) {
                byService.merge(service, 1, Integer::sum);
                perService.computeIfAbsent(service, k -> new ArrayList<>()).add(t);
            }
            byCategory.merge(t.category() == null ? "unknown" : t.category(), 1, Integer::sum);
        }
        long gaps = 0;
        double gapSeconds = 0;
        for (List<Times> list : perService.values()) {
            List<Times> ordered = list.stream().sorted(java.util.Comparator.comparing(Times::startedAt)).toList();
            for (int i = 1; i < ordered.size(); i++) {
                Instant previousEnd = ordered.get(i - 1).resolvedAt();
                if (previousEnd != null && ordered.get(i).startedAt().isAfter(previousEnd)) {
                    gapSeconds += Duration.between(previousEnd, ordered.get(i).startedAt()).toMillis() / 1000.0;
                    gaps++;
                }
            }
        }
        long resolved = inWindow.stream().filter(t -> t.resolvedAt() != null).count();
        long automatic = inWindow.stream().filter(t -> t.resolvedAt() != null && t.autoRemediated()).count();
        return new IncidentMetrics(from, to, all.count(), all.mttdSeconds(), all.mttaSeconds(), all.mttrSeconds(),
                bySeverity, gaps == 0 ? null : Math.round(gapSeconds / gaps * 1000.0) / 1000.0, byService, byCategory,
                resolved == 0 ? null : Math.round((double) automatic / resolved * 1000.0) / 1000.0);
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
