package io.irsuite.triage.eval;

import io.irsuite.triage.domain.ActionPlanner;
import io.irsuite.triage.domain.ActionThresholds;
import io.irsuite.triage.domain.AlertFacts;
import io.irsuite.triage.domain.Category;
import io.irsuite.triage.domain.ChangeFacts;
import io.irsuite.triage.domain.ChangeType;
import io.irsuite.triage.domain.DependencyGraph;
import io.irsuite.triage.domain.ImpactMetrics;
import io.irsuite.triage.domain.PastIncident;
import io.irsuite.triage.domain.RootCauseAnalysis;
import io.irsuite.triage.domain.RootCauseAnalyzer;
import io.irsuite.triage.domain.ServiceKind;
import io.irsuite.triage.domain.ServiceNode;
import io.irsuite.triage.domain.SeverityClassifier;
import io.irsuite.triage.domain.SeverityThresholds;
import io.irsuite.triage.domain.TriageEvidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * How long one triage computation takes (severity, root-cause analysis and plan, the work done per
 * IncidentTriaged) on generated dependency graphs of a given size: a layered DAG, a faulty node
 * deep in it with a recent deploy, symptom alerts on the services above it and distractor changes,
 * and a full knowledge base of 1,000 past incidents to compare it with (the most the service keeps).
 * Prints p50, p99 and max per case: a graph size, or SIZExN for every alert firing on N instances. Run:
 * {@code ./mvnw -q -pl triage-service compile exec:java -Dexec.mainClass=io.irsuite.triage.eval.TriageBench -Dexec.args="30 2000"}
 */
public final class TriageBench {

    private static final Duration CHANGE_WINDOW = Duration.ofHours(2);
    private static final int HISTORY = 1000;
    private static final List<String> PAST_ALERTS = List.of("higherrorrate", "highrequestlatency", "kubepodcrashlooping",
            "postgresqltoomanyconnections", "kubecontaineroomkilled", "sslcertexpired", "cputhrottlinghigh");

    private TriageBench() {
    }

    public static void main(String[] args) {
        List<String> cases = args.length == 0 ? List.of("30", "2000") : Arrays.asList(args);
        SeverityClassifier classifier = new SeverityClassifier(SeverityThresholds.defaults());
        RootCauseAnalyzer analyzer = new RootCauseAnalyzer(CHANGE_WINDOW);
        ActionPlanner planner = new ActionPlanner(ActionThresholds.defaults());
        System.out.println("nodes  alerts  runs    p50 ms    p99 ms    max ms");
        for (String spec : cases) {
            String[] parts = spec.split("x");
            int size = Integer.parseInt(parts[0]);
            int instances = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            TriageEvidence evidence = incident(size, instances, new Random(42));
            int runs = size <= 100 && instances <= 10 ? 5_000 : 300;
            for (int i = 0; i < runs; i++) { // warm-up, as a long-running service is
                triage(classifier, analyzer, planner, evidence);
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                triage(classifier, analyzer, planner, evidence);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            System.out.printf("%5d  %6d  %4d  %8.3f  %8.3f  %8.3f%n", size, evidence.alerts().size(), runs,
                    nanos[runs / 2] / 1e6, nanos[(int) (runs * 0.99)] / 1e6, nanos[runs - 1] / 1e6);
        }
    }

    private static Object triage(SeverityClassifier classifier, RootCauseAnalyzer analyzer, ActionPlanner planner,
                                 TriageEvidence evidence) {
        classifier.classify(evidence.alerts().stream().map(AlertFacts::metrics).toList(),
                evidence.alerts().stream().map(AlertFacts::severity).toList());
        RootCauseAnalysis analysis = analyzer.analyze(evidence);
        return planner.plan(analysis.rootCause());
    }

    /**
     * A layered DAG (each node depends on up to three nodes of deeper layers) with one failing node; each alert fires
     * on {@code instances} instances (an {@code instance} label apiece), as one rule does on every pod of a service.
     */
    static TriageEvidence incident(int size, int instances, Random random) {
        int layers = Math.max(3, (int) Math.round(Math.log(size) / Math.log(2)));
        List<ServiceNode> nodes = new ArrayList<>();
        List<List<String>> byLayer = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            byLayer.add(new ArrayList<>());
        }
        for (int i = 0; i < size; i++) {
            byLayer.get(i % layers).add("svc-" + i);
        }
        for (int layer = 0; layer < layers; layer++) {
            for (String name : byLayer.get(layer)) {
                List<String> deps = new ArrayList<>();
                if (layer + 1 < layers) {
                    for (int d = 0; d < 1 + random.nextInt(3); d++) {
                        List<String> below = byLayer.get(layer + 1 + random.nextInt(layers - layer - 1));
                        deps.add(below.get(random.nextInt(below.size())));
                    }
                }
                ServiceKind kind = layer == layers - 1 && random.nextInt(3) == 0 ? ServiceKind.DATABASE : ServiceKind.SERVICE;
                nodes.add(new ServiceNode(name, kind, 1 + random.nextInt(3), deps.stream().distinct().toList()));
            }
        }
        DependencyGraph graph = DependencyGraph.of(nodes);
        Instant now = Instant.parse("2030-01-01T00:10:00Z");
        String root = byLayer.get(layers - 2).get(0);
        List<AlertFacts> alerts = new ArrayList<>();
        List<String> upstream = new ArrayList<>(graph.transitiveDependents(root));
        for (int n = 0; n < instances; n++) {
            String instance = "10.0." + (n / 250) + "." + (n % 250) + ":9090";
            alerts.add(new AlertFacts("i", root, "KubePodCrashLooping", "Pod is restarting after rollout", null,
                    now.minusSeconds(300).plusMillis(n), true, new ImpactMetrics(0.2, 900.0, 200.0, 12.0, 1500.0, false, false, false),
                    Map.of("namespace", "prod", "instance", instance)));
            for (int i = 0; i < Math.min(20, upstream.size()); i++) {
                alerts.add(new AlertFacts("i", upstream.get(i), i % 2 == 0 ? "HighErrorRate" : "HighRequestLatency",
                        "5xx above 5%", null, now.minusSeconds(240 - i).plusMillis(n), true,
                        new ImpactMetrics(0.05 + i / 100.0, 800.0, 300.0, 5.0 + i, 500.0, false, false, false),
                        Map.of("instance", instance)));
            }
        }
        List<ChangeFacts> changes = new ArrayList<>();
        changes.add(new ChangeFacts(root, ChangeType.DEPLOY, "v2", "release", now.minusSeconds(900)));
        for (int i = 0; i < 5; i++) {
            changes.add(new ChangeFacts(nodes.get(random.nextInt(size)).name(), ChangeType.CONFIG, "c" + i,
                    "distractor", now.minusSeconds(1800 + 600L * i)));
        }
        List<String> services = alerts.stream().map(AlertFacts::service).distinct().toList();
        List<PastIncident> history = new ArrayList<>();
        for (int i = 0; i < HISTORY; i++) {
            Set<String> signature = new TreeSet<>();
            for (int t = 0; t < 8; t++) {
                signature.add(random.nextBoolean() ? "service:" + nodes.get(random.nextInt(size)).name()
                        : "alert:" + PAST_ALERTS.get(random.nextInt(PAST_ALERTS.size())));
            }
            history.add(new PastIncident("past-" + i, signature, nodes.get(random.nextInt(size)).name(),
                    Category.values()[random.nextInt(Category.values().length)], "resolved"));
        }
        return new TriageEvidence(alerts, List.of(), services, graph, changes, now, history);
    }
}
