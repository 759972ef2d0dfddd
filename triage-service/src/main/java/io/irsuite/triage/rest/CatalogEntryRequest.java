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

/** Body of {@code PUT /api/v1/catalog/services/{name}}. */
public record CatalogEntryRequest(
        @Min(value = 1, message = "must be between 1 and 4") @Max(value = 4, message = "must be between 1 and 4") Integer tier,
        @Size(max = 200) String owner,
        @Pattern(regexp = ServiceKind.PATTERN, message = "must be one of service, database, cache, queue, external") String kind,
        @Size(max = 200) List<@NotNull @Pattern(regexp = CatalogEntry.NAME_PATTERN, message = NAME_MESSAGE) String> dependsOn,
        @Valid KubernetesRequest kubernetes) {

    static final String NAME_MESSAGE = "must match " + CatalogEntry.NAME_PATTERN;

    /** Kubernetes coordinates; both fields are required when the object is present. */
    public record KubernetesRequest(@NotNull @Size(min = 1, max = 253) String namespace,
                                    @NotNull @Size(min = 1, max = 253) String deployment) {
    }

    CatalogSpec toSpec(String name) {
        return new CatalogSpec(name, tier == null ? CatalogEntry.DEFAULT_TIER : tier, owner, ServiceKind.fromWire(kind),
                dependsOn, kubernetes == null ? null : kubernetes.namespace(),
                kubernetes == null ? null : kubernetes.deployment());
    }
}
