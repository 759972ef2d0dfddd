package io.irsuite.remediation;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.irsuite.remediation.Flows.awaitEvent;
import static io.irsuite.remediation.Flows.awaitExecution;
import static io.irsuite.remediation.Flows.catalog;
import static io.irsuite.remediation.Flows.putRunbook;
import static io.irsuite.remediation.Flows.triage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution engine against a real HTTP server that fails on demand: retries, timeouts,
 * failures with and without rollback, and steps that cannot run. Each test has its own action,
 * runbook and incident; executions start from a real IncidentTriaged on the broker.
 */
@QuarkusTest
class ExecutionEngineTest {

    static TargetServer target;
    static boolean catalogReady;

    @BeforeAll
    static void startTarget() throws Exception {
        target = TargetServer.start();
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    /** Runs a runbook with {@code steps} (JSON array) for a fresh incident; the incident id. */
    static UUID run(String action, String steps) throws Exception {
        if (!catalogReady) {
            catalog("engine-svc", "prod", "engine-svc");
            catalogReady = true;
        }
        putRunbook(action, """
                {"name": "%1$s", "actions": ["%1$s"], "steps": %2$s}""".formatted(action, steps.replace("BASE", target.baseUrl())));
        UUID incident = UUID.randomUUID();
        triage(incident, 1, action, "engine-svc", true, true, "deploy");
        return incident;
    }

    @Test
    void retriesUntilTheExpectedStatusThenWaitsWithoutBlocking() throws Exception {
        UUID incident = run("engine-retry", """
                [{"name": "flaky call", "type": "http", "method": "POST", "url": "BASE/flaky/2/retry-${deployment}",
                  "retries": 2, "retryDelaySeconds": 0, "timeoutSeconds": 5},
                 {"name": "settle", "type": "wait", "seconds": 1}]""");

        JsonPath done = awaitExecution(incident, "SUCCEEDED");
        assertEquals(3, done.getInt("[0].steps[0].attempts"));
        assertTrue(done.getString("[0].steps[0].output").endsWith("(attempt 3)"), done.getString("[0].steps[0].output"));
        assertEquals(3, target.calls("/flaky/2/retry-engine-svc").size());
        assertEquals("SUCCEEDED", done.getString("[0].steps[1].status"));
        assertEquals("waited 1 s", done.getString("[0].steps[1].output"));
    }

    @Test
    void whenRetriesRunOutTheStepFails() throws Exception {
        UUID incident = run("engine-retries-exhausted", """
                [{"name": "always 503", "type": "http", "method": "GET", "url": "BASE/flaky/9/exhausted",
                  "retries": 1, "retryDelaySeconds": 1}]""");

        JsonPath done = awaitExecution(incident, "FAILED");
        assertEquals(2, done.getInt("[0].steps[0].attempts"));
        String output = done.getString("[0].steps[0].output");
        assertTrue(output.contains("→ 503 in") && output.contains("(expected 200): answer 503"), output);
        assertEquals(2, target.calls("/flaky/9/exhausted").size());
        EventEnvelope failed = awaitEvent(incident, EventType.RemediationFailed);
        assertEquals(output, failed.payload().get("error").asText());
        assertEquals(output, done.getString("[0].error"));
    }

    @Test
    void aFailedStepRollsBackTheCompletedStepsInReverseOrder() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        UUID incident = run("engine-rollback", """
                [{"name": "drain", "type": "http", "method": "POST", "url": "BASE/status/200/drain-%1$s",
                  "rollback": {"name": "undrain", "type": "http", "method": "POST", "url": "BASE/undo/drain-%1$s"}},
                 {"name": "no rollback", "type": "http", "method": "POST", "url": "BASE/status/204/mark-%1$s", "expectedStatus": 204},
                 {"name": "deploy", "type": "http", "method": "POST", "url": "BASE/status/500/deploy-%1$s", "retries": 1,
                  "retryDelaySeconds": 0,
                  "rollback": {"name": "undeploy", "type": "http", "method": "POST", "url": "BASE/undo/deploy-%1$s"}},
                 {"name": "never", "type": "http", "method": "POST", "url": "BASE/status/200/never-%1$s"}]""".formatted(id));

        JsonPath done = awaitExecution(incident, "ROLLED_BACK");
        List<String> names = done.getList("[0].steps.name");
        List<String> statuses = done.getList("[0].steps.status");
        assertEquals(List.of("drain", "no rollback", "deploy", "never", "rollback: undeploy", "rollback: undrain"), names);
        assertEquals(List.of("ROLLED_BACK", "SUCCEEDED", "FAILED", "SKIPPED", "SUCCEEDED", "SUCCEEDED"), statuses);
        assertEquals(2, done.getInt("[0].steps[2].attempts"));
        // the failed step's own rollback first, then the completed ones newest first; the skipped step never ran
        List<String> undoCalls = target.calls("/undo/").stream().map(TargetServer.Call::path)
                .filter(p -> p.endsWith(id)).toList();
        assertEquals(List.of("/undo/deploy-" + id, "/undo/drain-" + id), undoCalls);
        assertTrue(target.calls("/status/200/never-" + id).isEmpty());

        EventEnvelope rolledBack = awaitEvent(incident, EventType.RemediationRolledBack);
        String reason = rolledBack.payload().get("reason").asText();
        assertTrue(reason.startsWith("step 'deploy' failed: POST ") && reason.endsWith("rolled back: deploy, drain"), reason);
    }

    @Test
    void aStepThatDoesNotAnswerInTimeFails() throws Exception {
        UUID incident = run("engine-timeout", """
                [{"name": "slow", "type": "validate", "url": "BASE/slow/4000/timeout", "timeoutSeconds": 1}]""");

        JsonPath done = awaitExecution(incident, "FAILED");
        String output = done.getString("[0].steps[0].output");
        assertEquals("GET " + target.baseUrl() + "/slow/4000/timeout → no response within 1 s", output);
        long millis = java.time.Duration.between(java.time.Instant.parse(done.getString("[0].steps[0].startedAt")),
                java.time.Instant.parse(done.getString("[0].steps[0].finishedAt"))).toMillis();
        assertTrue(millis < 3500, "the step took " + millis + " ms, longer than its timeout allows");
    }

    @Test
    void aKubernetesStepWithoutAReachableClusterFailsWithTheReason() throws Exception {
        // this Quarkus run has no Kubernetes test server (KubernetesStepsFlowTest has): the client finds no cluster
        UUID incident = run("engine-kubernetes", """
                [{"name": "restart", "type": "kubernetes", "operation": "rollout-restart", "timeoutSeconds": 3}]""");

        JsonPath done = awaitExecution(incident, "FAILED");
        String output = done.getString("[0].steps[0].output");
        assertTrue(output.startsWith("prod/engine-svc: cannot reach the Kubernetes API"), output);
    }

    @Test
    void aPlaceholderWithoutACatalogValueFailsTheStepClearly() throws Exception {
        putRunbook("engine-no-catalog", """
                {"name": "x", "actions": ["engine-no-catalog"],
                 "steps": [{"name": "call", "type": "http", "method": "POST", "url": "%s/x/${namespace}"}]}"""
                .formatted(target.baseUrl()));
        UUID incident = UUID.randomUUID();
        triage(incident, 1, "engine-no-catalog", "not-in-catalog", true, true, "deploy");

        JsonPath done = awaitExecution(incident, "FAILED");
        String output = done.getString("[0].steps[0].output");
        assertTrue(output.contains("no value for ${namespace}")
                && output.contains("service 'not-in-catalog' has no Kubernetes coordinates in the catalog replica"), output);
        assertEquals(0, done.getInt("[0].steps[0].attempts"));
    }

    @Test
    void aRefusedConnectionIsAFailedAttemptWithItsReason() throws Exception {
        UUID incident = run("engine-refused", """
                [{"name": "nobody home", "type": "http", "method": "POST", "url": "http://127.0.0.1:1/refused"}]""");

        JsonPath done = awaitExecution(incident, "FAILED");
        String output = done.getString("[0].steps[0].output");
        assertTrue(output.startsWith("POST http://127.0.0.1:1/refused → failed: "), output);
    }
}
