package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The public status page: overall status, components and the incidents people should know about. */
public record StatusPage(String status, List<Component> components, List<Incident> incidents) {

    public record Component(String name, String status) {
    }

    public record Incident(UUID id, String title, String severity, String status, List<String> services,
                           Instant startedAt, List<Update> updates) {
    }

    public record Update(Instant at, String status, String text) {
    }

    /** A catalog entry as the status page needs it. */
    public record CatalogComponent(String name, Integer tier) {
    }
}
