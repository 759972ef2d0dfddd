package io.irsuite.comms.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.irsuite.comms.domain.StatusComponent;
import io.irsuite.comms.domain.StatusOverride;
import io.irsuite.comms.service.StatusComponentService;

import java.time.Instant;
import java.util.List;

/** A status-page component as read back, with the manual override in effect (null when none). */
public record StatusComponentView(String name, String displayName, String group,
                                  @JsonProperty("public") boolean isPublic, List<String> services,
                                  OverrideView override, Instant createdAt, Instant updatedAt) {

    public record OverrideView(String status, Instant from, Instant until, String setBy) {

        static OverrideView of(StatusOverride o) {
            return o == null ? null : new OverrideView(o.status().name(), o.from(), o.until(), o.setBy());
        }
    }

    static StatusComponentView of(StatusComponent c, StatusOverride o) {
        return new StatusComponentView(c.name(), c.displayName(), c.group(), c.isPublic(), c.services(),
                OverrideView.of(o), c.createdAt(), c.updatedAt());
    }

    static StatusComponentView of(StatusComponentService.Read r) {
        return of(r.component(), r.override());
    }
}
