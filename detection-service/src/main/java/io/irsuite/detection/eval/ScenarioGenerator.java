package io.irsuite.detection.eval;

import io.irsuite.events.Payloads;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scenarios harsher than the samples, from a seed (the same seed, the same scenarios): random layered
 * topologies with service names of their own; one failure, sometimes a second one elsewhere in the graph
 * at the same time; symptoms up to two hops above the failing service (three when the service between
 * alerts too); root alerts sent after their symptoms, late symptoms, offsets jittered within and around
 * the grouping window; re-sent duplicates; noise on services near the failure (callers that do not
 * alert for it, siblings, dependencies of symptoms) and far from it.
 */
final class ScenarioGenerator {

    private static final String[] WORDS = {"ledger", "quota", "atlas", "beacon", "relay", "vault", "harbor", "prism",
            "orbit", "forge", "lumen", "delta", "kite", "mosaic", "nimbus", "pylon", "quill", "rover", "sable", "tundra",
            "umbra", "vector", "willow", "zenith", "cobalt", "ember", "fjord", "glyph", "helix", "ion"};
    private static final String[] SUFFIX = {"svc", "api", "worker", "store", "db", "cache", "queue", "gw", "core", ""};
    private static final String[] CAUSE_NAMES = {"DatabaseDown", "PodCrashLooping", "ContainerOOMKilled",
            "NodeNotReady", "DbConnectionPoolExhausted", "DiskFull", "CpuThrottlingHigh", "ReplicaLagHigh",
            "DeploymentReplicasMismatch", "CertificateInvalid", "GcPauseLong", "QueueBacklogGrowing"};
    private static final String[] SYMPTOM_NAMES = {"HighLatency", "HighErrorRate", "ErrorBudgetBurn", "SlowResponses",
            "Http5xxRatioHigh", "UpstreamTimeouts", "ApdexLow", "RequestsQueued", "p99_latency_breach",
            "SLOBurnRateFast", "DownstreamFailures"};
    private static final String[] NOISE_NAMES = {"DiskUsageWarning", "CertificateExpiresSoon", "CronJobSlow",
            "BackupLate", "NtpClockSkew", "LogVolumeHigh", "InodesLow", "ConfigDrift"};

    private final Random random;
    private final double window;

    ScenarioGenerator(long seed, double windowSeconds) {
        this.random = new Random(seed);
        this.window = windowSeconds;
    }

    Scenario next(int n) {
        Map<String, List<String>> deps = topology();
        List<String> services = new ArrayList<>(deps.keySet());
        Map<String, Set<String>> callers = callers(deps);
        List<Scenario.Sent> alerts = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        String root = services.get(1 + random.nextInt(services.size() - 1));
        Set<String> first = failure(0, root, deps, callers, 0, alerts);
        taken.addAll(first);
        if (random.nextDouble() < 0.5) {
            // a second failure at the same time, none of whose alerting services is related to the first's
            for (int tries = 0; tries < 20; tries++) {
                String other = services.get(random.nextInt(services.size()));
                Set<String> zone = related(other, deps, callers, 3);
                if (zone.stream().noneMatch(taken::contains)) {
                    List<Scenario.Sent> second = new ArrayList<>();
                    Set<String> hit = failure(1, other, deps, callers, uniform(-200, 300), second);
                    if (hit.stream().noneMatch(s -> related(s, deps, callers, 2).stream().anyMatch(taken::contains))) {
                        alerts.addAll(second);
                        taken.addAll(hit);
                        break;
                    }
                }
            }
        }
        noise(deps, callers, first, taken, alerts);
        duplicates(alerts);
        return new Scenario("g" + n, deps, alerts);
    }

    /** Layers of 2-6 services; each depends on 1-3 services of the next layers (mostly the next). */
    private Map<String, List<String>> topology() {
        int layers = 4 + random.nextInt(3);
        List<List<String>> byLayer = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int l = 0; l < layers; l++) {
            List<String> layer = new ArrayList<>();
            int width = l == 0 ? 1 + random.nextInt(2) : 2 + random.nextInt(5);
            for (int i = 0; i < width; i++) {
                String name;
                do {
                    String suffix = SUFFIX[random.nextInt(SUFFIX.length)];
                    name = WORDS[random.nextInt(WORDS.length)] + (suffix.isEmpty() ? "" : "-" + suffix)
                            + (random.nextInt(3) == 0 ? "-" + random.nextInt(10) : "");
                } while (!used.add(name));
                layer.add(name);
            }
            byLayer.add(layer);
        }
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            for (String s : byLayer.get(l)) {
                List<String> d = new ArrayList<>();
                if (l + 1 < layers) {
                    int fanOut = 1 + random.nextInt(3);
                    for (int k = 0; k < fanOut; k++) {
                        int to = l + 1 + (l + 2 < layers && random.nextDouble() < 0.2 ? 1 : 0);
                        List<String> target = byLayer.get(to);
                        String dep = target.get(random.nextInt(target.size()));
                        if (!d.contains(dep)) {
                            d.add(dep);
                        }
                    }
                }
                deps.put(s, d);
            }
        }
        return deps;
    }

    /**
     * One failure of {@code root} starting at {@code t0}: its root alerts, and symptoms on callers that
     * the failure reaches (each caller of an affected service is affected with some probability). Returns
     * the services that alert.
     */
    private Set<String> failure(int id, String root, Map<String, List<String>> deps, Map<String, Set<String>> callers,
                                double t0, List<Scenario.Sent> out) {
        Set<String> alerting = new HashSet<>(Set.of(root));
        List<Scenario.Sent> own = new ArrayList<>();
        int rootAlerts = 1 + random.nextInt(2);
        boolean rootLate = random.nextDouble() < 0.4;
        for (int k = 0; k < rootAlerts; k++) {
            String name = k == 0 ? CAUSE_NAMES[random.nextInt(CAUSE_NAMES.length)] : SYMPTOM_NAMES[random.nextInt(SYMPTOM_NAMES.length)];
            double starts = t0 + uniform(-120, 30);
            own.add(alert(starts, starts + uniform(0, 90), "root", id, root, name, pick("critical", "high", "warning", "warning"),
                    k == 0 ? null : metrics(random.nextDouble() < 0.6)));
        }
        // affected callers, hop by hop; a service three hops up alerts only through one two hops up that alerts
        Map<String, Integer> hops = new HashMap<>(Map.of(root, 0));
        Deque<String> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            int h = hops.get(at);
            if (h >= 3 || h == 2 && !alerting.contains(at)) {
                continue;
            }
            for (String caller : callers.getOrDefault(at, Set.of())) {
                if (hops.containsKey(caller) || random.nextDouble() > 0.7) {
                    continue;
                }
                hops.put(caller, h + 1);
                queue.add(caller);
                if (random.nextDouble() < 0.75) {
                    alerting.add(caller);
                    int count = 1 + random.nextInt(2);
                    for (int k = 0; k < count; k++) {
                        double starts = t0 + (h + 1) * uniform(10, 90) + uniform(-300, 60);
                        double sent = Math.max(starts, t0) + uniform(10, 150);
                        boolean impact = random.nextDouble() < 0.65;
                        own.add(alert(starts, sent, "symptom", id, caller, SYMPTOM_NAMES[random.nextInt(SYMPTOM_NAMES.length)],
                                impact ? pick("critical", "high", "warning") : pick("warning", "info"), metrics(impact)));
                    }
                }
            }
        }
        List<Scenario.Sent> symptoms = own.stream().filter(a -> a.role().equals("symptom")).toList();
        double lastSymptom = symptoms.stream().mapToDouble(Scenario.Sent::offsetSeconds).max().orElse(t0);
        List<Scenario.Sent> shifted = new ArrayList<>();
        for (Scenario.Sent a : own) {
            if (a.role().equals("root") && rootLate && !symptoms.isEmpty()) {
                // the root's alert arrives after its symptoms (a slow rule, a long `for:`), sometimes well after
                double sent = lastSymptom + uniform(5, window * 0.8);
                a = with(a, sent, Math.min(a.startsAtOffsetSeconds(), sent));
            } else if (a.role().equals("symptom") && random.nextDouble() < 0.25) {
                // a late symptom: starts late, sent late, around the grouping window after the first alert
                double sent = t0 + uniform(window * 0.5, window * 1.3);
                a = with(a, sent, sent - uniform(0, 60));
            }
            shifted.add(a);
        }
        out.addAll(shifted);
        return alerting;
    }

    private void noise(Map<String, List<String>> deps, Map<String, Set<String>> callers, Set<String> failing,
                       Set<String> taken, List<Scenario.Sent> out) {
        Set<String> near = new HashSet<>();
        for (String s : failing) {
            near.addAll(related(s, deps, callers, 2));
            for (String c : callers.getOrDefault(s, Set.of())) {
                near.addAll(deps.get(c)); // siblings
            }
            near.addAll(deps.get(s)); // dependencies of symptoms (and the root's own, not failing)
        }
        near.removeAll(taken);
        List<String> nearby = new ArrayList<>(near);
        List<String> far = new ArrayList<>(deps.keySet());
        far.removeAll(taken);
        far.removeAll(near);
        int count = 1 + random.nextInt(4);
        for (int k = 0; k < count; k++) {
            List<String> from = !nearby.isEmpty() && (far.isEmpty() || random.nextDouble() < 0.6) ? nearby : far;
            if (from.isEmpty()) {
                return;
            }
            String service = from.get(random.nextInt(from.size()));
            double sent = uniform(-120, window);
            double starts = sent - uniform(0, 300);
            boolean small = random.nextDouble() < 0.5;
            out.add(alert(starts, sent, "noise", Scenario.NOISE, service, NOISE_NAMES[random.nextInt(NOISE_NAMES.length)],
                    pick("info", "warning"), small ? new Payloads.AlertMetrics(uniform(0, 0.008), null, null, 0.0, null,
                            null, null, null) : null));
        }
    }

    /** Re-sends of some alerts, later, with the same body and startsAt. */
    private void duplicates(List<Scenario.Sent> alerts) {
        List<Scenario.Sent> copies = new ArrayList<>();
        for (Scenario.Sent a : alerts) {
            int n = random.nextDouble() < 0.4 ? 1 + random.nextInt(3) : 0;
            for (int k = 0; k < n; k++) {
                copies.add(with(a, a.offsetSeconds() + uniform(20, 300), a.startsAtOffsetSeconds(),
                        a.noise() ? "noise" : "duplicate"));
            }
        }
        alerts.addAll(copies);
    }

    private Payloads.AlertMetrics metrics(boolean impact) {
        if (impact) {
            double base = 40 + random.nextInt(400);
            return new Payloads.AlertMetrics(uniform(0.02, 0.4), base * uniform(2, 6), base, uniform(1, 30), null,
                    null, null, null);
        }
        double base = 40 + random.nextInt(400);
        return random.nextBoolean() ? null : new Payloads.AlertMetrics(uniform(0, 0.009), base * uniform(1, 1.8), base,
                0.0, null, null, null, null);
    }

    private Scenario.Sent alert(double starts, double sent, String role, int failure, String service, String name,
                                String severity, Payloads.AlertMetrics metrics) {
        return new Scenario.Sent(sent, Math.min(starts, sent), role, failure, service, name, severity,
                new TreeMap<>(Map.of("region", "r" + random.nextInt(2))), metrics);
    }

    private static Scenario.Sent with(Scenario.Sent a, double sent, double starts) {
        return with(a, sent, starts, a.role());
    }

    private static Scenario.Sent with(Scenario.Sent a, double sent, double starts, String role) {
        return new Scenario.Sent(sent, Math.min(starts, sent), role, a.failure(), a.service(), a.name(), a.severity(),
                a.labels(), a.metrics());
    }

    private static Map<String, Set<String>> callers(Map<String, List<String>> deps) {
        Map<String, Set<String>> callers = new HashMap<>();
        deps.forEach((s, ds) -> ds.forEach(d -> callers.computeIfAbsent(d, k -> new HashSet<>()).add(s)));
        return callers;
    }

    /** {@code service} and everything up or down from it within {@code hops}. */
    private static Set<String> related(String service, Map<String, List<String>> deps, Map<String, Set<String>> callers,
                                       int hops) {
        Set<String> out = new HashSet<>(Set.of(service));
        for (boolean up : new boolean[]{true, false}) {
            Set<String> frontier = Set.of(service);
            for (int h = 0; h < hops; h++) {
                Set<String> next = new HashSet<>();
                for (String s : frontier) {
                    next.addAll(up ? callers.getOrDefault(s, Set.of()) : deps.getOrDefault(s, List.of()));
                }
                out.addAll(next);
                frontier = next;
            }
        }
        return out;
    }

    private double uniform(double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
