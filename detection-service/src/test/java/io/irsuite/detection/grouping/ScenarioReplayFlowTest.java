package io.irsuite.detection.grouping;

import static io.irsuite.detection.Api.incidentOf;
import io.irsuite.detection.Api;
import io.irsuite.platform.testing.TestBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.events.Payloads;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import static io.irsuite.detection.Api.postAlerts;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Replays every sample scenario of {@code ../../shared/scenarios} through the real HTTP API:
 * the topology goes into the catalog replica as real {@code CatalogServiceUpserted} envelopes
 * (names suffixed per scenario and run), the alerts are posted in {@code offsetSeconds} order with
 * {@code startsAt = zero + startsAtOffsetSeconds}, without sleeping (the grouping window is about
 * startedAt, not arrival). Then what a user sees must hold: the root, symptom and duplicate alerts
 * are in {@code truth.incidentCount} incident(s) and no noise alert is in any of them.
 */
@QuarkusTest
class ScenarioReplayFlowTest {

    static final Path SCENARIOS = Path.of("..", "..", "shared", "scenarios");

    private static final Map<String, String> RESULTS = new ConcurrentSkipListMap<>();
    private static TestBroker amqp;

    @BeforeAll
    static void connect() {
        amqp = TestBroker.connect();
    }

    @AfterAll
    static void report() {
        amqp.close();
        if (!RESULTS.isEmpty()) {
            StringBuilder table = new StringBuilder("\nscenario | alerts (root/symptom/dup/noise) | expected | "
                    + "incidents of root+symptoms | noise apart | merges | result\n");
            RESULTS.values().forEach(row -> table.append(row).append('\n'));
            System.out.println(table);
        }
    }

    static Stream<String> scenarios() throws IOException {
        if (!Files.isDirectory(SCENARIOS)) {
            return Stream.of("<absent>");
        }
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("s\\d+\\.json")).sorted().toList();
            return names.isEmpty() ? Stream.of("<absent>") : names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void rootAndSymptomsLandInOneIncidentWithoutTheNoise(String file) throws IOException {
        Assumptions.assumeFalse(file.equals("<absent>"),
                "no scenarios at " + SCENARIOS.toAbsolutePath().normalize() + ": replay skipped");
        JsonNode scenario = TestBroker.JSON.readTree(SCENARIOS.resolve(file).toFile());
        String id = scenario.path("id").asText(file);
        String suffix = "-" + id + "-" + UUID.randomUUID().toString().substring(0, 6);

        List<Topology.Node> nodes = new ArrayList<>();
        for (JsonNode n : scenario.path("topology")) {
            List<String> deps = new ArrayList<>();
            n.path("dependsOn").forEach(d -> deps.add(d.asText() + suffix));
            JsonNode k8s = n.path("kubernetes");
            nodes.add(new Topology.Node(n.path("name").asText() + suffix, n.path("tier").asInt(3),
                    n.path("owner").asText(null), n.path("kind").asText("service"), deps,
                    k8s.isObject() ? new Payloads.KubernetesRef(k8s.path("namespace").asText(null),
                            k8s.path("deployment").asText(null)) : null));
        }
        Topology.register(amqp, nodes);

        List<JsonNode> alerts = new ArrayList<>();
        scenario.path("alerts").forEach(alerts::add);
        alerts.sort(Comparator.comparingDouble(a -> a.path("offsetSeconds").asDouble())); // stable
        double last = alerts.stream().mapToDouble(a -> a.path("offsetSeconds").asDouble()).max().orElse(0);
        Instant zero = Instant.now().minusMillis((long) (last * 1000)).truncatedTo(ChronoUnit.MILLIS);

        Map<String, List<String>> incidentsByRole = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode a : alerts) {
            String role = a.path("role").asText();
            ObjectNode body = ((ObjectNode) a.path("alert")).deepCopy();
            body.put("service", body.path("service").asText() + suffix);
            body.put("startsAt", zero.plusMillis((long) (a.path("startsAtOffsetSeconds").asDouble() * 1000)).toString());
            String incident = postAlerts(body.toString()).statusCode(202).extract().path("alerts[0].fingerprint");
            incident = incidentOf(incident);
            incidentsByRole.computeIfAbsent(role, r -> new ArrayList<>()).add(incident);
            counts.merge(role, 1, Integer::sum);
        }

        // where each alert is now, following merges (the alert list of that incident must show it)
        Map<String, String> finals = new HashMap<>();
        Set<String> failure = new TreeSet<>();
        Set<String> noise = new TreeSet<>();
        for (Map.Entry<String, List<String>> e : incidentsByRole.entrySet()) {
            for (String incident : e.getValue()) {
                String last2 = finals.computeIfAbsent(incident, TopologyGroupingFlowTest::finalIncident);
                (e.getKey().equals("noise") ? noise : failure).add(last2);
            }
        }
        long merges = finals.entrySet().stream().filter(e -> !e.getKey().equals(e.getValue())).count();
        int expected = scenario.path("truth").path("incidentCount").asInt(1);
        Set<String> noiseInFailure = new LinkedHashSet<>(noise);
        noiseInFailure.retainAll(failure);
        boolean ok = failure.size() == expected && noiseInFailure.isEmpty();
        RESULTS.put(id, "%s | %d/%d/%d/%d | %d | %d | %s | %d | %s".formatted(id, counts.getOrDefault("root", 0),
                counts.getOrDefault("symptom", 0), counts.getOrDefault("duplicate", 0), counts.getOrDefault("noise", 0),
                expected, failure.size(), noiseInFailure.isEmpty() ? "yes" : "NO", merges, ok ? "pass" : "FAIL"));

        assertThat(id + ": incidents holding the root and its symptoms", failure.size(), equalTo(expected));
        assertThat(id + ": noise alerts inside the failure's incident", noiseInFailure, empty());
        for (String incident : failure) {
            List<Map<String, Object>> shown = TopologyGroupingFlowTest.alertsOf(incident);
            String root = scenario.path("truth").path("rootService").asText() + suffix;
            if (expected == 1) {
                assertThat(id + ": the root's alerts are listed in the incident",
                        shown.stream().map(m -> (String) m.get("service")).toList(), hasItem(root));
            }
        }
    }
}
