package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.irsuite.localstack.LocalStack;
import io.irsuite.localstack.ScenarioReplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detection in depth through the launched suite, with a second detection replica started on the same
 * database and broker: silences, inhibition, heartbeats, synthetic probes, anomalous signals, PagerDuty
 * and CloudEvents sources, and reopening. Requests go to either replica; scheduled work must still act
 * once.
 */
class DetectionSystemTest {

    private static final String TOKEN = "detection-system-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Map<String, String> SERVICE_ENV = Map.of("IR_DETECTION_STABILISATION_WINDOW", "3s");

    private static Path dataDir;
    private static LaunchedSuite suite;
    private static ScenarioReplay client;
    /** The launcher's detection, and a second replica of it. */
    private static String first;
    private static String second;
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    @BeforeAll
    static void startTheSuiteAndASecondDetection() throws Exception {
        dataDir = Files.createTempDirectory("ir-detection-system-test");
        suite = LaunchedSuite.start(dataDir, TOKEN, Map.of("IR_SERVICE_ENV_IR_DETECTION_STABILISATION_WINDOW", "3s"));
        client = new ScenarioReplay(suite.endpoints(), System.out);
        first = suite.url("detection");
        second = suite.startReplica("detection", SERVICE_ENV);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        LaunchedSuite.deleteData(dataDir);
    }

    @Test
    void aSilencedAlertOpensNothing() throws Exception {
        String service = "maint-" + RUN;
        JsonNode silence = json(client.call("POST", first + "/api/v1/silences", """
                {"matchers":[{"name":"service","value":"%s"}],"endsAt":"%s","createdBy":"alice",
                 "comment":"database upgrade"}""".formatted(service, Instant.now().plusSeconds(3600))));
        assertEquals("active", silence.get("state").asText());
        JsonNode muted = json(client.call("POST", first + "/api/v1/alerts", alert(service, "HighErrorRate", "firing")));
        assertEquals("silenced", muted.at("/alerts/0/outcome").asText());
        // an alert of another service posted after it is grouped: by then the muted one would have been too
        String control = "maint-control-" + RUN;
        client.call("POST", first + "/api/v1/alerts", alert(control, "HighErrorRate", "firing"));
        assertNotNull(client.awaitIncident(control, i -> true, DEADLINE), "the control alert opened an incident");
        assertEquals(0, client.incidentsOf(service).size(), "the silenced alert opened nothing");
        JsonNode stored = json(client.call("GET", second + "/api/v1/alerts/" + muted.at("/alerts/0/fingerprint").asText(), null));
        assertTrue(stored.get("silenced").asBoolean());
        assertEquals(silence.get("id").asText(), stored.get("silencedBy").asText());
    }

    @Test
    void anInhibitedSymptomIsAttachedToItsCausesIncident() throws Exception {
        String db = "ordersdb-" + RUN;
        String api = "orders-" + RUN;
        client.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + db,
                "{\"tier\":1,\"owner\":\"team-data\",\"kind\":\"database\",\"dependsOn\":[]}");
        client.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + api,
                "{\"tier\":1,\"owner\":\"team-orders\",\"kind\":\"service\",\"dependsOn\":[\"" + db + "\"]}");
        awaitTrue(() -> client.call("GET", first + "/api/v1/catalog/services", null).body().contains(api),
                "detection's catalog replica has the services");
        client.call("POST", first + "/api/v1/alerts", alert(db, "DatabaseDown", "firing"));
        JsonNode cause = client.awaitIncident(db, i -> true, DEADLINE);
        assertNotNull(cause, "the cause opened an incident");
        // the symptom goes to the other replica
        String fingerprint = json(client.call("POST", second + "/api/v1/alerts", alert(api, "HighErrorRate", "firing")))
                .at("/alerts/0/fingerprint").asText();
        JsonNode symptom = awaitJson(() -> json(client.call("GET", first + "/api/v1/alerts/" + fingerprint, null)),
                a -> a.hasNonNull("incidentId"));
        assertEquals(cause.get("id").asText(), symptom.get("incidentId").asText());
        assertEquals("topology", symptom.get("inhibitRule").asText());
        assertTrue(symptom.get("inhibitedBy").asText().contains("DatabaseDown on " + db), symptom.toString());
    }

    @Test
    void aMissedHeartbeatOpensOneIncidentAcrossReplicasAndAPingResolvesIt() throws Exception {
        String name = "nightly-export-" + RUN;
        String service = "exporter-" + RUN;
        client.call("PUT", first + "/api/v1/heartbeats/" + name,
                "{\"service\":\"" + service + "\",\"intervalSeconds\":2,\"graceSeconds\":1}");
        client.call("POST", second + "/api/v1/heartbeats/" + name + "/ping", null);
        JsonNode incident = client.awaitIncident(service, i -> true, DEADLINE);
        assertNotNull(incident, "the missed heartbeat opened an incident");
        // both replicas tick every second: for the next 4 s there is still one incident with one alert, raised once
        String fingerprint = "heartbeat:" + name;
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(1, client.incidentsOf(service).size(), "one incident for one missed heartbeat");
            JsonNode alert = json(client.call("GET", first + "/api/v1/alerts/" + fingerprint, null));
            assertEquals(1, alert.get("receiveCount").asInt(), "raised once: " + alert);
            Thread.sleep(250);
        }
        assertEquals("HeartbeatMissed on " + service, incident.get("title").asText());

        client.call("POST", second + "/api/v1/heartbeats/" + name + "/ping", null);
        awaitJson(() -> json(client.call("GET", first + "/api/v1/alerts/" + fingerprint, null)),
                a -> a.get("status").asText().equals("resolved"));
        // the job is retired: without more pings it would miss again 3 s later, before the incident's window ends
        client.call("DELETE", first + "/api/v1/heartbeats/" + name, null);
        assertNotNull(client.awaitIncident(service, i -> i.get("status").asText().equals("RESOLVED"), DEADLINE),
                "the incident resolved once its alert stayed resolved for the window");
    }

    @Test
    void aFailingProbeOpensAnIncidentProbedOncePerIntervalAndRecoveryResolvesIt() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.HOST, 0), 0);
        server.createContext("/health", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            String name = "checkout-health-" + RUN;
            String service = "storefront-" + RUN;
            client.call("PUT", second + "/api/v1/checks/" + name, """
                    {"service":"%s","url":"http://%s:%d/health","method":"GET","expectedStatus":200,
                     "intervalSeconds":2,"timeoutSeconds":1,"failuresBeforeAlert":2}"""
                    .formatted(service, LocalStack.HOST, server.getAddress().getPort()));
            long t0 = System.nanoTime();
            JsonNode incident = client.awaitIncident(service, i -> true, DEADLINE);
            assertNotNull(incident, "two failed probes opened an incident");
            assertEquals("SyntheticCheckFailed on " + service, incident.get("title").asText());
            double seconds = (System.nanoTime() - t0) / 1e9;
            // two replicas tick every second; a probe every 2 s is at most seconds / 2 + 1 requests
            assertTrue(requests.get() <= seconds / 2 + 1, requests.get() + " probes in " + seconds + " s");
            JsonNode check = json(client.call("GET", first + "/api/v1/checks/" + name, null));
            assertTrue(check.get("results").size() >= 2, check.toString());

            status.set(200);
            assertNotNull(client.awaitIncident(service, i -> i.get("status").asText().equals("RESOLVED"), DEADLINE),
                    "a passing probe resolved the alert, and the incident after the window");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aLatencyStepInPushedSignalsOpensAnIncidentWithAnExplanation() throws Exception {
        String service = "search-" + RUN;
        Instant t = Instant.now().minusSeconds(3600);
        StringBuilder warmUp = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            // a deterministic wobble around 300 ms
            warmUp.append(i == 0 ? "" : ",").append(sample(service, t.plusSeconds(60L * i), 300 + (i * 7 % 21) - 10));
        }
        client.call("POST", first + "/api/v1/signals", warmUp.append("]").toString());
        StringBuilder step = new StringBuilder("[");
        for (int i = 0; i < 3; i++) {
            step.append(i == 0 ? "" : ",").append(sample(service, t.plusSeconds(60L * (40 + i)), 1840));
        }
        client.call("POST", second + "/api/v1/signals", step.append("]").toString());
        JsonNode incident = client.awaitIncident(service, i -> true, DEADLINE);
        assertNotNull(incident, "the step opened an incident");
        JsonNode alerts = json(client.call("GET", first + "/api/v1/incidents/" + incident.get("id").asText() + "/alerts", null));
        String description = alerts.get(0).get("description").asText();
        assertEquals("AnomalousLatencyP95Ms", alerts.get(0).get("name").asText());
        assertTrue(description.startsWith("latencyP95Ms 1,840 vs baseline") && description.contains("σ"), description);
    }

    @Test
    void aPagerDutyTriggerAndResolveOpenAndCloseAnIncident() throws Exception {
        String service = "payments-pd-" + RUN;
        String key = "pd-" + RUN;
        HttpResponse<String> trigger = client.send("POST", first + "/v2/enqueue", """
                {"routing_key":"%s","event_action":"trigger","dedup_key":"%s",
                 "payload":{"summary":"Payments 5xx above 5%%","source":"prod-lb-1","severity":"critical",
                            "component":"%s","class":"HighErrorRate"}}""".formatted(TOKEN, key, service));
        assertEquals(202, trigger.statusCode(), trigger.body());
        assertEquals("success", json(trigger).get("status").asText());
        assertEquals(key, json(trigger).get("dedup_key").asText());
        assertNotNull(client.awaitIncident(service, i -> true, DEADLINE), "the trigger opened an incident");
        HttpResponse<String> resolve = client.send("POST", second + "/v2/enqueue",
                "{\"routing_key\":\"" + TOKEN + "\",\"event_action\":\"resolve\",\"dedup_key\":\"" + key + "\"}");
        assertEquals(202, resolve.statusCode(), resolve.body());
        assertNotNull(client.awaitIncident(service, i -> i.get("status").asText().equals("RESOLVED"), DEADLINE),
                "the resolve closed the incident after the window");
        HttpResponse<String> unknown = client.send("POST", first + "/v2/enqueue",
                "{\"routing_key\":\"not-a-token\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"x\","
                        + "\"source\":\"y\",\"severity\":\"info\"}}");
        assertEquals(400, unknown.statusCode());
        assertEquals("invalid event", json(unknown).get("status").asText());
    }

    @Test
    void aCloudEventOpensAndClosesAnIncident() throws Exception {
        String service = "inventory-ce-" + RUN;
        String event = """
                {"specversion":"1.0","id":"%s","source":"/monitoring/prometheus","type":"io.prometheus.alert",
                 "datacontenttype":"application/json",
                 "data":{"service":"%s","name":"HighLatency","severity":"high","status":"%s"}}""";
        HttpResponse<String> fired = client.sendTyped("POST", first + "/api/v1/events",
                event.formatted("e1-" + RUN, service, "firing"), "application/cloudevents+json");
        assertEquals(202, fired.statusCode(), fired.body());
        assertNotNull(client.awaitIncident(service, i -> true, DEADLINE), "the CloudEvent opened an incident");
        HttpResponse<String> resolved = client.sendTyped("POST", second + "/api/v1/events",
                event.formatted("e2-" + RUN, service, "resolved"), "application/cloudevents+json");
        assertEquals(202, resolved.statusCode(), resolved.body());
        assertNotNull(client.awaitIncident(service, i -> i.get("status").asText().equals("RESOLVED"), DEADLINE),
                "the resolved CloudEvent closed the incident after the window");
    }

    @Test
    void aResolvedIncidentsAlertFiringAgainReopensIt() throws Exception {
        String service = "cart-" + RUN;
        client.call("POST", first + "/api/v1/alerts", alert(service, "HighErrorRate", "firing"));
        JsonNode incident = client.awaitIncident(service, i -> true, DEADLINE);
        assertNotNull(incident);
        client.call("POST", second + "/api/v1/alerts", alert(service, "HighErrorRate", "resolved"));
        assertNotNull(client.awaitIncident(service, i -> i.get("status").asText().equals("RESOLVED"), DEADLINE));
        JsonNode again = json(client.call("POST", second + "/api/v1/alerts", alert(service, "HighErrorRate", "firing")));
        assertEquals(incident.get("id").asText(), again.at("/alerts/0/incidentId").asText());
        JsonNode reopened = json(client.call("GET", first + "/api/v1/incidents/" + incident.get("id").asText(), null));
        assertEquals("REOPENED", reopened.get("status").asText());
        assertEquals(1, reopened.get("reopenCount").asInt());
        assertEquals(1, client.incidentsOf(service).size(), "no new incident");
    }

    private static String alert(String service, String name, String status) {
        return "{\"source\":\"prometheus\",\"service\":\"" + service + "\",\"name\":\"" + name
                + "\",\"severity\":\"critical\",\"status\":\"" + status + "\",\"labels\":{\"region\":\"eu\"}}";
    }

    private static String sample(String service, Instant at, double latency) {
        return "{\"service\":\"" + service + "\",\"at\":\"" + at + "\",\"latencyP95Ms\":" + latency + "}";
    }

    private static JsonNode json(HttpResponse<String> response) throws java.io.IOException {
        return JSON.readTree(response.body());
    }

    interface Check {
        boolean holds() throws Exception;
    }

    interface Read {
        JsonNode get() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!check.holds()) {
            assertTrue(System.nanoTime() < deadline, "within " + DEADLINE + ": " + what);
            Thread.sleep(200);
        }
    }

    private static JsonNode awaitJson(Read read, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode last = read.get();
        while (!condition.test(last)) {
            assertTrue(System.nanoTime() < deadline, "within " + DEADLINE + ": " + last);
            Thread.sleep(200);
            last = read.get();
        }
        return last;
    }
}
