package io.irsuite.triage.domain;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The catalog's dependency graph: an edge A → B when A depends on B. A dependency may name a
 * service that is not registered; it is then a node of unknown kind. Cycles are tolerated.
 */
public final class DependencyGraph {

    private final Map<String, ServiceNode> nodes = new HashMap<>();
    private final Map<String, Set<String>> dependencies = new HashMap<>();
    private final Map<String, Set<String>> dependents = new HashMap<>();

    private DependencyGraph(Collection<ServiceNode> services) {
        for (ServiceNode node : services) {
            nodes.put(node.name(), node);
            for (String dependency : node.dependsOn()) {
                if (dependency.equals(node.name())) {
                    continue;
                }
                dependencies.computeIfAbsent(node.name(), k -> new TreeSet<>()).add(dependency);
                dependents.computeIfAbsent(dependency, k -> new TreeSet<>()).add(node.name());
            }
        }
    }

    public static DependencyGraph of(Collection<ServiceNode> services) {
        return new DependencyGraph(services);
    }

    public static DependencyGraph empty() {
        return new DependencyGraph(java.util.List.of());
    }

    /** Every name the graph knows: registered services and the dependencies they name; sorted. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>(nodes.keySet());
        names.addAll(dependents.keySet());
        return names;
    }

    /** Whether {@code service} is registered in the catalog. */
    public boolean registered(String service) {
        return nodes.containsKey(service);
    }

    /** The catalog tier (1 most critical), empty for a service that is not registered. */
    public Optional<Integer> tierOf(String service) {
        return Optional.ofNullable(nodes.get(service)).map(ServiceNode::tier);
    }

    public Optional<ServiceKind> kindOf(String service) {
        return Optional.ofNullable(nodes.get(service)).map(ServiceNode::kind);
    }

    /** What {@code service} depends on directly, sorted. */
    public Set<String> dependenciesOf(String service) {
        return new TreeSet<>(dependencies.getOrDefault(service, Set.of()));
    }

    /** What depends on {@code service} directly, sorted. */
    public Set<String> dependentsOf(String service) {
        return new TreeSet<>(dependents.getOrDefault(service, Set.of()));
    }

    /** Everything {@code service} depends on, directly or not, without itself; sorted. */
    public Set<String> transitiveDependencies(String service) {
        return reach(service, s -> dependencies.getOrDefault(s, Set.of()));
    }

    /** Everything that depends on {@code service}, directly or not, without itself; sorted. */
    public Set<String> transitiveDependents(String service) {
        return reach(service, s -> dependents.getOrDefault(s, Set.of()));
    }

    private static Set<String> reach(String start, Function<String, Set<String>> next) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(next.apply(start));
        while (!queue.isEmpty()) {
            String current = queue.poll();
            if (!current.equals(start) && seen.add(current)) {
                queue.addAll(next.apply(current));
            }
        }
        return new TreeSet<>(seen);
    }
}
