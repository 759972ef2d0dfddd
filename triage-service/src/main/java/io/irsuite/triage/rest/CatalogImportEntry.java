package io.irsuite.triage.rest;

import io.irsuite.triage.domain.CatalogEntry;
import io.irsuite.triage.domain.CatalogSpec;
import io.irsuite.triage.domain.ServiceKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** One element of {@code POST /api/v1/catalog/import}: a catalog entry with its name. */
public record CatalogImportEntry(
        @NotNull @Pattern(regexp = CatalogEntry.NAME_PATTERN, message = CatalogEntryRequest.NAME_MESSAGE) String name,
        @Min(value = 1, message = "must be between 1 and 4") @Max(value = 4, message = "must be between 1 and 4") Integer tier,
        @Size(max = 200) String owner,
        @Pattern(regexp = ServiceKind.PATTERN, message = "must be one of service, database, cache, queue, external") String kind,
        @Size(max = 200) List<@NotNull @Pattern(regexp = CatalogEntry.NAME_PATTERN, message = CatalogEntryRequest.NAME_MESSAGE) String> dependsOn,
        @Valid CatalogEntryRequest.KubernetesRequest kubernetes) {

    CatalogSpec toSpec() {
        return new CatalogEntryRequest(tier, owner, kind, dependsOn, kubernetes).toSpec(name);
    }
}
