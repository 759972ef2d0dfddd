package io.irsuite.triage.rest;

import io.irsuite.triage.domain.CatalogEntry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/incidents/{id}/feedback}: the confirmed root cause; {@code by} defaults to
 * the caller's token name.
 */
public record FeedbackRequest(@NotNull @Valid ConfirmedCause rootCause, @Size(max = 200) String by,
                              @Size(max = 4000) String note) {

    static final String CATEGORIES = "deploy|config|resource_exhaustion|database|dependency|network|certificate"
            + "|capacity|security|external|unknown";

    public record ConfirmedCause(
            @NotNull @Pattern(regexp = CatalogEntry.NAME_PATTERN, message = CatalogEntryRequest.NAME_MESSAGE) String service,
            @NotNull @Pattern(regexp = CATEGORIES, message = "must be one of " + CATEGORIES) String category) {
    }
}
