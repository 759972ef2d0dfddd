package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Addresses;
import io.irsuite.localstack.DemoTarget;
import io.irsuite.localstack.LocalStack;
import io.irsuite.localstack.ScenarioReplay;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The suite as a user runs it: the launcher jar as a process (README command 1 without the build),
 * which starts PostgreSQL, the broker and the four packaged services as separate processes. Whole
 * incidents are driven through them over HTTP and AMQP, and every sample scenario of
 * {@code ../shared/scenarios} is replayed and its triage checked against the scenario's truth. With
 * {@code -Dir.replicas=2} the suite runs two processes of each service behind round-robin fronts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteSystemTest {

    private static final String TOKEN = "system-test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every lifecycle step of an incident that comms must show, in this order. */
    private static final List<String> LIFECYCLE = List.of("IncidentOpened", "IncidentTriaged", "RemediationStarted",
            "RemediationSucceeded", "IncidentMitigated", "IncidentResolved");

    private static Path dataDir;
    private static LaunchedSuite suite;
    private static ScenarioReplay client;
    private static DemoTarget target;

    @BeforeAll
    static void startTheSuite() throws Exception {
        // short windows so that the incidents of the test resolve in seconds
        dataDir = Files.createTempDirectory("ir-system-test");
        // -Dir.replicas=2: the same tests against two processes of each service behind their round-robin fronts
        suite = LaunchedSuite.start(dataDir, TOKEN,
                Map.of("IR_SERVICE_ENV_IR_DETECTION_STABILISATION_WINDOW", "3s"), Map.of(), Integer.getInteger("ir.replicas", 1));
        assertTrue(suite.output().stream().anyMatch(l -> l.contains("admin token") && l.contains(TOKEN)), "the launcher prints the token");
        client = new ScenarioReplay(suite.endpoints(), System.out);
        target = DemoTarget.start(null);
        client.installDemoRunbooksAndChannel(target);
    }

    @AfterAll
    static void stopLeftovers() {
        if (target != null) {
            target.close();
        }
        if (suite != null) {
            // a test failed before the orderly stop: the launcher still stops what it started
            suite.close();
        }
        LaunchedSuite.deleteData(dataDir);
    }

    @Test
    @Order(1)
    void aScenarioSentOverHttpGoesFromAlertToResolvedWithTimelineAndNotifications() throws Exception {
        JsonNode scenario = scenario("s09");
        ScenarioReplay.Replayed replayed = client.replay(scenario, "-sys" + System.currentTimeMillis() % 100000, 100);
        String root = replayed.rootService();

        JsonNode incident = client.awaitIncident(root,
                i -> List.of("MONITORING", "RESOLVED").contains(i.get("status").asText()), Duration.ofSeconds(90));
        assertNotNull(incident, "the incident of " + root + " is remediated: " + client.incidentsOf(root));
        if (incident.get("status").asText().equals("MONITORING")) {
            client.resolveAlerts(replayed); // the services recovered: Alertmanager resolves their alerts
        }
        String id = incident.get("id").asText();
        JsonNode resolved = awaitResolved(root, id);
        assertNotNull(resolved.get("mitigatedAt").asText(null), "mitigatedAt is kept");
        assertNotNull(resolved.get("resolvedAt").asText(null), "resolvedAt is kept");

        JsonNode triage = JSON.readTree(client.call("GET", suite.url("triage") + "/api/v1/incidents/" + id + "/triage", null).body());
        assertEquals(root, triage.at("/rootCause/service").asText());
        assertEquals(replayed.truth().get("category").asText(), triage.at("/rootCause/category").asText());
        assertEquals("rollback", triage.at("/recommendedActions/0/action").asText());

        assertLifecycleInTimeline(id);
        // the runbook URL was filled from the catalog's Kubernetes coordinates of the root service
        assertTrue(target.calls().stream().anyMatch(c -> c.method().equals("POST") && c.path().equals("/deployments/payments/auth/rollback")),
                "the runbook's http step called the deployment API: " + target.calls());
        assertNotificationsFor(id);
    }

    @Test
    @Order(2)
    void anAlertSentOverAmqpGoesFromAlertToResolvedAfterTheStabilisationWindow() throws Exception {
        String service = "billing-amqp" + System.currentTimeMillis() % 100000;
        client.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + service,
                "{\"tier\":1,\"owner\":\"team-billing\",\"kind\":\"service\",\"dependsOn\":[],"
                        + "\"kubernetes\":{\"namespace\":\"billing\",\"deployment\":\"" + service + "\"}}");
        client.call("POST", suite.url("triage") + "/api/v1/changes", "{\"service\":\"" + service + "\",\"type\":\"deploy\","
                + "\"version\":\"v2\",\"previousVersion\":\"v1\",\"description\":\"release\",\"at\":\""
                + Instant.now().minusSeconds(300) + "\"}");
        String alert = "{\"source\":\"prometheus\",\"service\":\"" + service + "\",\"name\":\"HighErrorRate\","
                + "\"severity\":\"critical\",\"summary\":\"5xx above 5%\",\"startsAt\":\"" + Instant.now().minusSeconds(30)
                + "\",\"metrics\":{\"errorRate\":0.2,\"usersAffectedPct\":15}}";
        sendAmqpAlert(alert);
        JsonNode incident = client.awaitIncident(service, i -> true, Duration.ofSeconds(30));
        assertNotNull(incident, "the AMQP alert opened an incident");
        String id = incident.get("id").asText();
        // remediated, but resolved only once the alert has resolved and stayed so for the window
        JsonNode monitoring = client.awaitIncident(service, i -> i.get("status").asText().equals("MONITORING"),
                Duration.ofSeconds(60));
        assertNotNull(monitoring, "the rollback mitigated the incident: " + client.incidentsOf(service));
        // a control incident whose alert resolves after the mitigation: once it has resolved, the window since the
        // mitigation has passed too, and the still-firing alert must have kept this one in MONITORING
        String control = service + "-control";
        client.call("POST", suite.url("detection") + "/api/v1/alerts", "{\"source\":\"prometheus\",\"service\":\""
                + control + "\",\"name\":\"DiskFull\",\"severity\":\"warning\"}");
        assertNotNull(client.awaitIncident(control, i -> true, Duration.ofSeconds(30)));
        client.call("POST", suite.url("detection") + "/api/v1/alerts", "{\"source\":\"prometheus\",\"service\":\""
                + control + "\",\"name\":\"DiskFull\",\"severity\":\"warning\",\"status\":\"resolved\"}");
        assertNotNull(client.awaitIncident(control, i -> i.get("status").asText().equals("RESOLVED"), Duration.ofSeconds(30)));
        assertEquals("MONITORING", client.awaitIncident(service, i -> i.get("id").asText().equals(id), Duration.ofSeconds(5))
                .get("status").asText(), "an incident never resolves while its alert fires");
        sendAmqpAlert(alert.replace("\"severity\":\"critical\"", "\"status\":\"resolved\",\"severity\":\"critical\""));
        JsonNode resolved = awaitResolved(service, id);
        assertEquals("SEV2", resolved.get("severity").asText(), "triage classified errorRate 20% as SEV2");
        assertLifecycleInTimeline(id);
        assertNotificationsFor(id);
    }

    @Test
    @Order(3)
    void badInputToAnyEndpointGetsAProblemAndNeverA5xx() throws Exception {
        String unknownId = "00000000-0000-0000-0000-000000000000";
        List<String[]> endpoints = List.of(
                new String[]{"POST", suite.url("detection") + "/api/v1/alerts"},
                new String[]{"POST", suite.url("detection") + "/api/v1/alerts/alertmanager"},
                new String[]{"POST", suite.url("detection") + "/api/v1/incidents/" + unknownId + "/acknowledge"},
                new String[]{"POST", suite.url("detection") + "/api/v1/incidents/" + unknownId + "/resolve"},
                new String[]{"PUT", suite.url("triage") + "/api/v1/catalog/services/bad-input"},
                new String[]{"POST", suite.url("triage") + "/api/v1/changes"},
                new String[]{"PUT", suite.url("remediation") + "/api/v1/runbooks/bad-input"},
                new String[]{"POST", suite.url("remediation") + "/api/v1/executions/" + unknownId + "/approve"},
                new String[]{"POST", suite.url("remediation") + "/api/v1/executions/" + unknownId + "/reject"},
                new String[]{"PUT", suite.url("comms") + "/api/v1/channels/bad-input"},
                new String[]{"POST", suite.url("detection") + "/api/v1/silences"},
                new String[]{"POST", suite.url("detection") + "/api/v1/silences/preview"},
                new String[]{"PUT", suite.url("detection") + "/api/v1/inhibit-rules/bad-input"},
                new String[]{"PUT", suite.url("detection") + "/api/v1/heartbeats/bad-input"},
                new String[]{"PUT", suite.url("detection") + "/api/v1/checks/bad-input"},
                new String[]{"POST", suite.url("detection") + "/api/v1/signals"},
                new String[]{"POST", suite.url("detection") + "/api/v1/events"});
        List<String> bodies = List.of("{\"service\": ", "[1, 2", "\"just a string\"", "{\"tier\": \"high\", \"by\": 7}", "");
        List<String> failures = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            for (String body : bodies) {
                HttpResponse<String> response = client.send(endpoint[0], endpoint[1], body);
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (response.statusCode() < 400 || response.statusCode() >= 500 || !type.startsWith("application/problem+json")) {
                    failures.add(endpoint[0] + " " + endpoint[1] + " <- " + body + " : " + response.statusCode() + " " + type + " " + response.body());
                } else {
                    JsonNode problem = JSON.readTree(response.body());
                    if (!problem.hasNonNull("title") || problem.get("status").asInt() != response.statusCode()) {
                        failures.add(endpoint[1] + ": problem without title/status: " + response.body());
                    }
                }
            }
        }
        // a NUL character in a string, and content after the JSON value: a 400 that names the field
        // each endpoint reads at least one of these fields (unknown fields are ignored, never stored)
        List<String> strict = List.of("{\"by\": \"a\\u0000b\", \"service\": \"a\\u0000b\", \"name\": \"a\\u0000b\", "
                        + "\"owner\": \"a\\u0000b\", \"type\": \"a\\u0000b\", \"url\": \"a\\u0000b\"}",
                "{\"by\": \"me\"} {\"by\": \"you\"}", "{\"by\": \"me\"} trailing");
        for (String[] endpoint : endpoints) {
            for (String body : strict) {
                HttpResponse<String> response = client.send(endpoint[0], endpoint[1], body);
                JsonNode problem = response.statusCode() == 400 ? JSON.readTree(response.body()) : null;
                if (problem == null || !problem.path("errors").path(0).hasNonNull("field")
                        || problem.path("errors").path(0).path("field").asText().isEmpty()) {
                    failures.add(endpoint[0] + " " + endpoint[1] + " <- " + body + " : " + response.statusCode() + " "
                            + response.body());
                }
            }
        }
        // PagerDuty's endpoint answers in PagerDuty's own shape, naming the field in its errors
        for (String body : List.of("{\"routing_key\": ", "{\"routing_key\": \"" + TOKEN + "\", \"event_action\": \"trigger\","
                + " \"payload\": {\"summary\": \"a\\u0000b\", \"source\": \"s\", \"severity\": \"info\"}}",
                "{\"routing_key\": \"" + TOKEN + "\", \"event_action\": \"explode\"}", "{} trailing", "")) {
            HttpResponse<String> response = client.send("POST", suite.url("detection") + "/v2/enqueue", body);
            JsonNode answer = response.statusCode() == 400 ? JSON.readTree(response.body()) : null;
            if (answer == null || !"invalid event".equals(answer.path("status").asText()) || answer.path("errors").isEmpty()) {
                failures.add("POST /v2/enqueue <- " + body + " : " + response.statusCode() + " " + response.body());
            }
        }
        assertEquals(List.of(), failures);

        HttpResponse<String> noToken = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(suite.url("detection") + "/api/v1/incidents")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        assertTrue(noToken.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    @Order(4)
    void everySampleScenarioIsTriagedAsItsTruthSays() throws Exception {
        Path dir = Path.of(System.getProperty("ir.shared", "../../shared"), "scenarios").toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(dir), "the sample scenarios belong in ../shared/scenarios next to the repository: " + dir + " is missing");
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no scenario in " + dir);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Verdict> verdicts = new ArrayList<>();
        for (Path file : files) {
            JsonNode scenario = ScenarioReplay.load(file.toString());
            String id = scenario.path("id").asText(file.getFileName().toString());
            ScenarioReplay.Replayed replayed = client.replay(scenario, "-" + id + "-" + run, 100);
            // an incident read before detection has grouped the last alerts looks complete with fewer of them
            client.awaitGrouped(replayed, Duration.ofSeconds(30));
            JsonNode triage = awaitCompleteTriage(followed(scenario, replayed), Duration.ofSeconds(30));
            verdicts.add(Verdict.of(id, replayed, triage));
            client.resolveAlerts(replayed);
        }
        String table = Verdict.table(verdicts);
        System.out.println(table);
        long wrong = verdicts.stream().filter(v -> !v.ok()).count();
        if (wrong > 0) {
            fail(wrong + " of " + verdicts.size() + " scenarios were triaged wrong through the running suite:\n" + table);
        }
    }

    /**
     * Four JVMs start at once on two cores: each must start from the class data archive in its app folder, the
     * build's or the one run.sh recorded (README command 1's time to ready depends on it). A JVM that cannot use the
     * archive (wrong path, other JDK) starts without it and unmaps it, so the archive mapped into the running
     * process is the proof.
     */
    @Test
    @Order(98)
    void everyServiceRunsFromItsClassDataArchive() throws Exception {
        for (String service : List.of("detection", "triage", "remediation", "comms")) {
            long pid = suite.serviceProcess(service).pid();
            String archive = service + "-service/target/quarkus-app/app-cds.jsa";
            assertTrue(Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")).stream().anyMatch(l -> l.endsWith(archive)),
                    service + " (pid " + pid + ") has " + archive + " mapped");
        }
    }

    @Test
    @Order(99)
    void stoppingTheLauncherLeavesNoProcessBehind() throws Exception {
        Process launcher = suite.launcher();
        List<ProcessHandle> children = new ArrayList<>(launcher.descendants().toList());
        assertTrue(children.size() >= 4, "the four services run as child processes: " + children);
        // PostgreSQL runs detached (pg_ctl): it must stop with the launcher all the same
        ProcessHandle postgres = ProcessHandle.of(suite.postgresPid()).orElseThrow(() -> new AssertionError("PostgreSQL runs"));
        children.add(postgres);
        children.addAll(postgres.descendants().toList());
        launcher.destroy(); // SIGTERM, as Ctrl-C or a process manager would
        assertTrue(launcher.waitFor(90, TimeUnit.SECONDS), "the launcher exits after SIGTERM");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), children.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList(), "no process is left behind");
        assertTrue(suite.output().stream().anyMatch(l -> l.contains("[suite] stopped")), "the launcher says it stopped: " + suite.output());
    }

    private static JsonNode awaitResolved(String service, String id) throws Exception {
        JsonNode resolved = client.awaitIncident(service,
                i -> i.get("id").asText().equals(id) && i.get("status").asText().equals("RESOLVED"), Duration.ofSeconds(90));
        if (resolved == null) {
            fail("incident " + id + " did not reach RESOLVED: " + client.incidentsOf(service));
        }
        return resolved;
    }

    private void sendAmqpAlert(String alert) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var amqp = AmqpClient.create(vertx, new AmqpClientOptions().setHost(LocalStack.HOST).setPort(suite.amqpPort()))
                    .connect().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            var sender = amqp.createSender(Addresses.ALERTS).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            sender.sendWithAck(AmqpMessage.create().withBody(alert).durable(true).build())
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            amqp.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
    }

    private static void assertLifecycleInTimeline(String id) throws Exception {
        JsonNode timeline = client.awaitTimeline(id, "IncidentResolved", Duration.ofSeconds(30));
        List<String> types = new ArrayList<>();
        timeline.forEach(e -> types.add(e.get("type").asText()));
        int previous = -1;
        for (String step : LIFECYCLE) {
            int at = types.indexOf(step);
            assertTrue(at > previous, step + " follows the previous lifecycle step in the timeline " + types);
            previous = at;
        }
        List<String> statusChanges = new ArrayList<>();
        timeline.forEach(e -> {
            if (e.get("type").asText().equals("IncidentStatusChanged")) {
                statusChanges.add(e.get("summary").asText());
            }
        });
        assertTrue(statusChanges.stream().anyMatch(s -> s.contains("TRIAGED")), "OPEN -> TRIAGED is in the timeline: " + statusChanges);
        assertTrue(statusChanges.stream().anyMatch(s -> s.contains("MITIGATING")), "-> MITIGATING is in the timeline: " + statusChanges);
        timeline.forEach(e -> assertFalse(e.get("summary").asText().isBlank(), "every timeline entry says what happened"));
    }

    private static void assertNotificationsFor(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> kinds = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            kinds.clear();
            for (String body : target.notifications()) {
                JsonNode n = JSON.readTree(body);
                if (n.path("incidentId").asText().equals(id)) {
                    kinds.add(n.get("kind").asText());
                    assertFalse(n.path("text").asText().isBlank());
                }
            }
            if (kinds.contains("initial") && kinds.contains("resolution")) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the webhook did not receive the initial and resolution notifications of " + id + ": " + kinds);
    }

    /** The truth's root service if it alerted, else every service whose alerts belong to the incident. */
    private static List<String> followed(JsonNode scenario, ScenarioReplay.Replayed replayed) {
        List<String> services = new ArrayList<>();
        for (int i = 0; i < replayed.alerts().size(); i++) {
            String service = replayed.alerts().get(i).get("service").asText();
            if (service.equals(replayed.rootService())) {
                return List.of(service);
            }
            if (!scenario.get("alerts").get(i).path("role").asText().equals("noise") && !services.contains(service)) {
                services.add(service);
            }
        }
        return services;
    }

    /**
     * The triage of the first incident of {@code services} once it has seen every alert of that
     * incident: triage runs once per alert, so its version counts them. Null on time-out.
     */
    private static JsonNode awaitCompleteTriage(List<String> services, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String service : services) {
                for (JsonNode incident : client.incidentsOf(service)) {
                    if (incident.hasNonNull("mergedInto")) {
                        continue;
                    }
                    HttpResponse<String> response = client.send("GET",
                            suite.url("triage") + "/api/v1/incidents/" + incident.get("id").asText() + "/triage", null);
                    if (response.statusCode() == 200) {
                        JsonNode triage = JSON.readTree(response.body());
                        // complete: it saw every alert of the incident (a burst is triaged once, so not by version)
                        if (triage.path("alertCount").asInt() >= incident.get("alertCount").asInt()) {
                            return triage;
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        return null;
    }

    /** One scenario's expected and actual triage, service names without the replay's suffix. */
    private record Verdict(String scenario, String expected, String got, List<String> wrong, String evidence) {

        static Verdict of(String scenario, ScenarioReplay.Replayed replayed, JsonNode triage) {
            JsonNode truth = replayed.truth();
            List<String> acceptable = new ArrayList<>();
            truth.get("acceptableActions").forEach(a -> acceptable.add(a.asText()));
            String expected = String.join(" ", truth.get("rootService").asText(), truth.get("category").asText(),
                    truth.get("severity").asText(), acceptable.toString());
            if (triage == null) {
                return new Verdict(scenario, expected, "(no complete triage within 30 s)", List.of("triage"), "");
            }
            String root = triage.at("/rootCause/service").asText();
            String category = triage.at("/rootCause/category").asText();
            String severity = triage.path("severity").asText();
            JsonNode actions = triage.path("recommendedActions");
            String action = actions.isEmpty() ? "(none)" : actions.get(0).path("action").asText();
            List<String> wrong = new ArrayList<>();
            if (!root.equals(replayed.rootService())) {
                wrong.add("root");
            }
            if (!category.equals(truth.get("category").asText())) {
                wrong.add("category");
            }
            if (!severity.equals(truth.get("severity").asText())) {
                wrong.add("severity");
            }
            if (actions.isEmpty() ? !acceptable.contains("escalate") : !acceptable.contains(action)) {
                wrong.add("action");
            }
            List<String> candidates = new ArrayList<>();
            triage.path("candidates").forEach(c -> candidates.add(c.path("service").asText() + " "
                    + c.path("category").asText() + " " + c.path("score").asText()));
            String evidence = "confidence " + triage.at("/rootCause/confidence").asText() + "; evidence "
                    + triage.at("/rootCause/evidence") + "; candidates " + candidates + "; severity reasons "
                    + triage.path("severityReasons");
            String suffix = replayed.suffix();
            return new Verdict(scenario, expected, String.join(" ", root, category, severity, action).replace(suffix, ""),
                    wrong, evidence.replace(suffix, ""));
        }

        boolean ok() {
            return wrong.isEmpty();
        }

        /** Every verdict in a row, then the evidence of the wrong ones. */
        static String table(List<Verdict> verdicts) {
            int width = verdicts.stream().mapToInt(v -> v.expected().length()).max().orElse(0);
            String row = "%-10s %-" + width + "s   %s%n";
            StringBuilder table = new StringBuilder(String.format(row, "scenario", "expected", "got"));
            for (Verdict v : verdicts) {
                table.append(String.format(row, v.scenario(), v.expected(), v.got() + (v.ok() ? "   ok" : "   WRONG " + v.wrong())));
            }
            verdicts.stream().filter(v -> !v.ok() && !v.evidence().isEmpty())
                    .forEach(v -> table.append(v.scenario()).append(": ").append(v.evidence()).append('\n'));
            return table.toString();
        }
    }

    private static JsonNode scenario(String id) throws IOException {
        Path shared = Path.of(System.getProperty("ir.shared", "../../shared"), "scenarios", id + ".json");
        return ScenarioReplay.load(Files.isRegularFile(shared) ? shared.toString() : id);
    }
}
