package io.irsuite.triage.rest;

import io.irsuite.triage.domain.CatalogEntry;
import io.irsuite.triage.domain.Category;
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

    public record ConfirmedCause(
            @NotNull @Pattern(regexp = CatalogEntry.NAME_PATTERN, message = CatalogEntryRequest.NAME_MESSAGE) String service,
            @NotNull @Pattern(regexp = Category.PATTERN, message = "must be one of " + Category.PATTERN) String category) {
    }
}
