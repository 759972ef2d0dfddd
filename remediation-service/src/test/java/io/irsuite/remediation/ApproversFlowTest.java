package io.irsuite.remediation;

import io.irsuite.events.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.irsuite.remediation.Flows.ADMIN;
import static io.irsuite.remediation.Flows.awaitEvent;
import static io.irsuite.remediation.Flows.awaitExecution;
import static io.irsuite.remediation.Flows.putRunbook;
import static io.irsuite.remediation.Flows.seenByComms;
import static io.irsuite.remediation.Flows.triage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A runbook's {@code approvers} hold against the authenticated caller: its token's name or one of
 * its teams must be listed (tokens of application.properties: alice in team-sre, bob in team-web,
 * carol in no team). The body's {@code by} decides nothing.
 */
@QuarkusTest
class ApproversFlowTest {

    private static String runbook(String action, String approvers) {
        return """
                {"name": "Gated %1$s", "actions": ["%1$s"], "requiresApproval": true, "approvers": [%2$s],
                 "steps": [{"name": "pause", "type": "wait", "seconds": 1}]}
                """.formatted(action, approvers);
    }

    /** A new incident whose execution of {@code action} waits for approval; its id. */
    private static String pendingExecution(String action) {
        UUID incident = UUID.randomUUID();
        triage(incident, 1, action, "checkout", true, true, "deploy");
        return awaitExecution(incident, "PENDING_APPROVAL").getString("[0].id");
    }

    private static ValidatableResponse decide(String token, String id, String decision, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/executions/" + id + "/" + decision).then();
    }

    private static void awaitSucceeded(String id) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(45)).until(() ->
                "SUCCEEDED".equals(given().auth().oauth2("viewer-token").get("/api/v1/executions/" + id)
                        .then().extract().jsonPath().getString("status")));
    }

    @Test
    void aListedNameApprovesAndIsRecordedWhateverTheBodySays() {
        putRunbook("gate-by-name", runbook("gate-by-name", "\"bob\", \"team-dba\""));
        String id = pendingExecution("gate-by-name");

        decide("bob-token", id, "approve", "{\"by\": \"mallory\", \"note\": \"checked the diff\"}")
                .statusCode(200).body("status", equalTo("RUNNING")).body("approvedBy", equalTo("bob"))
                .body("note", equalTo("checked the diff"));
        awaitSucceeded(id);
        given().auth().oauth2("viewer-token").get("/api/v1/executions/" + id)
                .then().body("approvedBy", equalTo("bob"));
    }

    @Test
    void aListedTeamApproves() {
        putRunbook("gate-by-team", runbook("gate-by-team", "\"team-sre\""));
        UUID incident = UUID.randomUUID();
        triage(incident, 1, "gate-by-team", "checkout", true, true, "deploy");
        String id = awaitExecution(incident, "PENDING_APPROVAL").getString("[0].id");

        decide("alice-token", id, "approve", "{}").statusCode(200).body("approvedBy", equalTo("alice"));
        assertEquals("approved by alice", awaitEvent(incident, EventType.RemediationStarted).payload().get("reason").asText());
        awaitSucceeded(id);
    }

    @Test
    void whoIsNotListedIsRefusedAndNothingChanges() {
        putRunbook("gate-refused", runbook("gate-refused", "\"team-sre\", \"dave\""));
        UUID incident = UUID.randomUUID();
        triage(incident, 1, "gate-refused", "checkout", true, true, "deploy");
        String id = awaitExecution(incident, "PENDING_APPROVAL").getString("[0].id");

        // claiming a listed name in the body changes nothing
        decide("carol-token", id, "approve", "{\"by\": \"dave\", \"note\": \"trust me\"}")
                .statusCode(403).contentType("application/problem+json")
                .body("title", equalTo("Forbidden")).body("status", equalTo(403))
                .body("detail", equalTo("runbook gate-refused (version 1) may be approved only by team-sre, dave;"
                        + " carol (no team) is not among them"));
        decide("bob-token", id, "approve", "{}").statusCode(403)
                .body("detail", equalTo("runbook gate-refused (version 1) may be approved only by team-sre, dave;"
                        + " bob (teams team-web) is not among them"));
        // an unnamed token, and the admin token: no exemption
        decide("responder-token", id, "approve", "{}").statusCode(403)
                .body("detail", equalTo("runbook gate-refused (version 1) may be approved only by team-sre, dave;"
                        + " token:responder+viewer (no team) is not among them"));
        decide(ADMIN, id, "approve", "{}").statusCode(403).contentType("application/problem+json");

        given().auth().oauth2("viewer-token").get("/api/v1/executions/" + id)
                .then().statusCode(200).body("status", equalTo("PENDING_APPROVAL"))
                .body("approvedBy", nullValue()).body("decidedAt", nullValue()).body("note", nullValue());
        assertTrue(seenByComms(incident).stream().noneMatch(e -> e.type().equals(EventType.RemediationStarted.name())),
                seenByComms(incident).toString());

        // rejecting stays open to any responder, and records the caller, not the body
        decide("carol-token", id, "reject", "{\"by\": \"dave\", \"note\": \"not now\"}")
                .statusCode(200).body("status", equalTo("REJECTED")).body("rejectedBy", equalTo("carol"))
                .body("error", equalTo("rejected by carol: not now"));
    }

    @Test
    void theApproversOfTheExecutionsVersionCountNotTheNewest() {
        putRunbook("gate-versioned", runbook("gate-versioned", "\"team-sre\""));
        String id = pendingExecution("gate-versioned");
        // version 2 lets anyone approve; the pending execution still runs version 1
        putRunbook("gate-versioned", runbook("gate-versioned", ""));

        decide("carol-token", id, "approve", "{}").statusCode(403);
        decide("alice-token", id, "approve", "{}").statusCode(200).body("approvedBy", equalTo("alice"));
    }

    @Test
    void withoutApproversAnyResponderApproves() {
        putRunbook("gate-open", runbook("gate-open", ""));
        String id = pendingExecution("gate-open");
        decide("carol-token", id, "approve", "{\"by\": \"someone else\"}").statusCode(200).body("approvedBy", equalTo("carol"));
        awaitSucceeded(id);

        putRunbook("gate-open-unnamed", runbook("gate-open-unnamed", ""));
        String unnamed = pendingExecution("gate-open-unnamed");
        decide("responder-token", unnamed, "approve", "{}").statusCode(200)
                .body("approvedBy", equalTo("token:responder+viewer"));
    }

    @Test
    void anUnknownExecutionIsNotFoundBeforeAnyApproverCheck() {
        decide("carol-token", UUID.randomUUID().toString(), "approve", "{}")
                .statusCode(404).contentType("application/problem+json");
        decide("carol-token", UUID.randomUUID().toString(), "reject", "{}")
                .statusCode(404).contentType("application/problem+json");
    }
}
