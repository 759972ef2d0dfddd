package io.irsuite.triage.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irsuite.triage.domain.ChangeEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recorded change as the API shows it; {@code retriagedIncidents} (only in the answer to its POST) lists
 * the open incidents it re-triaged.
 */
public record ChangeView(UUID id, String service, String type, String version, String previousVersion,
                         String description, Instant at, Instant receivedAt,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<UUID> retriagedIncidents) {

    static ChangeView of(ChangeEvent c) {
        return of(c, null);
    }

    static ChangeView of(ChangeEvent c, List<UUID> retriaged) {
        return new ChangeView(c.id, c.service, c.type, c.version, c.previousVersion, c.description, c.at, c.receivedAt,
                retriaged);
    }
}
