package io.irsuite.comms.rest;

import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.WebhookReceiver;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Incident roles, the commander handoff (timeline and the note delivered to the new commander), and the on-call primary as SEV1 commander. */
@QuarkusTest
class IncidentRoleFlowTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    static void admin(String path, Object body, int status) {
        given().auth().oauth2("test-admin-token").contentType(ContentType.JSON).body(body).put(path).then().statusCode(status);
    }

    UUID incident(String severity, String service) {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("errors on " + service, severity, service, t0, t0)));
        // a SEV1 with a route is also paged (rows of its own on the timeline): wait for the opening only
        await().atMost(DEADLINE).until(() -> timelineTypes(incident).contains("IncidentOpened"));
        return incident;
    }

    static List<String> timelineTypes(UUID incident) {
        return NotificationFlowTest.timeline(incident).stream().map(e -> e.get("type").toString()).toList();
    }

    @Test
    void rolesAreAssignedToKnownUsersAndAHandoffReachesTheNewCommander() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver bobsPhone = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("email", "alice@example.com"), 201);
            admin("/api/v1/users/bob-" + id, Map.of("webhook", bobsPhone.url()), 201);
            UUID incident = incident("SEV2", "roles-" + id);

            given().auth().oauth2("responder-token").contentType(ContentType.JSON).body(Map.of("user", "alice-" + id))
                    .put("/api/v1/incidents/" + incident + "/roles/commander").then().statusCode(200)
                    .body("role", equalTo("commander")).body("user", equalTo("alice-" + id));
            given().auth().oauth2("responder-token").contentType(ContentType.JSON).body(Map.of("user", "alice-" + id))
                    .put("/api/v1/incidents/" + incident + "/roles/scribe").then().statusCode(200);
            given().auth().oauth2("responder-token").contentType(ContentType.JSON).body(Map.of("user", "nobody"))
                    .put("/api/v1/incidents/" + incident + "/roles/scribe").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("user"));
            given().auth().oauth2("responder-token").contentType(ContentType.JSON).body(Map.of("user", "alice-" + id))
                    .put("/api/v1/incidents/" + incident + "/roles/janitor").then().statusCode(404);
            given().auth().oauth2("viewer-token").contentType(ContentType.JSON).body(Map.of("user", "alice-" + id))
                    .put("/api/v1/incidents/" + incident + "/roles/scribe").then().statusCode(403);

            given().auth().oauth2("responder-token").contentType(ContentType.JSON).body(Map.of(
                            "to", "bob-" + id, "status", "checkout errors at 12 %, rollback done",
                            "tried", "rolled back v2.3.1", "strategy", "watch the error rate for 15 min",
                            "keyPeople", List.of("carol (payments)"), "nextSteps", List.of("confirm recovery", "update status page"),
                            "openQuestions", List.of("why did the canary pass?")))
                    .post("/api/v1/incidents/" + incident + "/handoff").then().statusCode(200)
                    .body("role", equalTo("commander")).body("user", equalTo("bob-" + id));

            JsonPath roles = given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + incident + "/roles")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("commander", "scribe"), roles.getList("role"));
            assertEquals(List.of("bob-" + id, "alice-" + id), roles.getList("user"));

            List<Map<String, Object>> timeline = NotificationFlowTest.timeline(incident);
            String handoff = timeline.stream().filter(e -> "Handoff".equals(e.get("type"))).map(e -> e.get("summary").toString())
                    .findFirst().orElseThrow();
            assertTrue(handoff.startsWith("Handoff of errors on roles-" + id + ": incident commander alice-" + id + " → bob-" + id + "."), handoff);
            assertTrue(handoff.contains("What was tried: rolled back v2.3.1") && handoff.contains("Open questions: why did the canary pass?"), handoff);
            assertTrue(timelineTypes(incident).contains("RoleAssigned"));

            await().atMost(DEADLINE).until(() -> !bobsPhone.forIncident(incident.toString()).isEmpty());
            WebhookReceiver.Received note = bobsPhone.forIncident(incident.toString()).get(0);
            assertEquals("handoff", note.json().get("kind").asText());
            assertTrue(note.json().get("text").asText().contains("Next steps: confirm recovery; update status page"));

            given().auth().oauth2("responder-token").contentType(ContentType.JSON).body(Map.of("to", "bob-" + id))
                    .post("/api/v1/incidents/" + incident + "/handoff").then().statusCode(400).body("errors.field", hasItem("status"));
        }
    }

    @Test
    void theOnCallPrimaryBecomesCommanderOfASev1() {
        String id = NotificationFlowTest.shortId();
        String service = "ic-svc-" + id;
        String team = "team-ic-" + id;
        admin("/api/v1/users/oncall-" + id, Map.of("email", "oncall@example.com"), 201);
        admin("/api/v1/schedules/ic-" + id, Map.of("timeZone", "UTC", "layers", List.of(Map.of("users", List.of("oncall-" + id),
                "rotation", "weekly", "handoffAt", "2026-01-05T09:00:00Z"))), 201);
        admin("/api/v1/escalation-policies/ic-" + id, Map.of("levels", List.of(Map.of("delayMinutes", 0,
                "targets", List.of(Map.of("type", "schedule", "name", "ic-" + id))))), 201);
        admin("/api/v1/routes/" + team, Map.of("policy", "ic-" + id), 201);
        broker.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(service, 1, team, "service",
                List.of(), null, System.currentTimeMillis()));

        UUID sev2 = incident("SEV2", service);
        UUID sev1 = incident("SEV1", service);
        await().atMost(DEADLINE).until(() -> given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + sev1 + "/roles")
                .then().extract().jsonPath().getList("user").contains("oncall-" + id));
        JsonPath roles = given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + sev1 + "/roles").then().extract().jsonPath();
        assertEquals("commander", roles.getString("[0].role"));
        assertEquals("on-call", roles.getString("[0].assignedBy"));
        assertTrue(NotificationFlowTest.timeline(sev1).stream().anyMatch(e -> e.get("summary").toString()
                .equals("Role: incident commander is oncall-" + id + " (on call: level 1 of policy ic-" + id + " for " + team + ")")));
        assertEquals(List.of(), given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + sev2 + "/roles")
                .then().extract().jsonPath().getList("role"), "only SEV1 gets a default commander");
    }
}
