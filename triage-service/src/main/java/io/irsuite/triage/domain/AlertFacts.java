package io.irsuite.triage.domain;

import java.time.Instant;

/**
 * What triage knows of one alert.
 *
 * @param incidentId the incident the alert belongs to (as text; may be another incident than the one triaged)
 * @param startsAt   when it started firing, null if the source did not say
 */
public record AlertFacts(String incidentId, String service, String name, String summary, String description,
                         Instant startsAt, boolean firing, ImpactMetrics metrics) {

    public AlertFacts {
        metrics = metrics == null ? ImpactMetrics.NONE : metrics;
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
}
