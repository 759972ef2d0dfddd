package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;

/**
 * The status page as customers see it ({@code /status} and anonymous {@code GET /api/v1/status}). Built
 * only from customer-facing words: status words, public components' display names and groups, severity in
 * words, times, fixed templates, and maintenance titles and descriptions as their author wrote them for
 * customers. Nothing here carries an id, a service name, alert text or anything another service produced.
 */
public record StatusPage(String status, String description, List<Component> components, List<Incident> incidents,
                         List<ScheduledMaintenance> maintenances) {

    public record Component(String displayName, String group, String status, Uptime uptime) {
    }

    /**
     * @param impact the most severe impact the incident had: critical (SEV1), major (SEV2), minor (SEV3)
     * @param status investigating, identified, monitoring or resolved
     */
    public record Incident(String title, String impact, String status, List<String> components, Instant startedAt,
                           Instant resolvedAt, List<Update> updates) {
    }

    public record Update(Instant at, String status, String text) {
    }

    /** @param status scheduled or in_progress */
    public record ScheduledMaintenance(String title, String description, String status, List<String> components,
                                       Instant from, Instant to) {
    }
}
