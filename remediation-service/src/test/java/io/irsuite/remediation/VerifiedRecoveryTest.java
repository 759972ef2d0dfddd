package io.irsuite.remediation;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.irsuite.remediation.Flows.alertResolved;
import static io.irsuite.remediation.Flows.awaitEvent;
import static io.irsuite.remediation.Flows.awaitExecution;
import static io.irsuite.remediation.Flows.catalog;
import static io.irsuite.remediation.Flows.executions;
import static io.irsuite.remediation.Flows.opened;
import static io.irsuite.remediation.Flows.putRunbook;
import static io.irsuite.remediation.Flows.triage;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verified recovery: an execution whose runbook declares {@code verify} is SUCCEEDED only once the
 * incident's alerts (as detection reports them on the broker) have resolved, and its metric check
 * passes; otherwise its rollbacks run and it ends ROLLED_BACK with {@code not_recovered}.
 */
@QuarkusTest
class VerifiedRecoveryTest {

    static TargetServer target;

    static boolean catalogReady;

    @BeforeAll
    static void startTarget() throws Exception {
        target = TargetServer.start();
    }

    @org.junit.jupiter.api.BeforeEach
    void catalogEntry() {
        if (!catalogReady) {
            catalog("verify-svc", "prod", "verify-svc");
            catalogReady = true;
        }
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    static void runbook(String id, String verify) {
        putRunbook(id, """
                {"name": "%1$s", "actions": ["%1$s"], "verify": %3$s,
                 "steps": [{"name": "fix", "type": "http", "method": "POST", "url": "%2$s/status/200/%1$s",
                            "rollback": {"name": "unfix", "type": "http", "method": "POST", "url": "%2$s/status/200/undo-%1$s"}}]}"""
                .formatted(id, target.baseUrl(), verify));
    }

    @Test
    void succeedsOnlyOnceEveryAlertOfTheIncidentResolved() {
        runbook("verify-ok", "{\"withinSeconds\": 60}");
        UUID incident = UUID.randomUUID();
        opened(incident, "fp-a", "verify-svc", Instant.now());
        // one AlertAttached tells the two alerts one grouping run attached
        Flows.broker().sendEvent(EventType.AlertAttached, incident, "detection",
                new io.irsuite.events.Payloads.AlertAttached(java.util.List.of(Flows.alert("fp-b", "verify-svc", "firing"),
                        Flows.alert("fp-c", "verify-svc", "firing")), java.util.List.of("verify-svc"), 3));
        triage(incident, 1, "verify-ok", "verify-svc", true, true, "deploy");

        await().atMost(Duration.ofSeconds(30)).until(() -> "verify recovery".equals(executions(incident).getString("[0].steps[1].name")));
        JsonPath waiting = executions(incident);
        assertEquals("RUNNING", waiting.getString("[0].status"));
        assertEquals("RUNNING", waiting.getString("[0].steps[1].status"));
        assertNotNull(waiting.getString("[0].verifyUntil"));

        alertResolved(incident, "fp-a", "verify-svc");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> "RUNNING".equals(executions(incident).getString("[0].status")));
        alertResolved(incident, "fp-b", "verify-svc");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> "RUNNING".equals(executions(incident).getString("[0].status")));
        alertResolved(incident, "fp-c", "verify-svc");

        JsonPath done = awaitExecution(incident, "SUCCEEDED");
        String output = done.getString("[0].steps[1].output");
        assertTrue(output.startsWith("recovered: every alert of the incident (3) resolved within"), output);
        assertEquals(1, target.calls("/status/200/verify-ok").size());
        assertEquals(0, target.calls("/status/200/undo-verify-ok").size());
        awaitEvent(incident, EventType.RemediationSucceeded);
    }

    @Test
    void alertsThatKeepFiringRollBackWithNotRecovered() {
        runbook("verify-fail", "{\"withinSeconds\": 2}");
        UUID incident = UUID.randomUUID();
        opened(incident, "fp-c", "verify-svc", Instant.now());
        triage(incident, 1, "verify-fail", "verify-svc", true, true, "deploy");

        JsonPath done = awaitExecution(incident, "ROLLED_BACK");
        assertEquals("not_recovered", done.getString("[0].failure"));
        String error = done.getString("[0].error");
        assertTrue(error.startsWith("not recovered: 1 of 1 alert(s) still firing after") && error.contains("HighErrorRate on verify-svc")
                && error.endsWith("; rolled back: fix"), error);
        assertEquals("FAILED", done.getString("[0].steps[1].status"));
        assertEquals("rollback: unfix", done.getString("[0].steps[2].name"));
        assertEquals("ROLLED_BACK", done.getString("[0].steps[0].status"));
        assertEquals(1, target.calls("/status/200/undo-verify-fail").size());
        EventEnvelope event = awaitEvent(incident, EventType.RemediationRolledBack);
        assertEquals("not_recovered", event.payload().get("failure").asText());
    }

    @Test
    void aMetricCheckMustPassToo() {
        UUID good = UUID.randomUUID();
        putRunbook("verify-metric-ok", """
                {"name": "m", "actions": ["verify-metric-ok"],
                 "verify": {"withinSeconds": 30, "metric": {"prometheus": "%1$s/prom/0.01", "query": "errors{service=\\"${service}\\"}", "max": 0.05}},
                 "steps": [{"name": "fix", "type": "http", "method": "POST", "url": "%1$s/status/200/m"}]}""".formatted(target.baseUrl()));
        opened(good, "fp-m", "verify-svc", Instant.now());
        triage(good, 1, "verify-metric-ok", "verify-svc", true, true, "deploy");
        await().atMost(Duration.ofSeconds(30)).until(() -> "verify recovery".equals(executions(good).getString("[0].steps[1].name")));
        alertResolved(good, "fp-m", "verify-svc");
        JsonPath ok = awaitExecution(good, "SUCCEEDED");
        assertTrue(ok.getString("[0].steps[1].output").contains("metric errors{service=\"verify-svc\"} = [0.01] within value ≤ 0.05"),
                ok.getString("[0].steps[1].output"));
        assertTrue(target.calls("/prom/0.01/api/v1/query").size() >= 1);

        UUID bad = UUID.randomUUID();
        putRunbook("verify-metric-bad", """
                {"name": "m", "actions": ["verify-metric-bad"],
                 "verify": {"withinSeconds": 3, "metric": {"prometheus": "%1$s/prom/0.4", "query": "errors", "max": 0.05}},
                 "steps": [{"name": "fix", "type": "http", "method": "POST", "url": "%1$s/status/200/m"}]}""".formatted(target.baseUrl()));
        opened(bad, "fp-n", "verify-svc", Instant.now());
        triage(bad, 1, "verify-metric-bad", "verify-svc", true, true, "deploy");
        await().atMost(Duration.ofSeconds(30)).until(() -> "verify recovery".equals(executions(bad).getString("[0].steps[1].name")));
        alertResolved(bad, "fp-n", "verify-svc");
        JsonPath failed = awaitExecution(bad, "FAILED");
        assertEquals("not_recovered", failed.getString("[0].failure"));
        assertTrue(failed.getString("[0].error").contains("but metric errors = 0.4 is outside value ≤ 0.05"), failed.getString("[0].error"));
    }
}
