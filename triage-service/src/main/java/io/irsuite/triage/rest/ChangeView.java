package io.irsuite.triage.rest;

import io.irsuite.triage.domain.ChangeEvent;

import java.time.Instant;
import java.util.UUID;

/** A recorded change as the API shows it. */
public record ChangeView(UUID id, String service, String type, String version, String previousVersion,
                         String description, Instant at, Instant receivedAt) {

    static ChangeView of(ChangeEvent c) {
        return new ChangeView(c.id, c.service, c.type, c.version, c.previousVersion, c.description, c.at, c.receivedAt);
    }
}
