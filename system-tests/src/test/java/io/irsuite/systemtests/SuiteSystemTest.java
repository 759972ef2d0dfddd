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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The suite as a user runs it: the launcher jar as a process (README command 1 without the build),
 * which starts PostgreSQL, the broker and the four packaged services as separate processes. Whole
 * incidents are driven through them over HTTP and AMQP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteSystemTest {

    private static final String TOKEN = "system-test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every lifecycle step of an incident that comms must show, in this order. */
    private static final List<String> LIFECYCLE = List.of("IncidentOpened", "IncidentTriaged", "RemediationStarted",
            "RemediationSucceeded", "IncidentMitigated", "IncidentResolved");

    private static Process launcher;
    private static Path launcherOutput;
    private static Map<String, String> urls;
    private static int amqpPort;
    private static long postgresPid;
    private static ScenarioReplay client;
    private static DemoTarget target;

    @BeforeAll
    static void startTheSuite() throws Exception {
        Path repo = Path.of(System.getProperty("ir.repo", "..")).toAbsolutePath().normalize();
        Path jar = repo.resolve("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.isRegularFile(jar), "the launcher jar is built before the system tests: " + jar);
        Path dataDir = Files.createTempDirectory("ir-system-test");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dir.repo=" + repo,
                "-jar", jar.toString(), "--data-dir", dataDir.toString(), "--postgres-port", "0", "--amqp-port", "0",
                "--detection-port", "0", "--triage-port", "0", "--remediation-port", "0", "--comms-port", "0")
                .redirectErrorStream(true);
        builder.environment().put("IR_ADMIN_TOKEN", TOKEN);
        // short windows so that the incidents of the test resolve in seconds
        builder.environment().put("IR_SERVICE_ENV_IR_DETECTION_STABILISATION_WINDOW", "3s");
        // a file, not a pipe: the JDK closes a pipe under its reader when the process exits, losing the last lines
        launcherOutput = dataDir.resolve("launcher.out");
        builder.redirectOutput(launcherOutput.toFile());
        System.out.println("launcher output: " + launcherOutput);
        launcher = builder.start();

        // the last line of the block the launcher prints once ready: the URLs and the token come before it
        awaitOutput(line -> line.startsWith("Press Ctrl-C to stop everything."), Duration.ofMinutes(5));
        urls = new java.util.HashMap<>();
        Pattern serviceLine = Pattern.compile("^\\s+(detection|triage|remediation|comms)\\s+(http://\\S+)\\s.*");
        Pattern brokerLine = Pattern.compile(".*PostgreSQL \\(pid (\\d+)\\).*AMQP 1.0 broker on [\\d.]+:(\\d+).*");
        for (String line : output()) {
            Matcher m = serviceLine.matcher(line);
            if (m.matches()) {
                urls.put(m.group(1), m.group(2));
            }
            Matcher b = brokerLine.matcher(line);
            if (b.matches()) {
                postgresPid = Long.parseLong(b.group(1));
                amqpPort = Integer.parseInt(b.group(2));
            }
        }
        assertEquals(4, urls.size(), "the launcher prints the four service URLs: " + output());
        assertTrue(output().stream().anyMatch(l -> l.contains("admin token") && l.contains(TOKEN)), "the launcher prints the token");
        client = new ScenarioReplay(new ScenarioReplay.Endpoints(urls.get("detection"), urls.get("triage"),
                urls.get("remediation"), urls.get("comms"), TOKEN), System.out);
        target = DemoTarget.start(null);
        client.installDemoRunbooksAndChannel(target);
    }

    @AfterAll
    static void stopLeftovers() {
        if (target != null) {
            target.close();
        }
        if (launcher != null && launcher.isAlive()) {
            // a test failed before the orderly stop: SIGTERM first, so the launcher stops what it started
            launcher.destroy();
            try {
                if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                    launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                    launcher.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

        JsonNode triage = JSON.readTree(client.call("GET", urls.get("triage") + "/api/v1/incidents/" + id + "/triage", null).body());
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
        client.call("PUT", urls.get("triage") + "/api/v1/catalog/services/" + service,
                "{\"tier\":1,\"owner\":\"team-billing\",\"kind\":\"service\",\"dependsOn\":[],"
                        + "\"kubernetes\":{\"namespace\":\"billing\",\"deployment\":\"" + service + "\"}}");
        client.call("POST", urls.get("triage") + "/api/v1/changes", "{\"service\":\"" + service + "\",\"type\":\"deploy\","
                + "\"version\":\"v2\",\"previousVersion\":\"v1\",\"description\":\"release\",\"at\":\""
                + Instant.now().minusSeconds(300) + "\"}");
        String alert = "{\"source\":\"prometheus\",\"service\":\"" + service + "\",\"name\":\"HighErrorRate\","
                + "\"severity\":\"critical\",\"summary\":\"5xx above 5%\",\"startsAt\":\"" + Instant.now().minusSeconds(30)
                + "\",\"metrics\":{\"errorRate\":0.2,\"usersAffectedPct\":15}}";
        Vertx vertx = Vertx.vertx();
        try {
            var amqp = AmqpClient.create(vertx, new AmqpClientOptions().setHost(LocalStack.HOST).setPort(amqpPort))
                    .connect().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            var sender = amqp.createSender(Addresses.ALERTS).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            sender.sendWithAck(AmqpMessage.create().withBody(alert).durable(true).build())
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            amqp.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
        JsonNode incident = client.awaitIncident(service, i -> true, Duration.ofSeconds(30));
        assertNotNull(incident, "the AMQP alert opened an incident");
        String id = incident.get("id").asText();
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
                new String[]{"POST", urls.get("detection") + "/api/v1/alerts"},
                new String[]{"POST", urls.get("detection") + "/api/v1/alerts/alertmanager"},
                new String[]{"POST", urls.get("detection") + "/api/v1/incidents/" + unknownId + "/acknowledge"},
                new String[]{"POST", urls.get("detection") + "/api/v1/incidents/" + unknownId + "/resolve"},
                new String[]{"PUT", urls.get("triage") + "/api/v1/catalog/services/bad-input"},
                new String[]{"POST", urls.get("triage") + "/api/v1/changes"},
                new String[]{"PUT", urls.get("remediation") + "/api/v1/runbooks/bad-input"},
                new String[]{"POST", urls.get("remediation") + "/api/v1/executions/" + unknownId + "/approve"},
                new String[]{"POST", urls.get("remediation") + "/api/v1/executions/" + unknownId + "/reject"},
                new String[]{"PUT", urls.get("comms") + "/api/v1/channels/bad-input"});
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
        assertEquals(List.of(), failures);

        HttpResponse<String> noToken = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(urls.get("detection") + "/api/v1/incidents")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        assertTrue(noToken.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    @Order(99)
    void stoppingTheLauncherLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> children = new ArrayList<>(launcher.descendants().toList());
        assertTrue(children.size() >= 4, "the four services run as child processes: " + children);
        // PostgreSQL runs detached (pg_ctl): it must stop with the launcher all the same
        ProcessHandle postgres = ProcessHandle.of(postgresPid).orElseThrow(() -> new AssertionError("PostgreSQL runs"));
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
        assertTrue(output().stream().anyMatch(l -> l.contains("[suite] stopped")), "the launcher says it stopped: " + output());
    }

    private static JsonNode awaitResolved(String service, String id) throws Exception {
        JsonNode resolved = client.awaitIncident(service,
                i -> i.get("id").asText().equals(id) && i.get("status").asText().equals("RESOLVED"), Duration.ofSeconds(90));
        if (resolved == null) {
            fail("incident " + id + " did not reach RESOLVED: " + client.incidentsOf(service));
        }
        return resolved;
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

    private static JsonNode scenario(String id) throws IOException {
        Path shared = Path.of(System.getProperty("ir.shared", "../../shared"), "scenarios", id + ".json");
        return ScenarioReplay.load(Files.isRegularFile(shared) ? shared.toString() : id);
    }

    private static List<String> output() {
        try {
            return Files.readAllLines(launcherOutput);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void awaitOutput(java.util.function.Predicate<String> line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().stream().anyMatch(line)) {
                return;
            }
            if (!launcher.isAlive()) {
                fail("the launcher exited with " + launcher.exitValue() + ": " + String.join("\n", output()));
            }
            Thread.sleep(200);
        }
        fail("the suite was not ready in " + timeout + ": " + String.join("\n", output()));
    }
}
