package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.localstack.ScenarioReplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, part 6, through the launched suite: the launcher stops and starts PostgreSQL and the broker
 * under the four running services (its stdin commands), and the edge behaves.
 * <ol>
 *   <li>PostgreSQL down: every ingest route of detection answers 503 problem+json with Retry-After (never a 202
 *   it cannot keep, never a 500), a database-backed read of every service too; readiness is DOWN on all four,
 *   liveness UP. PostgreSQL back: readiness UP and ingest 202 again, by themselves.</li>
 *   <li>Broker down: ingest keeps answering 202 and the alerts are stored; readiness and liveness stay UP on all
 *   four. Broker back: the incidents flow on (triaged by triage, on comms' timeline) and every service is live,
 *   without restarting any of them.</li>
 * </ol>
 * Run: {@code ./mvnw -o -pl system-tests verify -Dtest=OutageSystemTest -Dsurefire.failIfNoSpecifiedTests=false}
 * after packaging the services (add {@code -Dir.keep-data=true} to keep the suite's logs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageSystemTest {

    private static final String TOKEN = "outage-system-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final List<String> SERVICES = List.of("detection", "triage", "remediation", "comms");
    private static final String RUN = Long.toString(System.currentTimeMillis() % 10_000_000, 36);

    private Path dataDir;
    private LaunchedSuite suite;
    private ScenarioReplay client;
    @RegisterExtension
    final KeepDataOnFailure keepDataOnFailure = new KeepDataOnFailure();

    @BeforeAll
    void startTheSuite() throws Exception {
        dataDir = Files.createTempDirectory("ir-outage-system-test");
        long t0 = System.nanoTime();
        // no runbook: remediation moves nothing (no cluster here); the incidents are what is followed
        suite = LaunchedSuite.start(dataDir, TOKEN, Map.of("IR_SERVICE_ENV_IR_REMEDIATION_LIBRARY_ENABLED", "false"));
        System.out.printf("suite ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        client = new ScenarioReplay(suite.endpoints(), System.out);
    }

    @AfterAll
    void stop() {
        LaunchedSuite.stop(suite, dataDir, keepDataOnFailure.failed());
    }

    @Test
    @Order(1)
    void whilePostgresIsDownIngestAnswers503WithRetryAfterAndReadinessIsDownThenBothRecover() throws Exception {
        String service = "ledger-" + RUN;
        String detection = suite.url("detection");
        long t0 = System.nanoTime();
        suite.stopPostgres();
        try {
            // a pooled connection may take a moment to notice: the first answers may still be in flight
            await().atMost(DEADLINE).until(() -> post("/api/v1/alerts", alert(service, "HighErrorRate")).statusCode() == 503);
            List<HttpResponse<String>> answers = new ArrayList<>();
            answers.add(post("/api/v1/alerts", alert(service, "HighErrorRate")));
            answers.add(post("/api/v1/alerts", "[" + alert(service, "A") + "," + alert(service, "B") + "]"));
            answers.add(post("/api/v1/alerts/alertmanager", """
                    {"version":"4","status":"firing","receiver":"r","groupLabels":{},"commonLabels":{},
                     "commonAnnotations":{},"externalURL":"","groupKey":"k","truncatedAlerts":0,
                     "alerts":[{"status":"firing","labels":{"alertname":"A","service":"%s"},"annotations":{},
                                "startsAt":"2026-11-22T10:00:00Z"}]}""".formatted(service)));
            answers.add(client.sendTyped("POST", detection + "/api/v1/events", """
                    {"specversion":"1.0","id":"outage-%s","source":"/outage-test","type":"alert",
                     "data":{"source":"p","service":"%s","name":"A"}}""".formatted(RUN, service),
                    "application/cloudevents+json"));
            answers.add(post("/api/v1/signals", """
                    {"service":"%s","latencyP95Ms":120,"requestRate":10,"errorRate":0.01,"saturation":0.2}"""
                    .formatted(service)));
            answers.add(client.send("POST", detection + "/api/v1/heartbeats/outage-" + RUN + "/ping", null));
            // a read of each service that needs its database
            String someIncident = "00000000-0000-4000-8000-000000000001";
            answers.add(client.send("GET", detection + "/api/v1/incidents", null));
            answers.add(client.send("GET", suite.url("triage") + "/api/v1/incidents/" + someIncident + "/triage", null));
            answers.add(client.send("GET", suite.url("remediation") + "/api/v1/executions?incidentId=" + someIncident, null));
            answers.add(client.send("GET", suite.url("comms") + "/api/v1/incidents/" + someIncident + "/timeline", null));
            for (HttpResponse<String> answer : answers) {
                String what = answer.request().method() + " " + answer.uri() + " -> " + answer.statusCode() + " " + answer.body();
                assertEquals(503, answer.statusCode(), what);
                assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""), what);
                assertTrue(answer.headers().firstValue("Retry-After").orElse("").matches("\\d+"), what);
                assertEquals(503, JSON.readTree(answer.body()).path("status").asInt(), what);
            }
            // PagerDuty's clients parse its own shape, and retry a 5xx
            HttpResponse<String> pagerDuty = client.sendTyped("POST", detection + "/v2/enqueue", """
                    {"routing_key":"%s","event_action":"trigger","payload":{"summary":"s","source":"%s","severity":"critical"}}"""
                    .formatted(TOKEN, service), "application/json");
            assertEquals(503, pagerDuty.statusCode(), pagerDuty.body());
            assertTrue(pagerDuty.headers().firstValue("Retry-After").isPresent());
            for (String name : SERVICES) {
                await().atMost(DEADLINE).until(() -> health(name, "ready").statusCode() == 503);
                assertEquals("DOWN", JSON.readTree(health(name, "ready").body()).path("status").asText(), name);
                assertEquals(200, health(name, "live").statusCode(), name + " stays live: a restart cannot bring the database back");
            }
        } finally {
            suite.startPostgres();
        }
        for (String name : SERVICES) {
            await().atMost(DEADLINE).until(() -> health(name, "ready").statusCode() == 200);
        }
        HttpResponse<String> accepted = await().atMost(DEADLINE)
                .until(() -> post("/api/v1/alerts", alert(service, "HighErrorRate")), r -> r.statusCode() == 202);
        System.out.printf("PostgreSQL outage: back to ready and 202 in %.1f s after the stop (incl. the checks above)%n",
                (System.nanoTime() - t0) / 1e9);
        String fingerprint = JSON.readTree(accepted.body()).at("/alerts/0/fingerprint").asText();
        assertEquals(200, client.send("GET", detection + "/api/v1/alerts/" + fingerprint, null).statusCode());
        // nothing of what was refused during the outage was stored: the one incident holds the one alert accepted after
        JsonNode incident = client.awaitIncident(service, i -> true, DEADLINE);
        assertEquals(1, client.incidentsOf(service).size(), client.incidentsOf(service).toString());
        assertEquals(1, incident.path("alertCount").asInt(), incident.toString());
    }

    @Test
    @Order(2)
    void whileTheBrokerIsDownIngestKeepsAcceptingAndEverythingFlowsOnceItIsBack() throws Exception {
        List<String> services = List.of("orders-" + RUN, "search-" + RUN);
        suite.stopBroker();
        List<String> fingerprints = new ArrayList<>();
        try {
            for (String service : services) {
                HttpResponse<String> answer = post("/api/v1/alerts", alert(service, "HighErrorRate"));
                assertEquals(202, answer.statusCode(), answer.body());
                fingerprints.add(JSON.readTree(answer.body()).at("/alerts/0/fingerprint").asText());
            }
            for (String fingerprint : fingerprints) {
                assertEquals(200, client.send("GET", suite.url("detection") + "/api/v1/alerts/" + fingerprint, null)
                        .statusCode(), "the alert " + fingerprint + " is stored");
            }
            // the AMQP clients notice the outage within moments; readiness and liveness must not follow it
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).until(() -> {
                for (String name : SERVICES) {
                    if (health(name, "ready").statusCode() != 200 || health(name, "live").statusCode() != 200) {
                        return false;
                    }
                }
                return true;
            });
        } finally {
            suite.startBroker();
        }
        long t0 = System.nanoTime();
        for (String service : services) {
            JsonNode incident = client.awaitIncident(service, i -> !i.path("status").asText().equals("OPEN"), DEADLINE);
            assertTrue(incident != null, "the incident of " + service + " was triaged: " + client.incidentsOf(service));
            String id = incident.get("id").asText();
            assertEquals("TRIAGED", incident.path("status").asText(), incident.toString());
            HttpResponse<String> triage = client.send("GET", suite.url("triage") + "/api/v1/incidents/" + id + "/triage", null);
            assertEquals(200, triage.statusCode(), triage.body());
            JsonNode timeline = client.awaitTimeline(id, "IncidentTriaged", DEADLINE);
            List<String> types = new ArrayList<>();
            timeline.forEach(e -> types.add(e.path("type").asText()));
            assertTrue(types.contains("IncidentOpened") && types.contains("IncidentTriaged"), "comms' timeline: " + types);
        }
        System.out.printf("broker outage: incidents triaged and on comms' timeline %.1f s after the broker started%n",
                (System.nanoTime() - t0) / 1e9);
        for (String name : SERVICES) {
            await().atMost(DEADLINE).until(() -> health(name, "live").statusCode() == 200 && health(name, "ready").statusCode() == 200);
        }
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return client.send("POST", suite.url("detection") + path, json);
    }

    private HttpResponse<String> health(String service, String probe) throws Exception {
        return client.send("GET", suite.url(service) + "/q/health/" + probe, null);
    }

    private static String alert(String service, String name) {
        return """
                {"source":"prometheus","service":"%s","name":"%s","severity":"critical","metrics":{"errorRate":0.3}}"""
                .formatted(service, name);
    }
}
