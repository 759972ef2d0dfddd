package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Scheduled maintenance: its components are under maintenance in [from, to). Title and description are published as written. */
public record Maintenance(UUID id, String title, String description, List<String> components, Instant from, Instant to,
                         String createdBy, Instant createdAt) {

    public static final String SCHEDULED = "scheduled";
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";

    public Maintenance {
        components = components == null ? List.of() : List.copyOf(components);
    }

    public boolean activeAt(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    public boolean covers(String component) {
        return components.contains(component);
    }

    /** scheduled, in_progress or completed at {@code now}. */
    public String stateAt(Instant now) {
        if (now.isBefore(from)) {
            return SCHEDULED;
        }
        return now.isBefore(to) ? IN_PROGRESS : COMPLETED;
    }
}
