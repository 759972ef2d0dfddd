package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;

/**
 * A customer-facing component of the status page: a display name (and optional group) over the catalog
 * services whose incidents decide its status. Only public ones reach customers.
 */
public record StatusComponent(String name, String displayName, String group, boolean isPublic, List<String> services,
                              Instant createdAt, Instant updatedAt) {

    public StatusComponent {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /** True when an incident on {@code incidentServices} touches this component. */
    public boolean touchedBy(List<String> incidentServices) {
        for (String s : incidentServices) {
            if (services.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
