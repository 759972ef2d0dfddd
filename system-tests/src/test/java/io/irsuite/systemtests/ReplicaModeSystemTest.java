package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./run.sh --replicas 2}: two processes of each service on the one database and broker, behind a
 * round-robin front on each service's port. Every request here opens a connection of its own (HTTP/1.0),
 * as a new client of a Kubernetes Service would, so the front chooses a replica for each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaModeSystemTest {

    private static final String TOKEN = "replica-mode-system-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("detection", "triage", "remediation", "comms");
    /** A GET each service answers with the admin token, and the route its metrics name it by. */
    private static final Map<String, String> LIST_ROUTE = Map.of("detection", "/api/v1/incidents",
            "triage", "/api/v1/catalog/services", "remediation", "/api/v1/executions", "comms", "/api/v1/channels");

    private static Path dataDir;
    private static LaunchedSuite suite;
    private static final HttpClient DIRECT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoReplicasOfEachService() throws Exception {
        dataDir = Files.createTempDirectory("ir-replica-mode-system-test");
        suite = LaunchedSuite.start(dataDir, TOKEN, Map.of(), Map.of(), 2);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        LaunchedSuite.deleteData(dataDir);
    }

    @Test
    @Order(1)
    void eachServiceHasTwoReadyReplicasWithTheirOwnLogsBehindAFrontThatAnswersReady() throws Exception {
        for (String service : SERVICES) {
            List<LaunchedSuite.Replica> replicas = suite.replicas(service);
            assertEquals(2, replicas.size(), service + ": " + replicas);
            assertNotEquals(replicas.get(0).pid(), replicas.get(1).pid());
            assertNotEquals(replicas.get(0).url(), replicas.get(1).url());
            assertFalse(replicas.stream().anyMatch(r -> r.url().equals(suite.url(service))), "the front has a port of its own");
            for (LaunchedSuite.Replica replica : replicas) {
                assertTrue(replica.process().isAlive());
                assertTrue(replica.log().getFileName().toString().equals(service + "-service-" + replica.index() + ".log"),
                        "one log per replica: " + replica.log());
                assertTrue(Files.size(replica.log()) > 0, replica.log() + " has the replica's output");
                assertEquals(200, DIRECT.send(HttpRequest.newBuilder(URI.create(replica.url() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), service + " replica " + replica.index());
            }
            for (int i = 0; i < 4; i++) {
                Answer ready = Answer.of("GET", suite.url(service) + "/q/health/ready", null, null);
                assertEquals(200, ready.status(), service + "'s front: " + ready);
                assertTrue(ready.body().contains("\"UP\""), ready.body());
            }
        }
    }

    @Test
    @Order(2)
    void requestsThroughEachFrontReachBothReplicas() throws Exception {
        for (String service : SERVICES) {
            String route = LIST_ROUTE.get(service);
            List<LaunchedSuite.Replica> replicas = suite.replicas(service);
            List<Double> before = new ArrayList<>();
            for (LaunchedSuite.Replica replica : replicas) {
                before.add(served(replica, route));
            }
            for (int i = 0; i < 6; i++) {
                Answer answer = Answer.of("GET", suite.url(service) + route, TOKEN, null);
                assertEquals(200, answer.status(), service + " " + route + ": " + answer);
            }
            // each replica counts what it served itself: round-robin over new connections gives each three
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (int r = 0; r < replicas.size(); r++) {
                    assertEquals(before.get(r) + 3, served(replicas.get(r), route), 0.01,
                            service + " replica " + replicas.get(r).index() + " served " + route);
                }
            });
        }
    }

    @Test
    @Order(3)
    void afterAKill9OfADetectionReplicaAlertsThroughTheFrontAreAcceptedAndStoredOnceAndTheReplicaComesBack() throws Exception {
        LaunchedSuite.Replica victim = suite.replicas("detection").get(1);
        LaunchedSuite.Replica survivor = suite.replicas("detection").get(0);
        suite.killReplica(victim.url());
        assertFalse(ProcessHandle.of(victim.pid()).map(ProcessHandle::isAlive).orElse(false), "the replica is gone");

        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Set<String> services = new HashSet<>();
        // every other new connection is handed to the dead replica first: the front must skip it each time
        for (int i = 0; i < 10; i++) {
            String service = "replica-kill-" + run + "-" + i;
            services.add(service);
            String alert = JSON.createObjectNode().put("source", "prometheus").put("service", service)
                    .put("name", "HighErrorRate").put("severity", "critical").put("summary", "5xx above 5%").toString();
            Answer accepted = Answer.of("POST", suite.url("detection") + "/api/v1/alerts", TOKEN, alert);
            int n = i;
            assertEquals(202, accepted.status(), () -> "alert " + n + " after the kill: " + accepted + suite.diagnosis(30));
            JsonNode outcome = JSON.readTree(accepted.body()).get("alerts").get(0);
            assertEquals("new", outcome.get("outcome").asText(), accepted.body());
        }
        assertEquals(200, Answer.of("GET", survivor.url() + "/q/health/ready", null, null).status());

        // stored once: each alert's service has one incident holding one alert, as read through the front
        for (String service : services) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Answer incidents = Answer.of("GET", suite.url("detection") + "/api/v1/incidents?service=" + service, TOKEN, null);
                assertEquals(200, incidents.status(), incidents.toString());
                JsonNode list = JSON.readTree(incidents.body());
                assertEquals(1, list.size(), service + ": " + list);
                assertEquals(1, list.get(0).get("alertCount").asInt(), service + ": " + list);
            });
        }

        // as the kubelet would, the launcher starts the dead replica again on its port: it comes back ready by itself
        LaunchedSuite.Replica restarted = await("detection replica 2 started again").atMost(Duration.ofSeconds(30))
                .until(() -> suite.replicas("detection").get(1), r -> r.pid() != victim.pid());
        await("detection replica 2 ready again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> Answer.ready(restarted.url()));
    }

    /** How many requests to {@code route} this replica answered, by its own Micrometer counter. */
    private static double served(LaunchedSuite.Replica replica, String route) throws Exception {
        String metrics = DIRECT.send(HttpRequest.newBuilder(URI.create(replica.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"GET\"")
                    && line.contains("uri=\"" + route + "\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
