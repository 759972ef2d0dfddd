package io.irsuite.triage.domain;

import io.irsuite.platform.problem.InvalidInputException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The desired state of one catalog entry, already validated field by field; the constructor
 * enforces the rules that span fields.
 *
 * @param namespace  Kubernetes namespace, null for an entry outside Kubernetes (then deployment is null too)
 */
public record CatalogSpec(String name, int tier, String owner, ServiceKind kind, List<String> dependsOn,
                          String namespace, String deployment) {

    public CatalogSpec {
        Objects.requireNonNull(name);
        kind = kind == null ? ServiceKind.SERVICE : kind;
        // A repeated dependency is one edge; order of first mention is kept for readers.
        dependsOn = dependsOn == null ? List.of() : List.copyOf(new LinkedHashSet<>(dependsOn));
        if (dependsOn.contains(name)) {
            throw InvalidInputException.of("dependsOn", "a service cannot depend on itself");
        }
        if ((namespace == null) != (deployment == null)) {
            throw InvalidInputException.of("kubernetes", "namespace and deployment are both required");
        }
    }
}
