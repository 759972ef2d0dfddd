package io.irsuite.detection.grouping;

import static io.irsuite.detection.Api.incidentOf;
import io.irsuite.detection.Api;
import io.irsuite.platform.testing.TestBroker;
import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.events.Addresses;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Topology-aware grouping through the HTTP API, with the catalog fed by real envelopes: symptoms
 * before their cause, merges and the events that let other services follow them, siblings and
 * unknown services kept apart, concurrent alerts of one failure.
 */
@QuarkusTest
class TopologyGroupingFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static TestBroker amqp;
    private static TestBroker.Reader commsQueue;

    @BeforeAll
    static void connect() {
        amqp = TestBroker.connect();
        commsQueue = amqp.read(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms"));
    }

    @AfterAll
    static void disconnect() {
        amqp.close();
    }

    /** web → left, right; left → db, cache; right → db. Names made unique per test. */
    private static Map<String, String> shop() {
        String s = "-" + uniqueService("t");
        Map<String, String> n = Map.of("web", "web" + s, "left", "left" + s, "right", "right" + s,
                "db", "db" + s, "cache", "cache" + s);
        Topology.register(amqp, List.of(
                node(n.get("db")), node(n.get("cache")),
                node(n.get("left"), n.get("db"), n.get("cache")), node(n.get("right"), n.get("db")),
                node(n.get("web"), n.get("left"), n.get("right"))));
        return n;
    }

    @Test
    void sharedCauseMergesTheIncidentsOfItsSymptomsAndSaysWhy() {
        Map<String, String> n = shop();
        // two symptoms on sibling branches open two incidents; then their shared dependency fires
        String a = post(n.get("left"), "HighErrorRate", "critical", 6);
        String b = post(n.get("right"), "HighErrorRate", "critical", 5);
        assertThat(b, not(equalTo(a)));
        String c = post(n.get("db"), "DbConnectionsExhausted", "critical", 4);
        assertThat("the cause joins the oldest incident", c, equalTo(a));

        getIncident(a).statusCode(200).body("status", equalTo("OPEN"))
                .body("services", containsInAnyOrder(n.get("db"), n.get("left"), n.get("right")))
                .body("alertCount", equalTo(3)).body("mergedInto", nullValue());
        getIncident(b).statusCode(200).body("status", equalTo("RESOLVED"))
                .body("mergedInto", equalTo(a)).body("statusReason", equalTo("merged into " + a))
                .body("alertCount", equalTo(0));

        List<Map<String, Object>> alerts = alertsOf(a);
        assertThat(alerts, hasSize(3));
        assertThat(reasonOf(alerts, n.get("db")), equalTo(n.get("left") + " depends on " + n.get("db")
                + " (1 hop); merged incident " + b + " (" + n.get("right") + " depends on " + n.get("db") + " (1 hop))"));
        assertThat(reasonOf(alerts, n.get("right")), containsString("moved from incident " + b));
        assertThat(reasonOf(alerts, n.get("left")), containsString("opened a new incident"));
        assertThat(alertsOf(b), hasSize(0));

        // other services follow: one AlertAttached on the survivor tells the moved alert, then the cause (one
        // grouping run attached both), with the incident's services after both; the merged one resolves
        JsonNode attached = awaitEvent(a, "AlertAttached", e -> alertServices(e).contains(n.get("db")));
        assertThat(alertServices(attached), equalTo(List.of(n.get("right"), n.get("db"))));
        assertThat(attached.path("payload").path("services").size(), equalTo(3));
        assertThat(attached.path("payload").path("alertCount").asInt(), equalTo(3));
        JsonNode merged = awaitEvent(b, "IncidentMerged", e -> true);
        assertThat(merged.path("payload").path("into").asText(), equalTo(a));
        assertThat(merged.path("payload").path("alertIds").size(), equalTo(1));
        JsonNode resolved = awaitEvent(b, "IncidentResolved", e -> true);
        assertThat(resolved.path("payload").path("reason").asText(), equalTo("merged into " + a));

        // a caller of the merged failure joins it as a symptom
        String d = post(n.get("web"), "HighLatency", "high", 3);
        assertThat(d, equalTo(a));
        assertThat(reasonOf(alertsOf(a), n.get("web")), equalTo(n.get("web") + " depends on " + n.get("left") + " (1 hop)"));
    }

    @Test
    void siblingsAndUnknownServicesStayApart() {
        Map<String, String> n = shop();
        String db = post(n.get("db"), "DbDown", "critical", 5);
        String left = post(n.get("left"), "HighErrorRate", "critical", 4);
        assertThat(left, equalTo(db));
        // cache is a dependency of the symptom left, not of the cause db: a sibling, its own incident
        String cache = post(n.get("cache"), "EvictionsHigh", "warning", 3);
        assertThat(cache, not(equalTo(db)));
        assertThat(reasonOf(alertsOf(cache), n.get("cache")), equalTo(
                "opened a new incident: no open incident is related to " + n.get("cache") + " within 2 hops"));
        String stranger = uniqueService("not-in-catalog");
        String unknown = post(stranger, "Down", "critical", 2);
        assertThat(unknown, not(equalTo(db)));
        assertThat(reasonOf(alertsOf(unknown), stranger), containsString("is not in the service catalog"));
        assertThat(post(stranger, "StillDown", "critical", 1), equalTo(unknown));
    }

    @Test
    void concurrentAlertsOfOneFailureEndInOneIncident() throws Exception {
        Map<String, String> n = shop();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (String svc : List.of(n.get("left"), n.get("right"), n.get("db"), n.get("web"))) {
                futures.add(CompletableFuture.supplyAsync(() -> post(svc, "Errors", "critical", 2), pool));
            }
            List<String> answered = new ArrayList<>();
            for (CompletableFuture<String> f : futures) {
                answered.add(f.get(60, TimeUnit.SECONDS));
            }
            // only once every request is answered: a merge may move an earlier answer's incident
            Set<String> finals = new HashSet<>();
            answered.forEach(id -> finals.add(finalIncident(id)));
            StringBuilder why = new StringBuilder();
            finals.forEach(id -> alertsOf(id).forEach(a -> why.append('\n').append(id).append(": ")
                    .append(a.get("service")).append(" - ").append(a.get("groupingReason"))));
            assertThat(why.toString(), finals, hasSize(1));
            getIncident(finals.iterator().next()).body("alertCount", equalTo(4));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Topology.Node node(String name, String... deps) {
        return new Topology.Node(name, 2, "team-test", "service", List.of(deps), null);
    }

    /** Posts one firing alert that started {@code minutesAgo} and returns its incident id. */
    private static String post(String service, String name, String severity, int minutesAgo) {
        String startsAt = Instant.now().minus(minutesAgo, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        return incidentOf(postAlerts("""
                {"source":"prometheus","service":"%s","name":"%s","severity":"%s","startsAt":"%s"}"""
                .formatted(service, name, severity, startsAt))
                .statusCode(202).body("alerts[0].outcome", equalTo("new"))
                .extract().<String>path("alerts[0].fingerprint"));
    }

    static String finalIncident(String id) {
        String at = id;
        for (int i = 0; i < 20; i++) {
            String next = getIncident(at).statusCode(200).extract().path("mergedInto");
            if (next == null) {
                return at;
            }
            at = next;
        }
        throw new AssertionError("mergedInto chain of " + id + " does not end");
    }

    static List<Map<String, Object>> alertsOf(String incidentId) {
        return given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incidentId + "/alerts")
                .then().statusCode(200).extract().path("");
    }

    private static String reasonOf(List<Map<String, Object>> alerts, String service) {
        return alerts.stream().filter(a -> service.equals(a.get("service"))).map(a -> (String) a.get("groupingReason"))
                .findFirst().orElseThrow(() -> new AssertionError("no alert of " + service + " in " + alerts));
    }

    /** The services of the alerts an AlertAttached carries, in order. */
    private static List<String> alertServices(JsonNode event) {
        List<String> out = new ArrayList<>();
        event.path("payload").path("alerts").forEach(alert -> out.add(alert.path("service").asText()));
        return out;
    }

    private static JsonNode awaitEvent(String incidentId, String type, java.util.function.Predicate<JsonNode> match) {
        return await().atMost(DEADLINE).until(() -> commsQueue.all().stream().map(io.vertx.core.json.JsonObject::encode).map(TopologyGroupingFlowTest::parse)
                        .filter(e -> e.path("incidentId").asText().equals(incidentId)
                                && e.path("type").asText().equals(type) && match.test(e))
                        .findFirst().orElse(null),
                notNullValue());
    }

    private static JsonNode parse(String body) {
        try {
            return TestBroker.JSON.readTree(body);
        } catch (Exception e) {
            return TestBroker.JSON.createObjectNode();
        }
    }
}
