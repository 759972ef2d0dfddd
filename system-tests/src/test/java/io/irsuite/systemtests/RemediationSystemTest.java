package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.localstack.DemoTarget;
import io.irsuite.localstack.ScenarioReplay;
import org.awaitility.core.ConditionTimeoutException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's "Done when", through the launched suite: remediation's kubernetes steps act on a fake
 * cluster ({@link FakeCluster}: fabric8's mock API server in CRUD mode in this JVM, and a controller
 * thread playing the Deployment controller). Each test deploys a bad version of its own service
 * ({@code prod/<service>}: revision 1 {@code shop/<service>:v1}, revision 2 {@code :v2} current),
 * registers it in the catalog with its Kubernetes coordinates, records the deploy as a change, installs
 * the one runbook that serves {@code rollback} for the test, and fires the service's alerts (severe
 * enough for triage to clear the rollback for automatic remediation). Everything is then asserted as a
 * user sees it: the public HTTP APIs of the four services, and the Deployment as read from the cluster.
 * <p>
 * Run: {@code ./mvnw -o -pl system-tests -am verify -Dtest=RemediationSystemTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dir.keep-data=true} to keep the suite's logs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemediationSystemTest {

    private static final String TOKEN = "remediation-system-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "prod";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String ROLLBACK = "roll back the deployment";
    private static final String RUNBOOK_ID_PREFIX = "sys-rollback-";
    private static final List<String> FINAL = List.of("SUCCEEDED", "FAILED", "ROLLED_BACK", "CANCELLED", "REJECTED");
    private static final Pattern NOT_RECOVERED = Pattern.compile("(?i)not recover");
    /** How a step list may say that the execution was taken over (resumed) after its runner died. */
    private static final Pattern TAKEOVER = Pattern.compile("(?i)took over|taken over|takeover|take over|resum");

    private Path dataDir;
    private LaunchedSuite suite;
    private ScenarioReplay client;
    private FakeCluster cluster;
    private DemoTarget webhook;
    /** What every service gets (the launcher passes it on as IR_SERVICE_ENV_*); a restarted remediation too. */
    private Map<String, String> serviceEnv;
    /** remediation's base URL: the launcher's, or the replica that replaced it after a crash. */
    private volatile String remediation;

    @RegisterExtension
    final KeepDataOnFailure keepDataOnFailure = new KeepDataOnFailure();

    /** One bad-deploy incident of a test: the service, its incident, the alerts that opened it. */
    private record Incident(String service, String id, List<ObjectNode> alerts) {
    }

    @BeforeAll
    void startTheClusterAndTheSuite() throws Exception {
        cluster = FakeCluster.start();
        serviceEnv = new LinkedHashMap<>();
        serviceEnv.put("IR_DETECTION_STABILISATION_WINDOW", "3s");
        serviceEnv.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", cluster.apiServerUrl());
        serviceEnv.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
        serviceEnv.put("IR_REMEDIATION_KUBERNETES_ALLOWED_NAMESPACES", NS);
        serviceEnv.put("IR_REMEDIATION_KUBERNETES_POLL_INTERVAL", "200ms");
        // a crashed runner's lease runs out soon, and the sweeps and the dispatcher look often
        serviceEnv.put("IR_EXECUTION_LEASE_MARGIN", "10s");
        serviceEnv.put("IR_EXECUTION_SWEEP_INTERVAL", "2s");
        serviceEnv.put("IR_REMEDIATION_DISPATCH_INTERVAL", "1s");
        serviceEnv.put("IR_REMEDIATION_VERIFY_POLL_INTERVAL", "500ms");
        serviceEnv.put("IR_REMEDIATION_COOLDOWN", "30m");
        Map<String, String> launcherEnv = new LinkedHashMap<>();
        serviceEnv.forEach((k, v) -> launcherEnv.put("IR_SERVICE_ENV_" + k, v));
        dataDir = Files.createTempDirectory("ir-remediation-system-test");
        suite = LaunchedSuite.start(dataDir, TOKEN, launcherEnv);
        client = new ScenarioReplay(suite.endpoints(), System.out);
        remediation = suite.url("remediation");
        webhook = DemoTarget.start(null);
        client.call("PUT", suite.url("comms") + "/api/v1/channels/system-webhook", JSON.createObjectNode()
                .put("type", "webhook").put("url", webhook.webhookUrl()).put("minSeverity", "SEV4").toString());
    }

    @AfterAll
    void stop() {
        LaunchedSuite.stop(suite, dataDir, keepDataOnFailure.failed(), webhook, cluster);
    }

    @Test
    @Order(1)
    void aBadDeployIsRolledBackOnTheClusterAndOnceItsAlertsResolveTheExecutionSucceedsAndTheIncidentResolves()
            throws Exception {
        // YAML, as an operator writes it
        Incident incident = badDeploy("checkout", "bad-deploy", "application/yaml", """
                name: Roll back a bad deploy
                actions: [rollback]
                categories: [deploy]
                requiresApproval: false
                verify: {withinSeconds: 60}
                steps:
                  - name: %s
                    type: kubernetes
                    operation: rollback
                    timeoutSeconds: 30
                    rollback: {name: roll forward again, type: kubernetes, operation: rollback, timeoutSeconds: 30}
                  - {name: wait for the rollout, type: kubernetes, operation: rollout-status, timeoutSeconds: 30}
                """.formatted(ROLLBACK));

        awaitValue("the Deployment runs shop/checkout:v1 again", () -> cluster.image(NS, "checkout"), "shop/checkout:v1"::equals);
        awaitValue("the rollout of the rollback completed", () -> cluster.deployment(NS, "checkout"),
                d -> d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration());
        assertEquals(3, cluster.revision(NS, "checkout"), "the rollback is the Deployment's revision 3");
        assertNull(cluster.deployment(NS, "checkout").getSpec().getTemplate().getMetadata().getLabels()
                .get(FakeCluster.POD_TEMPLATE_HASH), "the rollback dropped the ReplicaSet's pod-template-hash");
        assertEquals("[1:shop/checkout:v1, 2:shop/checkout:v2, 3:shop/checkout:v1 (" + firstReplicaSet(incident)
                + " again)]", cluster.rollouts(NS, "checkout").toString(), "revision 1's ReplicaSet came back as revision 3");

        JsonNode stepsDone = awaitExecution(incident, "every step of the runbook passed",
                e -> lastStep(e, ROLLBACK, "SUCCEEDED") && lastStep(e, "wait for the rollout", "SUCCEEDED")
                        && List.of("RUNNING", "SUCCEEDED").contains(e.path("status").asText()));
        String rolledBack = step(stepsDone, ROLLBACK).path("output").asText();
        assertTrue(rolledBack.contains("back to revision 1"), rolledBack);
        assertEquals(RUNBOOK_ID_PREFIX + "bad-deploy", stepsDone.path("runbookId").asText());

        resolveAlerts(incident); // the old version serves again: Alertmanager sends the same alerts as resolved
        JsonNode succeeded = awaitExecution(incident, "SUCCEEDED", e -> e.path("status").asText().equals("SUCCEEDED"));
        assertEquals("rollback", succeeded.path("action").asText());
        assertEquals("checkout", succeeded.path("target").asText());
        awaitIncidentStatus(incident, "RESOLVED");
        assertEquals(1, executions(incident).size(), "one execution: " + executions(incident));
        assertEquals("shop/checkout:v1", cluster.image(NS, "checkout"));
    }

    @Test
    @Order(2)
    void alertsThatKeepFiringAfterTheRollbackRollItBackPageAPersonAndLeaveTheIncidentOpen() throws Exception {
        String service = "checkout-firing";
        Incident incident = badDeploy(service, "keeps-firing", "application/json", runbook(
                "Roll back a bad deploy, verified quickly", 8,
                rollbackStep(), step("wait for the rollout", "rollout-status")));

        awaitValue("the rollback reached the cluster", () -> cluster.image(NS, service), ("shop/" + service + ":v1")::equals);
        JsonNode verifying = awaitExecution(incident, "every step passed",
                e -> lastStep(e, ROLLBACK, "SUCCEEDED") && lastStep(e, "wait for the rollout", "SUCCEEDED"));
        assertEquals("RUNNING", verifying.path("status").asText(),
                "the steps passing is not success: the execution waits for the alerts to resolve");

        // the alerts never resolve
        JsonNode rolledBack = awaitExecution(incident, "ROLLED_BACK once verify gave up",
                e -> e.path("status").asText().equals("ROLLED_BACK"));
        String error = rolledBack.path("error").asText();
        assertTrue(NOT_RECOVERED.matcher(error).find(), "the error says the service did not recover: " + error);
        assertTrue(rolledBack.path("steps").toString().contains("rollback: roll forward again"),
                "the rollback step ran: " + rolledBack.path("steps"));
        awaitValue("the template before the rollback is re-applied", () -> cluster.image(NS, service),
                ("shop/" + service + ":v2")::equals);
        List<FakeCluster.Rollout> rollouts = cluster.rollouts(NS, service);
        assertEquals(4, rollouts.size(), "seed, seed, rollback, its undo: " + rollouts);
        assertEquals("shop/" + service + ":v2", rollouts.get(3).image());
        assertTrue(rollouts.get(3).reused(), "revision 2's ReplicaSet came back: " + rollouts);

        JsonNode page = awaitValue("comms paged a person for the incident", () -> notifications(incident),
                all -> find(all, n -> n.path("kind").asText().equals("page")) != null);
        assertTrue(find(page, n -> n.path("kind").asText().equals("page")).path("body").toString().contains(incident.id()),
                "the page names the incident: " + page);
        JsonNode open = incidentOf(incident);
        assertNotEquals("RESOLVED", open.path("status").asText(), "the incident stays with people: " + open);
        assertEquals(1, executions(incident).size(), "nothing runs again by itself: " + executions(incident));

        resolveByPerson(incident, "rolled forward with a fix"); // clean-up: nothing of this incident lingers
    }

    @Test
    @Order(3)
    void resolvingTheIncidentWhileTheRunbookRunsCancelsTheExecutionBetweenSteps() throws Exception {
        String service = "checkout-cancel";
        Incident incident = badDeploy(service, "resolved-mid-way", "application/json", runbook(
                "Roll back, then settle for a while", 60,
                rollbackStep(), waitStep("settle 1", 6), waitStep("settle 2", 6), waitStep("settle 3", 6)));

        awaitExecution(incident, "the runbook is in its first wait", e -> lastStep(e, "settle 1", "RUNNING"));
        resolveByPerson(incident, "fixed by hand");

        JsonNode cancelled = awaitExecution(incident, "CANCELLED", e -> e.path("status").asText().equals("CANCELLED"));
        String error = cancelled.path("error").asText();
        assertTrue(error.contains(ROLLBACK), "the error says what ran: " + error);
        for (String later : List.of("settle 2", "settle 3")) {
            JsonNode step = step(cancelled, later);
            assertTrue(step == null || step.path("status").asText().equals("SKIPPED"),
                    later + " never ran: " + cancelled.path("steps"));
        }
        // rollbackOnCancel is not set: the rollback that ran stays, and nothing else touches the Deployment
        assertEquals("shop/" + service + ":v1", cluster.image(NS, service));
        assertEquals(3, cluster.rollouts(NS, service).size(), cluster.rollouts(NS, service).toString());
        assertEquals("RESOLVED", incidentOf(incident).path("status").asText());
    }

    @Test
    @Order(4)
    void aSecondRollbackOfTheSameDeploymentWithinTheCooldownWaitsForApproval() throws Exception {
        String service = "checkout-cooldown";
        Incident first = badDeploy(service, "cooldown", "application/json", runbook(
                "Roll back a bad deploy", 60, rollbackStep(), step("wait for the rollout", "rollout-status")));
        awaitExecution(first, "every step passed",
                e -> lastStep(e, ROLLBACK, "SUCCEEDED") && lastStep(e, "wait for the rollout", "SUCCEEDED"));
        resolveAlerts(first);
        String earlier = awaitExecution(first, "SUCCEEDED", e -> e.path("status").asText().equals("SUCCEEDED"))
                .path("id").asText();
        awaitIncidentStatus(first, "RESOLVED");

        // the service errs again minutes later: a new alert, a new incident, triage recommends the rollback again
        List<ObjectNode> again = List.of(alert(service, "ErrorBudgetBurn", "critical"));
        client.call("POST", suite.url("detection") + "/api/v1/alerts", JSON.valueToTree(again).toString());
        JsonNode second = awaitValue("a second incident of " + service, () -> client.incidentsOf(service),
                all -> find(all, i -> !i.path("id").asText().equals(first.id()) && !i.hasNonNull("mergedInto")) != null);
        Incident next = new Incident(service, find(second, i -> !i.path("id").asText().equals(first.id())
                && !i.hasNonNull("mergedInto")).path("id").asText(), again);

        JsonNode pending = awaitExecution(next, "PENDING_APPROVAL", e -> e.path("status").asText().equals("PENDING_APPROVAL"));
        String reason = pending.path("approvalReason").asText();
        assertTrue(reason.contains(earlier), "the approval reason names the earlier execution " + earlier + ": " + reason);
        assertEquals("shop/" + service + ":v1", cluster.image(NS, service));
        assertEquals(3, cluster.rollouts(NS, service).size(), "no second rollback ran: " + cluster.rollouts(NS, service));

        resolveByPerson(next, "the first rollback holds"); // clean-up: the pending execution is cancelled with it
    }

    @Test
    @Order(5)
    void anExecutionWhoseRunnerIsKilledMidWayIsTakenOverWithoutRepeatingTheRollback() throws Exception {
        String service = "checkout-crash";
        Incident incident = badDeploy(service, "crash", "application/json", runbook(
                "Roll back, then let the new pods settle", 90,
                rollbackStep(), waitStep("let the new pods settle", 15), step("wait for the rollout", "rollout-status")));

        awaitExecution(incident, "the runbook is in its wait, after the rollback",
                e -> lastStep(e, ROLLBACK, "SUCCEEDED") && lastStep(e, "let the new pods settle", "RUNNING"));
        assertEquals("shop/" + service + ":v1", cluster.image(NS, service));
        long t0 = System.nanoTime();
        suite.killService("remediation");
        remediation = suite.startReplica("remediation", serviceEnv); // the same runner id (host name): a restart
        System.out.printf("remediation killed and restarted in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        awaitExecution(incident, "the new runner finished the steps",
                e -> lastStep(e, "let the new pods settle", "SUCCEEDED") && lastStep(e, "wait for the rollout", "SUCCEEDED")
                        && List.of("RUNNING", "SUCCEEDED").contains(e.path("status").asText()));
        resolveAlerts(incident);
        JsonNode succeeded = awaitExecution(incident, "SUCCEEDED", e -> e.path("status").asText().equals("SUCCEEDED"));
        awaitIncidentStatus(incident, "RESOLVED");

        List<JsonNode> rollbacks = new ArrayList<>();
        succeeded.path("steps").forEach(s -> {
            if (s.path("name").asText().equals(ROLLBACK) && !s.path("status").asText().equals("SKIPPED")) {
                rollbacks.add(s);
            }
        });
        assertEquals(1, rollbacks.size(), "the rollback step ran once: " + succeeded.path("steps"));
        assertEquals(1, rollbacks.get(0).path("attempts").asInt(), rollbacks.toString());
        // the cluster's side: exactly one rollback (revision 3 = revision 1's template), no roll forward
        assertEquals("[1:shop/" + service + ":v1, 2:shop/" + service + ":v2, 3:shop/" + service + ":v1 ("
                + firstReplicaSet(incident) + " again)]", cluster.rollouts(NS, service).toString());
        assertEquals(3, cluster.revision(NS, service));
        assertTrue(TAKEOVER.matcher(succeeded.path("steps").toString()).find(),
                "the step list shows the takeover: " + succeeded.path("steps"));
    }

    // ---- the scenario's parts

    /**
     * Seeds {@code prod/<service>} (v1, then v2 current), registers the service with its Kubernetes
     * coordinates, records the v2 deploy, makes the test's runbook the only one serving {@code rollback},
     * forgets what triage learnt from earlier tests, fires the service's alerts and returns its incident.
     */
    private Incident badDeploy(String service, String runbookSuffix, String contentType, String runbook) throws Exception {
        cluster.seedBadDeploy(NS, service, "shop/" + service + ":v1", "shop/" + service + ":v2");
        client.call("PUT", suite.url("triage") + "/api/v1/catalog/services/" + service, JSON.createObjectNode()
                .put("tier", 1).put("owner", "team-shop").put("kind", "service")
                .<ObjectNode>set("dependsOn", JSON.createArrayNode())
                .set("kubernetes", JSON.createObjectNode().put("namespace", NS).put("deployment", service)).toString());
        client.awaitCatalogReplica(List.of(service));
        awaitValue("remediation's catalog replica has " + service + "'s coordinates",
                () -> client.send("GET", remediation + "/api/v1/catalog/services/" + service, null),
                r -> r.statusCode() == 200 && JSON.readTree(r.body()).path("deployment").asText().equals(service));
        client.call("POST", suite.url("triage") + "/api/v1/changes", JSON.createObjectNode().put("service", service)
                .put("type", "deploy").put("version", "v2").put("previousVersion", "v1")
                .put("description", "deploy shop/" + service + ":v2").put("at", Instant.now().minusSeconds(300).toString())
                .toString());
        useOnlyRunbook(RUNBOOK_ID_PREFIX + runbookSuffix, runbook, contentType);
        // an earlier test's failed or interrupted rollback must not send this one to a person
        client.call("POST", suite.url("triage") + "/api/v1/model/reset", null);

        List<ObjectNode> alerts = List.of(alert(service, "HighErrorRate", "critical"), alert(service, "HighLatency", "high"));
        client.call("POST", suite.url("detection") + "/api/v1/alerts", JSON.valueToTree(alerts).toString());
        JsonNode incident = awaitValue("an incident of " + service, () -> client.incidentsOf(service),
                all -> find(all, i -> !i.hasNonNull("mergedInto")) != null);
        Incident opened = new Incident(service, find(incident, i -> !i.hasNonNull("mergedInto")).path("id").asText(), alerts);
        JsonNode started = awaitExecution(opened, "remediation picked the runbook", e -> true);
        assertNotEquals("PENDING_APPROVAL", started.path("status").asText(),
                "triage cleared the rollback for automatic remediation: " + started + "; triage: " + triage(opened));
        return opened;
    }

    /** PUTs the runbook and disables every other one serving {@code rollback}, so that selection cannot pick another. */
    private void useOnlyRunbook(String id, String body, String contentType) throws Exception {
        HttpResponse<String> put = client.sendTyped("PUT", remediation + "/api/v1/runbooks/" + id, body, contentType);
        assertTrue(put.statusCode() == 200 || put.statusCode() == 201, "runbook " + id + ": " + put.statusCode() + " " + put.body());
        for (JsonNode runbook : JSON.readTree(client.call("GET", remediation + "/api/v1/runbooks", null).body())) {
            boolean rollback = false;
            for (JsonNode action : runbook.path("actions")) {
                rollback |= action.asText().equals("rollback");
            }
            if (rollback && runbook.path("enabled").asBoolean(true) && !runbook.path("id").asText().equals(id)) {
                client.call("DELETE", remediation + "/api/v1/runbooks/" + runbook.path("id").asText(), null);
            }
        }
    }

    private static String runbook(String name, int verifyWithinSeconds, ObjectNode... steps) {
        ObjectNode runbook = JSON.createObjectNode().put("name", name).put("requiresApproval", false);
        runbook.putArray("actions").add("rollback");
        runbook.putArray("categories").add("deploy");
        runbook.putObject("verify").put("withinSeconds", verifyWithinSeconds);
        ArrayNode array = runbook.putArray("steps");
        for (ObjectNode step : steps) {
            array.add(step);
        }
        return runbook.toString();
    }

    /** The rollback, undone by re-applying the template it replaced. */
    private static ObjectNode rollbackStep() {
        return step(ROLLBACK, "rollback").set("rollback", step("roll forward again", "rollback"));
    }

    private static ObjectNode step(String name, String operation) {
        return JSON.createObjectNode().put("name", name).put("type", "kubernetes").put("operation", operation)
                .put("timeoutSeconds", 30);
    }

    private static ObjectNode waitStep(String name, int seconds) {
        return JSON.createObjectNode().put("name", name).put("type", "wait").put("seconds", seconds);
    }

    private static ObjectNode alert(String service, String name, String severity) {
        ObjectNode alert = JSON.createObjectNode().put("source", "prometheus").put("service", service).put("name", name)
                .put("severity", severity).put("summary", name + " on " + service + " since the deploy")
                .put("startsAt", Instant.now().minusSeconds(30).toString());
        alert.putObject("labels").put("namespace", NS);
        alert.putObject("metrics").put("errorRate", 0.2).put("usersAffectedPct", 15);
        return alert;
    }

    /** The same alerts, resolved: what Alertmanager sends once the service recovered. */
    private void resolveAlerts(Incident incident) throws Exception {
        ArrayNode resolved = JSON.createArrayNode();
        incident.alerts().forEach(a -> resolved.add(a.deepCopy().put("status", "resolved").put("endsAt", Instant.now().toString())));
        client.call("POST", suite.url("detection") + "/api/v1/alerts", resolved.toString());
    }

    private void resolveByPerson(Incident incident, String note) throws Exception {
        client.call("POST", suite.url("detection") + "/api/v1/incidents/" + incident.id() + "/resolve",
                JSON.createObjectNode().put("by", "alice").put("note", note).toString());
    }

    // ---- reads

    private JsonNode executions(Incident incident) throws Exception {
        return JSON.readTree(client.call("GET", remediation + "/api/v1/executions?incidentId=" + incident.id(), null).body());
    }

    /** The incident's first execution once it matches {@code condition}. */
    private JsonNode awaitExecution(Incident incident, String what, Predicate<JsonNode> condition) {
        return awaitValue("execution of " + incident.service() + ": " + what, () -> {
            JsonNode all = executions(incident);
            return all.isEmpty() ? null : all.get(0);
        }, e -> {
            if (condition.test(e)) {
                return true;
            }
            // an execution that ended otherwise never gets there: say so now rather than at the deadline
            if (FINAL.contains(e.path("status").asText())) {
                throw new AssertionError("execution of " + incident.service() + ": " + what + ": it ended " + e);
            }
            return false;
        });
    }

    private JsonNode incidentOf(Incident incident) throws Exception {
        return JSON.readTree(client.call("GET", suite.url("detection") + "/api/v1/incidents/" + incident.id(), null).body());
    }

    private void awaitIncidentStatus(Incident incident, String status) {
        awaitValue("incident of " + incident.service() + " " + status, () -> incidentOf(incident),
                i -> i.path("status").asText().equals(status));
    }

    private JsonNode notifications(Incident incident) throws Exception {
        return JSON.readTree(client.call("GET", suite.url("comms") + "/api/v1/incidents/" + incident.id() + "/notifications",
                null).body());
    }

    private String triage(Incident incident) throws Exception {
        return client.send("GET", suite.url("triage") + "/api/v1/incidents/" + incident.id() + "/triage", null).body();
    }

    /** The name of the ReplicaSet of revision 1, which a rollback brings back. */
    private String firstReplicaSet(Incident incident) {
        return cluster.rollouts(NS, incident.service()).get(0).replicaSet();
    }

    /** The last entry of the step list named {@code name} (a step taken over may be listed twice), or null. */
    private static JsonNode step(JsonNode execution, String name) {
        JsonNode last = null;
        for (JsonNode s : execution.path("steps")) {
            if (s.path("name").asText().equals(name)) {
                last = s;
            }
        }
        return last;
    }

    private static boolean lastStep(JsonNode execution, String name, String status) {
        JsonNode s = step(execution, name);
        return s != null && s.path("status").asText().equals(status);
    }

    private static JsonNode find(JsonNode array, Predicate<JsonNode> condition) {
        for (JsonNode n : array) {
            if (condition.test(n)) {
                return n;
            }
        }
        return null;
    }

    /**
     * Polls {@code read} until {@code ok} holds, within {@link #DEADLINE}. A read that fails (a service
     * restarting, a non-2xx answer) counts as "not yet"; on time-out the failure shows the last value or
     * error read.
     */
    private <T> T awaitValue(String what, Callable<T> read, ThrowingPredicate<T> ok) {
        AtomicReference<Object> last = new AtomicReference<>();
        try {
            return await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).until(() -> {
                try {
                    T value = read.call();
                    last.set(value);
                    return value;
                } catch (Exception e) {
                    last.set(e);
                    return null;
                }
            }, value -> {
                try {
                    return value != null && ok.test(value);
                } catch (Exception e) {
                    last.set(e);
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            Object seen = last.get();
            if (seen instanceof HttpResponse<?> r) {
                seen = r.statusCode() + " " + r.body();
            }
            throw new AssertionError(what + ": not within " + DEADLINE.toSeconds() + " s; last seen: " + seen
                    + "\nthe suite:" + suite.diagnosis(15), e);
        }
    }

    private interface ThrowingPredicate<T> {
        boolean test(T value) throws Exception;
    }
}
