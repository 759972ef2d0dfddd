package io.irsuite.triage.rest;

import io.irsuite.triage.domain.CatalogEntry;

import java.time.Instant;
import java.util.List;

/** A stored catalog entry as the API shows it. */
public record CatalogEntryView(String name, int tier, String owner, String kind, List<String> dependsOn,
                               Kubernetes kubernetes, long revision, Instant updatedAt) {

    public record Kubernetes(String namespace, String deployment) {
    }

    static CatalogEntryView of(CatalogEntry e) {
        return new CatalogEntryView(e.name, e.tier, e.owner, e.kind, List.copyOf(e.dependsOn),
                e.k8sNamespace == null ? null : new Kubernetes(e.k8sNamespace, e.k8sDeployment), e.revision, e.updatedAt);
    }
}
