package io.irsuite.triage.domain;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What triage knows of one alert.
 *
 * @param incidentId the incident the alert belongs to (as text; may be another incident than the one triaged)
 * @param startsAt   when it started firing, null if the source did not say
 * @param labels     the alert's labels (never null); their values are read as text too
 * @param severity   the level the alert source gave, null when it gave none
 */
public record AlertFacts(String incidentId, String service, String name, String summary, String description,
                         Instant startsAt, boolean firing, ImpactMetrics metrics, Map<String, String> labels,
                         Severity severity) {

    public AlertFacts {
        metrics = metrics == null ? ImpactMetrics.NONE : metrics;
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(withoutNulls(labels)));
    }

    public AlertFacts(String incidentId, String service, String name, String summary, String description,
                      Instant startsAt, boolean firing, ImpactMetrics metrics, Map<String, String> labels) {
        this(incidentId, service, name, summary, description, startsAt, firing, metrics, labels, null);
    }

    public AlertFacts(String incidentId, String service, String name, String summary, String description,
                      Instant startsAt, boolean firing, ImpactMetrics metrics) {
        this(incidentId, service, name, summary, description, startsAt, firing, metrics, Map.of(), null);
    }

    /** Name, summary and description together: what the text heuristics read. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String part : new String[]{name, summary, description}) {
            if (part != null && !part.isBlank()) {
                sb.append(part).append(' ');
            }
        }
        return sb.toString().trim();
    }

    private static Map<String, String> withoutNulls(Map<String, String> labels) {
        Map<String, String> clean = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (k != null && v != null) {
                clean.put(k, v);
            }
        });
        return clean;
    }
}
