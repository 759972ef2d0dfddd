package io.irsuite.remediation;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.irsuite.remediation.Flows.awaitEvent;
import static io.irsuite.remediation.Flows.awaitExecution;
import static io.irsuite.remediation.Flows.catalog;
import static io.irsuite.remediation.Flows.executions;
import static io.irsuite.remediation.Flows.opened;
import static io.irsuite.remediation.Flows.putRunbook;
import static io.irsuite.remediation.Flows.resolved;
import static io.irsuite.remediation.Flows.seenByComms;
import static io.irsuite.remediation.Flows.triage;
import static io.irsuite.remediation.Flows.triageMany;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safety: a running execution stops between steps when its incident resolves or a person takes over;
 * the cooldown on a target; the concurrency limit; parallel actions on distinct targets; dry runs;
 * and the MTTR escalation of automation that runs too long.
 */
@QuarkusTest
class SafetyTest {

    static TargetServer target;

    static boolean catalogReady;

    @BeforeAll
    static void startTarget() throws Exception {
        target = TargetServer.start();
    }

    /** The catalog replica entries the tests act on (RestAssured is only set up once a test runs). */
    @org.junit.jupiter.api.BeforeEach
    void catalogEntries() {
        if (!catalogReady) {
            catalog("safe-a", "shop", "safe-a");
            catalog("safe-b", "shop", "safe-b");
            catalog("safe-c", "shop", "safe-c");
            catalog("safe-d", "other", "safe-d");
            catalogReady = true;
        }
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    /** A runbook: POST first (rolled back by POST undo-first), then wait {@code seconds}, then POST second. */
    static void slowRunbook(String id, int seconds, boolean rollbackOnCancel) {
        putRunbook(id, """
                {"name": "%1$s", "actions": ["%1$s"], "rollbackOnCancel": %4$s,
                 "steps": [{"name": "first", "type": "http", "method": "POST", "url": "%2$s/status/200/%1$s/first",
                            "rollback": {"name": "undo first", "type": "http", "method": "POST", "url": "%2$s/status/200/%1$s/undo"}},
                           {"name": "settle", "type": "wait", "seconds": %3$d},
                           {"name": "second", "type": "http", "method": "POST", "url": "%2$s/status/200/%1$s/second"}]}"""
                .formatted(id, target.baseUrl(), seconds, rollbackOnCancel));
    }

    @Test
    void resolvingTheIncidentStopsARunningExecutionBetweenSteps() {
        slowRunbook("safe-resolve", 30, false);
        UUID incident = UUID.randomUUID();
        triage(incident, 1, "safe-resolve", "safe-a", true, true, "deploy");
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(executions(incident).getString("[0].steps[1].status")));

        Instant resolvedAt = Instant.now();
        resolved(incident);

        JsonPath done = awaitExecution(incident, "CANCELLED");
        assertTrue(Duration.between(resolvedAt, Instant.now()).toSeconds() < 15, "the 30 s wait was cut short");
        assertEquals("cancelled", done.getString("[0].failure"));
        assertEquals("cancelled: incident resolved; ran: first, settle; nothing was rolled back (the runbook does not roll back on cancel)",
                done.getString("[0].error"));
        assertEquals("SKIPPED", done.getString("[0].steps[2].status"));
        assertEquals(0, target.calls("/status/200/safe-resolve/second").size());
        assertEquals(0, target.calls("/status/200/safe-resolve/undo").size());
    }

    @Test
    void aPersonTakingOverStopsItAndItsRunbookMayRollBack() {
        slowRunbook("safe-takeover", 30, true);
        UUID incident = UUID.randomUUID();
        triage(incident, 1, "safe-takeover", "safe-b", true, true, "deploy");
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(executions(incident).getString("[0].steps[1].status")));
        String id = executions(incident).getString("[0].id");

        given().auth().oauth2(Flows.ADMIN).contentType(ContentType.JSON).body("{\"note\": \"I have it\"}")
                .post("/api/v1/executions/" + id + "/cancel")
                .then().statusCode(200).body("cancelRequested", equalTo("taken over by admin: I have it"));
        given().auth().oauth2(Flows.ADMIN).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/executions/" + id + "/cancel")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("already stopping"));

        JsonPath done = awaitExecution(incident, "CANCELLED");
        assertEquals("cancelled: taken over by admin: I have it; ran: first, settle; rolled back: first", done.getString("[0].error"));
        assertEquals(1, target.calls("/status/200/safe-takeover/undo").size());
        assertEquals(0, target.calls("/status/200/safe-takeover/second").size());
        given().auth().oauth2("viewer-token").contentType(ContentType.JSON).body("{}")
                .post("/api/v1/executions/" + id + "/cancel").then().statusCode(403);
        given().auth().oauth2(Flows.ADMIN).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/executions/" + id + "/cancel").then().statusCode(409);
    }

    @Test
    void theSameActionOnTheSameTargetWithinTheCooldownWaitsForAPerson() {
        putRunbook("safe-cool", """
                {"name": "c", "actions": ["safe-cool"], "steps": [{"name": "x", "type": "http", "method": "POST",
                 "url": "%s/status/200/cool"}]}""".formatted(target.baseUrl()));
        UUID first = UUID.randomUUID();
        triage(first, 1, "safe-cool", "safe-c", true, true, "deploy");
        String firstId = awaitExecution(first, "SUCCEEDED").getString("[0].id");

        UUID second = UUID.randomUUID();
        triage(second, 1, "safe-cool", "safe-c", true, true, "deploy");
        JsonPath waiting = awaitExecution(second, "PENDING_APPROVAL");
        String reason = waiting.getString("[0].approvalReason");
        assertTrue(reason.startsWith("cooldown: safe-cool on shop/safe-c already ran 0 min ago (execution " + firstId + ", SUCCEEDED)"), reason);
    }

    @Test
    void severalActionsRunInParallelOnDistinctTargetsAndDryRunsChangeNothing() {
        putRunbook("safe-par-one", """
                {"name": "p1", "actions": ["safe-par-one"], "steps": [{"name": "x", "type": "http", "method": "POST",
                 "url": "%s/status/200/par-one"}]}""".formatted(target.baseUrl()));
        putRunbook("safe-par-two", """
                {"name": "p2", "actions": ["safe-par-two"], "dryRun": true, "steps": [{"name": "y", "type": "http", "method": "POST",
                 "url": "%s/status/200/par-two/${deployment}"}]}""".formatted(target.baseUrl()));
        UUID incident = UUID.randomUUID();
        triageMany(incident, "deploy", List.of(
                new Payloads.RecommendedAction("safe-par-one", "safe-a", 0.96, true, "first"),
                new Payloads.RecommendedAction("safe-par-two", "safe-d", 0.91, true, "second"),
                new Payloads.RecommendedAction("safe-par-one", "safe-d", 0.90, true, "same action again: left out")));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath list = executions(incident);
            return list.getList("status").size() == 2 && list.getList("status").stream().allMatch("SUCCEEDED"::equals);
        });
        JsonPath list = executions(incident);
        List<String> actions = list.getList("action");
        assertTrue(actions.containsAll(List.of("safe-par-one", "safe-par-two")), actions.toString());
        int dry = actions.indexOf("safe-par-two");
        assertTrue(list.getBoolean("[" + dry + "].dryRun"));
        assertEquals("dry run: would POST " + target.baseUrl() + "/status/200/par-two/safe-d", list.getString("[" + dry + "].steps[0].output"));
        assertEquals(0, target.calls("/status/200/par-two").size());
        assertEquals(1, target.calls("/status/200/par-one").size());
        EventEnvelope succeeded = seenByComms(incident).stream()
                .filter(e -> e.type().equals("RemediationSucceeded") && e.payload().path("dryRun").asBoolean()).findFirst().orElseThrow();
        assertEquals("safe-par-two", succeeded.payload().get("action").asText());
    }

    @Test
    void atMostTwoRunAtOnceInOneNamespaceTheOthersQueueByConfidence() {
        slowRunbook("safe-limit", 3, false);
        List<UUID> incidents = new ArrayList<>();
        String[] services = {"limit-1", "limit-2", "limit-3"};
        for (String service : services) {
            catalog(service, "crowded", service);
        }
        for (String service : services) {
            UUID incident = UUID.randomUUID();
            incidents.add(incident);
            triage(incident, 1, "safe-limit", service, true, true, "deploy");
        }
        List<JsonPath> done = new ArrayList<>();
        for (UUID incident : incidents) {
            done.add(awaitExecution(incident, "SUCCEEDED"));
        }
        // the first step of each started only when fewer than two others were between their first and last step
        List<Instant[]> spans = done.stream().map(j -> new Instant[]{Instant.parse(j.getString("[0].steps[0].startedAt")),
                Instant.parse(j.getString("[0].steps[2].finishedAt"))}).toList();
        for (Instant[] span : spans) {
            long overlapping = spans.stream().filter(o -> o != span && o[0].isBefore(span[0]) && o[1].isAfter(span[0])).count();
            assertTrue(overlapping <= 1, "more than two ran at once in namespace crowded");
        }
    }

    @Test
    void automationStillRunningBeyondTheMttrTargetEscalatesOnce() {
        slowRunbook("safe-mttr", 4, false);
        UUID incident = UUID.randomUUID();
        opened(incident, "fp-mttr", "safe-a", Instant.now().minus(Duration.ofMinutes(20)));
        triage(incident, 1, "safe-mttr", "safe-a", true, true, "deploy");
        EventEnvelope overdue = awaitEvent(incident, EventType.RemediationOverdue);
        assertEquals("SEV2", overdue.payload().get("severity").asText());
        assertEquals(900, overdue.payload().get("mttrTargetSeconds").asLong());
        assertTrue(overdue.payload().get("elapsedSeconds").asLong() >= 1200);
        awaitExecution(incident, "SUCCEEDED");
        assertEquals(1, seenByComms(incident).stream().filter(e -> e.type().equals("RemediationOverdue")).count());
    }
}
