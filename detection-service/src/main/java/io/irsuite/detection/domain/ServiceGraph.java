package io.irsuite.detection.domain;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dependency graph of the service catalog, read-only. An edge {@code a → b} means "a depends
 * on b" (a calls b; a failure of b shows up at a). Only registered services are nodes: a service
 * the catalog does not know is related to nothing but itself.
 */
public final class ServiceGraph {

    private static final ServiceGraph EMPTY = new ServiceGraph(Map.of());

    /** service → its direct dependencies (registered services only as keys). */
    private final Map<String, Set<String>> dependsOn;
    /** service → the services that depend on it directly. */
    private final Map<String, Set<String>> dependents;

    public ServiceGraph(Map<String, ? extends Collection<String>> dependsOn) {
        this.dependsOn = new HashMap<>();
        this.dependents = new HashMap<>();
        dependsOn.forEach((service, deps) -> this.dependsOn.put(service, new LinkedHashSet<>(deps)));
        this.dependsOn.forEach((service, deps) -> {
            for (String dep : deps) {
                // an edge to a name the catalog does not register is kept out: unknown services stand alone
                if (dependsOn.containsKey(dep) && !dep.equals(service)) {
                    dependents.computeIfAbsent(dep, k -> new LinkedHashSet<>()).add(service);
                }
            }
        });
        this.dependsOn.replaceAll((service, deps) -> {
            Set<String> known = new LinkedHashSet<>();
            deps.stream().filter(d -> dependsOn.containsKey(d) && !d.equals(service)).forEach(known::add);
            return known;
        });
    }

    public static ServiceGraph empty() {
        return EMPTY;
    }

    /** Whether the catalog registers {@code service}. */
    public boolean contains(String service) {
        return dependsOn.containsKey(service);
    }

    /**
     * The fewest hops from {@code from} down to {@code to} following "depends on" (so {@code from}
     * depends on {@code to} transitively), if at most {@code maxHops}. 0 when they are the same
     * service (known or not).
     */
    public OptionalInt hopsDown(String from, String to, int maxHops) {
        return distance(from, to, maxHops, dependsOn);
    }

    /** Whether {@code from} depends on {@code to} at any distance. */
    public boolean dependsOn(String from, String to) {
        return !from.equals(to) && distance(from, to, Integer.MAX_VALUE, dependsOn).isPresent();
    }

    /**
     * How {@code a} and {@code b} are related within {@code maxHops}: the same service (0 hops), or
     * one depends on the other transitively (a is upstream or downstream of b). Siblings (two
     * services that share a dependency or a caller) are not related.
     */
    public Optional<Relation> relation(String a, String b, int maxHops) {
        if (a.equals(b)) {
            return Optional.of(Relation.same(a));
        }
        OptionalInt down = hopsDown(a, b, maxHops);
        OptionalInt up = hopsDown(b, a, maxHops);
        if (down.isPresent() && (up.isEmpty() || down.getAsInt() <= up.getAsInt())) {
            return Optional.of(new Relation(a, b, down.getAsInt()));
        }
        return up.isPresent() ? Optional.of(new Relation(b, a, up.getAsInt())) : Optional.empty();
    }

    /** The services {@code service} depends on within {@code maxHops} (itself excluded). */
    public Set<String> below(String service, int maxHops) {
        return contains(service) ? reachable(service, maxHops, dependsOn) : Set.of();
    }

    /** {@code service} and every service it is related to within {@code maxHops}, up or down. */
    public Set<String> neighbourhood(String service, int maxHops) {
        Set<String> out = new TreeSet<>();
        out.add(service);
        if (contains(service)) {
            out.addAll(reachable(service, maxHops, dependsOn));
            out.addAll(reachable(service, maxHops, dependents));
        }
        return out;
    }

    /**
     * The deepest of {@code members}: those that depend on no other member (members on one cycle
     * count as one level). They are the incident's current best guess of its cause. A member the
     * catalog does not know is always one of them.
     */
    public Set<String> deepest(Collection<String> members) {
        Set<String> out = new TreeSet<>();
        for (String m : members) {
            boolean hasDeeper = false;
            for (String other : members) {
                if (!other.equals(m) && dependsOn(m, other) && !dependsOn(other, m)) {
                    hasDeeper = true;
                    break;
                }
            }
            if (!hasDeeper) {
                out.add(m);
            }
        }
        return out;
    }

    private OptionalInt distance(String from, String to, int maxHops, Map<String, Set<String>> edges) {
        if (from.equals(to)) {
            return OptionalInt.of(0);
        }
        if (!contains(from) || !contains(to)) {
            return OptionalInt.empty();
        }
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        Map<String, Integer> depth = new HashMap<>(Map.of(from, 0));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            int d = depth.get(at);
            if (d >= maxHops) {
                continue;
            }
            for (String next : edges.getOrDefault(at, Set.of())) {
                if (depth.containsKey(next)) {
                    continue;
                }
                if (next.equals(to)) {
                    return OptionalInt.of(d + 1);
                }
                depth.put(next, d + 1);
                queue.add(next);
            }
        }
        return OptionalInt.empty();
    }

    private static Set<String> reachable(String from, int maxHops, Map<String, Set<String>> edges) {
        Set<String> seen = new HashSet<>(Set.of(from));
        Deque<String> frontier = new ArrayDeque<>(List.of(from));
        for (int hop = 0; hop < maxHops && !frontier.isEmpty(); hop++) {
            Deque<String> next = new ArrayDeque<>();
            for (String at : frontier) {
                for (String n : edges.getOrDefault(at, Set.of())) {
                    if (seen.add(n)) {
                        next.add(n);
                    }
                }
            }
            frontier = next;
        }
        seen.remove(from);
        return seen;
    }

    /** {@code upstream} depends on {@code downstream} in {@code hops} hops (0: the same service). */
    public record Relation(String upstream, String downstream, int hops) {

        static Relation same(String service) {
            return new Relation(service, service, 0);
        }

        public boolean sameService() {
            return hops == 0;
        }

        /** "checkout depends on payments-db (1 hop)", or "same service payments-db (0 hops)". */
        public String describe() {
            if (sameService()) {
                return "same service " + upstream + " (0 hops)";
            }
            return upstream + " depends on " + downstream + " (" + hops + (hops == 1 ? " hop)" : " hops)");
        }
    }
}
