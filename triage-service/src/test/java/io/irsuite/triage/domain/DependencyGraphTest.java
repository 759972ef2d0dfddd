package io.irsuite.triage.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DependencyGraphTest {

    // edge → store ← api ← web; api → ext (not registered); loop-a ↔ loop-b
    private final DependencyGraph graph = DependencyGraph.of(List.of(
            new ServiceNode("web", ServiceKind.SERVICE, 1, List.of("api")),
            new ServiceNode("api", ServiceKind.SERVICE, 1, List.of("store", "ext")),
            new ServiceNode("edge", ServiceKind.SERVICE, 2, List.of("store")),
            new ServiceNode("store", ServiceKind.DATABASE, 1, List.of()),
            new ServiceNode("loop-a", ServiceKind.SERVICE, 3, List.of("loop-b")),
            new ServiceNode("loop-b", ServiceKind.SERVICE, 3, List.of("loop-a"))));

    @Test
    void directAndTransitiveDependencies() {
        assertEquals(Set.of("store", "ext"), graph.dependenciesOf("api"));
        assertEquals(Set.of("api", "store", "ext"), graph.transitiveDependencies("web"));
        assertEquals(Set.of(), graph.transitiveDependencies("store"));
    }

    @Test
    void directAndTransitiveDependents() {
        assertEquals(Set.of("api", "edge"), graph.dependentsOf("store"));
        assertEquals(List.of("api", "edge", "web"), List.copyOf(graph.transitiveDependents("store")));
        assertEquals(Set.of("api", "web"), graph.transitiveDependents("ext"));
    }

    @Test
    void unregisteredDependenciesAreNodesOfUnknownKind() {
        assertFalse(graph.registered("ext"));
        assertTrue(graph.kindOf("ext").isEmpty());
        assertEquals(ServiceKind.DATABASE, graph.kindOf("store").orElseThrow());
    }

    @Test
    void cyclesTerminateAndExcludeTheStart() {
        assertEquals(Set.of("loop-b"), graph.transitiveDependencies("loop-a"));
        assertEquals(Set.of("loop-b"), graph.transitiveDependents("loop-a"));
    }
}
