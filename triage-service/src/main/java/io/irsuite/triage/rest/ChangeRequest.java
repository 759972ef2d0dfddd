package io.irsuite.triage.rest;

import io.irsuite.triage.domain.CatalogEntry;
import io.irsuite.triage.domain.ChangeFacts;
import io.irsuite.triage.domain.ChangeType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Body of {@code POST /api/v1/changes}; {@code at} defaults to the time of receipt. */
public record ChangeRequest(
        @NotNull @Pattern(regexp = CatalogEntry.NAME_PATTERN, message = CatalogEntryRequest.NAME_MESSAGE) String service,
        @NotNull @Pattern(regexp = ChangeType.PATTERN, message = "must be one of deploy, config, feature_flag, infra") String type,
        @Size(max = 200) String version,
        @Size(max = 200) String previousVersion,
        @Size(max = 4000) String description,
        Instant at) {

    public ChangeFacts facts() {
        return new ChangeFacts(service, ChangeType.fromWire(type), version, description, at);
    }
}
