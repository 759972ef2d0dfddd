package io.irsuite.comms.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything behind the status page, for responders ({@code GET /api/v1/status?internal=true} with a
 * viewer token): every component with its services and override, every active and recently resolved
 * incident with its internal updates (page and escalation kinds too) and what of it is published.
 */
public record InternalStatusPage(String status, List<Component> components, List<Incident> incidents,
                                 List<MaintenanceView> maintenances, StatusPage published) {

    /**
     * @param status        what the page shows
     * @param derivedStatus what the active incidents alone say
     * @param maintenance   the title of the maintenance in progress, or null
     */
    public record Component(String name, String displayName, String group, @JsonProperty("public") boolean isPublic,
                            List<String> services, String status, String derivedStatus, ManualStatus override,
                            String maintenance, Uptime uptime) {
    }

    public record ManualStatus(String status, Instant from, Instant until, String setBy) {
    }

    /** @param published whether the incident is listed on the public page */
    public record Incident(UUID id, String title, String severity, String status, List<String> services,
                           List<String> components, boolean published, Instant startedAt, Instant resolvedAt,
                           List<Update> updates) {
    }

    public record Update(Instant at, String kind, String status, String severity, String text) {
    }
}
