package io.irsuite.triage.domain;

import java.util.List;

/** One catalog entry as the dependency graph sees it. */
public record ServiceNode(String name, ServiceKind kind, int tier, List<String> dependsOn) {

    public ServiceNode {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
