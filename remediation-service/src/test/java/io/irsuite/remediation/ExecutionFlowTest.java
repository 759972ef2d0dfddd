package io.irsuite.remediation;

import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.localstack.LocalStackTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.irsuite.remediation.Flows.ADMIN;
import static io.irsuite.remediation.Flows.awaitEvent;
import static io.irsuite.remediation.Flows.awaitExecution;
import static io.irsuite.remediation.Flows.catalog;
import static io.irsuite.remediation.Flows.executions;
import static io.irsuite.remediation.Flows.putRunbook;
import static io.irsuite.remediation.Flows.seenByComms;
import static io.irsuite.remediation.Flows.triage;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thin path end to end through the real broker and database: catalog entry and triage arrive
 * as real envelopes, the runbook calls a real HTTP server, the outcome is visible over HTTP and
 * the emitted events reach the broker (read from comms' queue).
 */
@QuarkusTest
class ExecutionFlowTest {

    static TargetServer target;

    @BeforeAll
    static void startTarget() throws Exception {
        target = TargetServer.start();
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    static String rollbackRunbook(String action, boolean requiresApproval) {
        return """
                {"name": "Roll back %1$s", "actions": ["%1$s"], "categories": ["deploy"], "requiresApproval": %2$s,
                 "approvers": ["team-sre"],
                 "steps": [{"name": "roll back", "type": "http", "method": "POST",
                            "url": "%3$s/rollback/${namespace}/${deployment}", "expectedStatus": 200,
                            "headers": {"X-Requested-By": "ir-suite"}, "body": "{\\"reason\\": \\"incident\\"}",
                            "timeoutSeconds": 5},
                           {"name": "healthy?", "type": "validate", "url": "%3$s/health/${service}?action=%1$s"}]}
                """.formatted(action, requiresApproval, target.baseUrl());
    }

    @Test
    void anAutoRemediableTriageRunsTheRunbookWithTheCatalogCoordinates() throws Exception {
        catalog("auth", "shop", "auth/v2");
        putRunbook("flow-rollback", rollbackRunbook("flow-rollback", false));
        UUID incident = UUID.randomUUID();

        triage(incident, 1, "flow-rollback", "auth", true, true, "deploy");

        JsonPath executions = awaitExecution(incident, "SUCCEEDED");
        assertEquals(1, executions.getList("$").size());
        assertEquals("flow-rollback", executions.getString("[0].runbookId"));
        assertEquals("auth", executions.getString("[0].target"));
        assertEquals("deploy v2.3.1 precedes the errors", executions.getString("[0].reason"));
        assertEquals("SUCCEEDED", executions.getString("[0].steps[0].status"));
        assertEquals(1, executions.getInt("[0].steps[0].attempts"));
        // the values are encoded as one path segment each: a '/' in a deployment cannot add a path level
        String output = executions.getString("[0].steps[0].output");
        assertTrue(output.startsWith("POST " + target.baseUrl() + "/rollback/shop/auth%2Fv2 → 200 in "), output);
        assertEquals("SUCCEEDED", executions.getString("[0].steps[1].status"));
        assertTrue(target.calls("/rollback/shop/").stream().anyMatch(c -> c.path().equals("/rollback/shop/auth%2Fv2")
                && c.method().equals("POST") && c.body().equals("{\"reason\": \"incident\"}")), target.calls().toString());
        assertTrue(target.calls().stream().anyMatch(c -> c.path().equals("/health/auth")));

        // what comms (and detection) will see, in order
        awaitEvent(incident, EventType.RemediationSucceeded);
        List<String> types = seenByComms(incident).stream()
                .filter(e -> e.producer().equals("remediation")).map(EventEnvelope::type).toList();
        assertEquals(List.of("RemediationStarted", "RemediationStepCompleted", "RemediationStepCompleted",
                "RemediationSucceeded"), types);
        EventEnvelope succeeded = awaitEvent(incident, EventType.RemediationSucceeded);
        assertEquals("remediation", succeeded.producer());
        assertEquals(executions.getString("[0].id"), succeeded.payload().get("executionId").asText());
        assertEquals("flow-rollback", succeeded.payload().get("action").asText());

        given().auth().oauth2("viewer-token").get("/api/v1/executions/" + executions.getString("[0].id"))
                .then().statusCode(200).body("status", equalTo("SUCCEEDED")).body("steps.size()", equalTo(2));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("ir_remediations_total{action=\"flow-rollback\",status=\"SUCCEEDED\"}"))
                .body(containsString("ir_remediation_step_duration_seconds_count{status=\"SUCCEEDED\",type=\"http\"}"));
    }

    @Test
    void withoutAutoRemediationItWaitsForApprovalThenRunsWhenApproved() throws Exception {
        catalog("payments", "shop", "payments");
        putRunbook("flow-approve", rollbackRunbook("flow-approve", false));
        UUID incident = UUID.randomUUID();

        triage(incident, 1, "flow-approve", "payments", true, false, "deploy");

        JsonPath pending = awaitExecution(incident, "PENDING_APPROVAL");
        String id = pending.getString("[0].id");
        assertTrue(pending.getString("[0].approvalReason").contains("did not clear this incident for automatic remediation"));
        EventEnvelope requested = awaitEvent(incident, EventType.RemediationApprovalRequested);
        assertEquals(id, requested.payload().get("executionId").asText());
        assertTrue(target.calls().stream().noneMatch(c -> c.path().contains("action=flow-approve")
                || c.path().equals("/health/payments")));

        // a viewer cannot approve; a responder outside the runbook's approvers (team-sre) cannot either
        given().auth().oauth2("viewer-token").contentType(ContentType.JSON).body("{\"by\": \"eve\"}")
                .post("/api/v1/executions/" + id + "/approve").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"by\": \"eve\"}")
                .post("/api/v1/executions/" + id + "/approve").then().statusCode(401);
        given().auth().oauth2("responder-token").contentType(ContentType.JSON).body("{\"by\": \"alice\"}")
                .post("/api/v1/executions/" + id + "/approve")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2("alice-token").contentType(ContentType.JSON).body("{\"by\": ")
                .post("/api/v1/executions/" + id + "/approve")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2("alice-token").contentType(ContentType.JSON).body("{\"by\": [1]}")
                .post("/api/v1/executions/" + id + "/approve")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("by"));
        given().auth().oauth2("alice-token").contentType(ContentType.JSON)
                .post("/api/v1/executions/" + id + "/approve")
                .then().statusCode(400).contentType("application/problem+json");

        // "by" is no longer needed: the caller's token name is recorded
        given().auth().oauth2("alice-token").contentType(ContentType.JSON).body("{\"note\": \"go\"}")
                .post("/api/v1/executions/" + id + "/approve")
                .then().statusCode(200).body("approvedBy", equalTo("alice")).body("note", equalTo("go"))
                .body("decidedAt", notNullValue());

        JsonPath done = awaitExecution(incident, "SUCCEEDED");
        assertEquals("alice", done.getString("[0].approvedBy"));
        assertTrue(target.calls().stream().anyMatch(c -> c.path().equals("/rollback/shop/payments")));
        EventEnvelope started = awaitEvent(incident, EventType.RemediationStarted);
        assertEquals("approved by alice: go", started.payload().get("reason").asText());
        awaitEvent(incident, EventType.RemediationSucceeded);

        // decided once: both decisions are now conflicts
        given().auth().oauth2("alice-token").contentType(ContentType.JSON).body("{\"by\": \"alice\"}")
                .post("/api/v1/executions/" + id + "/approve").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2("responder-token").contentType(ContentType.JSON).body("{\"by\": \"alice\"}")
                .post("/api/v1/executions/" + id + "/reject").then().statusCode(409);
    }

    @Test
    void aRunbookThatRequiresApprovalCanBeRejected() throws Exception {
        catalog("search", "shop", "search");
        putRunbook("flow-reject", rollbackRunbook("flow-reject", true));
        UUID incident = UUID.randomUUID();

        triage(incident, 1, "flow-reject", "search", true, true, "deploy");

        JsonPath pending = awaitExecution(incident, "PENDING_APPROVAL");
        assertTrue(pending.getString("[0].approvalReason").contains("runbook flow-reject requires approval (approvers: team-sre)"));
        String id = pending.getString("[0].id");
        // bob is not among the approvers: rejecting is open to any responder
        given().auth().oauth2("bob-token").contentType(ContentType.JSON).body("{\"by\": \"bob\", \"note\": \"not now\"}")
                .post("/api/v1/executions/" + id + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("rejectedBy", equalTo("bob"))
                .body("error", equalTo("rejected by bob: not now"));
        EventEnvelope failed = awaitEvent(incident, EventType.RemediationFailed);
        assertEquals("rejected by bob: not now", failed.payload().get("error").asText());
        assertTrue(target.calls().stream().noneMatch(c -> c.path().equals("/health/search")));
    }

    @Test
    void approveAndRejectRefuseNulCharactersAndTrailingContentAndChangeNothing() throws Exception {
        putRunbook("flow-strict-input", rollbackRunbook("flow-strict-input", true));
        UUID incident = UUID.randomUUID();
        triage(incident, 1, "flow-strict-input", "inventory", true, true, "deploy");
        String id = awaitExecution(incident, "PENDING_APPROVAL").getString("[0].id");

        for (String decision : List.of("approve", "reject")) {
            // a NUL character (sent as the JSON escape) in a string field names that field
            given().auth().oauth2("responder-token").contentType(ContentType.JSON).body("{\"by\": \"a\\u0000b\"}")
                    .post("/api/v1/executions/" + id + "/" + decision)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("by")).body("errors.message", hasItem(containsString("NUL")));
            given().auth().oauth2("responder-token").contentType(ContentType.JSON)
                    .body("{\"by\": \"alice\", \"note\": \"\\u0000\"}")
                    .post("/api/v1/executions/" + id + "/" + decision)
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("note"));
            // a valid body followed by more content is not taken for the valid part
            for (String trailing : List.of(" xyz", " {}", " {\"by\": \"mallory\"}")) {
                given().auth().oauth2("responder-token").contentType(ContentType.JSON).body("{\"by\": \"alice\"}" + trailing)
                        .post("/api/v1/executions/" + id + "/" + decision)
                        .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
            }
        }

        // nothing was decided, recorded or emitted
        given().auth().oauth2("viewer-token").get("/api/v1/executions/" + id)
                .then().statusCode(200).body("status", equalTo("PENDING_APPROVAL"))
                .body("approvedBy", nullValue()).body("rejectedBy", nullValue())
                .body("decidedAt", nullValue()).body("note", nullValue());
        assertTrue(seenByComms(incident).stream().noneMatch(e -> e.type().equals(EventType.RemediationStarted.name())
                || e.type().equals(EventType.RemediationFailed.name())), seenByComms(incident).toString());
        // and a clean body still decides
        given().auth().oauth2("bob-token").contentType(ContentType.JSON).body("{\"by\": \"bob\"}")
                .post("/api/v1/executions/" + id + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("rejectedBy", equalTo("bob"));
    }

    @Test
    void resolvingTheIncidentCancelsWhatWaitsForApproval() throws Exception {
        putRunbook("flow-cancel", rollbackRunbook("flow-cancel", true));
        UUID incident = UUID.randomUUID();
        triage(incident, 1, "flow-cancel", "cart", true, true, "deploy");
        awaitExecution(incident, "PENDING_APPROVAL");

        Flows.broker().sendEvent(EventType.IncidentResolved, incident, "detection",
                new Payloads.IncidentResolved("alice", "fixed by hand", "manual", Instant.now(), Instant.now()));

        JsonPath cancelled = awaitExecution(incident, "CANCELLED");
        assertEquals("cancelled: incident resolved", cancelled.getString("[0].error"));
    }

    @Test
    void onlyTheNewestTriageVersionCountsAndUnservedActionsRecordNothing() throws Exception {
        catalog("ledger", "fin", "ledger");
        putRunbook("flow-newest-a", rollbackRunbook("flow-newest-a", true));
        putRunbook("flow-newest-b", rollbackRunbook("flow-newest-b", true));
        UUID incident = UUID.randomUUID();
        UUID unserved = UUID.randomUUID();

        triage(unserved, 1, "no-runbook-serves-this", "ledger", true, true, "deploy");
        triage(incident, 2, "no-runbook-serves-this", "ledger", true, true, "deploy");
        triage(incident, 1, "flow-newest-a", "ledger", true, true, "deploy"); // older: ignored
        triage(incident, 3, "flow-newest-b", "ledger", true, true, "deploy");

        JsonPath executions = awaitExecution(incident, "PENDING_APPROVAL");
        assertEquals(1, executions.getList("$").size());
        assertEquals("flow-newest-b", executions.getString("[0].action"));
        assertEquals(3, executions.getInt("[0].triageVersion"));
        // the queue is consumed in order: the unserved incident was handled before, and recorded nothing
        assertEquals(0, executions(unserved).getList("$").size());
        // a runbook whose categories do not include the root cause's is not selected
        UUID otherCategory = UUID.randomUUID();
        triage(otherCategory, 1, "flow-newest-b", "ledger", true, true, "database");
        UUID barrier = UUID.randomUUID();
        triage(barrier, 1, "flow-newest-b", "ledger", true, true, "deploy");
        awaitExecution(barrier, "PENDING_APPROVAL");
        assertEquals(0, executions(otherCategory).getList("$").size());
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndConsumptionGoesOn() throws Exception {
        long before = LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER);
        Flows.broker().send(Addresses.INCIDENT_EVENTS, "this is not an envelope");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER) > before);

        putRunbook("flow-after-poison", rollbackRunbook("flow-after-poison", true));
        UUID incident = UUID.randomUUID();
        triage(incident, 1, "flow-after-poison", "auth", true, true, "deploy");
        awaitExecution(incident, "PENDING_APPROVAL");
        given().when().get("/q/metrics").then()
                .body(containsString("ir_messages_failed_total{channel=\"incident-events\"}"));
    }

    @Test
    void executionQueriesValidateTheirInput() {
        given().auth().oauth2("viewer-token").queryParam("incidentId", "not-a-uuid").get("/api/v1/executions")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("incidentId"));
        given().auth().oauth2("viewer-token").get("/api/v1/executions/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2("viewer-token").get("/api/v1/executions/nope").then().statusCode(404);
        given().auth().oauth2("responder-token").contentType(ContentType.JSON).body("{\"by\": \"x\"}")
                .post("/api/v1/executions/" + UUID.randomUUID() + "/approve").then().statusCode(404);
        given().auth().oauth2("ingest-token").get("/api/v1/executions").then().statusCode(403);
        given().get("/api/v1/executions").then().statusCode(401);
        given().auth().oauth2(ADMIN).get("/api/v1/catalog/services/never-heard-of").then().statusCode(404);
    }
}
