package io.irsuite.comms.rest;

import io.irsuite.comms.service.ActionItemService;
import io.irsuite.comms.support.Payload;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Action items through the API, drafted from a resolved incident, overdue ones listed, and in the postmortem. */
@QuarkusTest
class ActionItemFlowTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private TestBroker broker;

    @Inject
    ActionItemService service;

    @Inject
    Vertx vertx;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    UUID incident(boolean resolved, Instant t0) {
        UUID incident = UUID.randomUUID();
        List<io.irsuite.events.EventEnvelope> events = Payload.remediatedIncident(incident, t0);
        (resolved ? events : events.subList(0, 2)).forEach(e -> broker.publish(Addresses.INCIDENT_EVENTS, e));
        await().atMost(DEADLINE).until(() -> NotificationFlowTest.timeline(incident).size() == (resolved ? 7 : 2));
        return incident;
    }

    static JsonPath items(String query) {
        return given().auth().oauth2("viewer-token").get("/api/v1/action-items" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void peopleCreateAndCloseItemsAndOverdueOnesAreListed() {
        UUID incident = incident(false, Instant.now().minusSeconds(600));
        String owner = "team-" + UUID.randomUUID();
        String overdueDate = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        String id = given().auth().oauth2("responder-token").contentType(ContentType.JSON)
                .body("{\"title\": \"Add a pool-size alert\", \"owner\": \"" + owner + "\", \"priority\": \"high\", \"dueDate\": \"" + overdueDate + "\"}")
                .post("/api/v1/incidents/" + incident + "/action-items")
                .then().statusCode(201).body("status", equalTo("open")).body("overdue", equalTo(true))
                .body("source", equalTo("manual")).extract().path("id");
        given().auth().oauth2("responder-token").contentType(ContentType.JSON)
                .body("{\"title\": \"Later\", \"owner\": \"" + owner + "\", \"priority\": \"low\", \"dueDate\": \"2099-01-01\"}")
                .post("/api/v1/incidents/" + incident + "/action-items").then().statusCode(201);

        assertEquals(List.of(id), items("?overdue=true&owner=" + owner).getList("id"));
        assertEquals(2, items("?owner=" + owner).getList("id").size());

        given().auth().oauth2("responder-token").contentType(ContentType.JSON).body("{\"status\": \"done\"}")
                .patch("/api/v1/action-items/" + id).then().statusCode(200).body("status", equalTo("done")).body("overdue", equalTo(false));
        assertEquals(List.of(), items("?overdue=true&owner=" + owner).getList("id"));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        UUID incident = incident(false, Instant.now());
        given().auth().oauth2("responder-token").contentType(ContentType.JSON)
                .body("{\"title\": \"x\", \"owner\": \"o\", \"priority\": \"urgent\", \"dueDate\": \"tomorrow\"}")
                .post("/api/v1/incidents/" + incident + "/action-items")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("priority"));
        given().auth().oauth2("responder-token").contentType(ContentType.JSON)
                .body("{\"title\": \"x\", \"owner\": \"o\", \"priority\": \"low\", \"dueDate\": \"tomorrow\"}")
                .post("/api/v1/incidents/" + incident + "/action-items")
                .then().statusCode(400).body("errors.field", hasItem("dueDate"));
        given().auth().oauth2("responder-token").contentType(ContentType.JSON)
                .body("{\"title\": \"x\\u0000\", \"owner\": \"o\", \"priority\": \"low\", \"dueDate\": \"2099-01-01\"}")
                .post("/api/v1/incidents/" + incident + "/action-items").then().statusCode(400);
        given().auth().oauth2("responder-token").contentType(ContentType.JSON)
                .body("{\"title\": \"x\", \"owner\": \"o\", \"priority\": \"low\", \"dueDate\": \"2099-01-01\"}")
                .post("/api/v1/incidents/" + UUID.randomUUID() + "/action-items").then().statusCode(404);
        given().auth().oauth2("responder-token").contentType(ContentType.JSON).body("{\"status\": \"finished\"}")
                .patch("/api/v1/action-items/" + UUID.randomUUID()).then().statusCode(400).body("errors.field", hasItem("status"));
        given().auth().oauth2("viewer-token").contentType(ContentType.JSON)
                .body("{\"title\": \"x\", \"owner\": \"o\", \"priority\": \"low\", \"dueDate\": \"2099-01-01\"}")
                .post("/api/v1/incidents/" + incident + "/action-items").then().statusCode(403);
        given().get("/api/v1/action-items").then().statusCode(401);
        given().auth().oauth2("viewer-token").get("/api/v1/action-items?overdue=maybe").then().statusCode(400)
                .body("errors.field", hasItem("overdue"));
    }

    @Test
    void aResolvedIncidentDraftsItsItemsOnceEvenWithConcurrentSeedersAndThePostmortemListsThem() {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0.plusSeconds(900), "detection",
                Payload.opened("HighErrorRate on checkout", "SEV2", "checkout", t0, t0.plusSeconds(900))));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentTriaged, incident, t0.plusSeconds(901), "triage",
                Payload.triaged(1, "SEV2", "payments-db", "checkout")));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentResolved, incident, t0.plusSeconds(1800), "detection",
                new Payloads.IncidentResolved("alice", "failed over by hand", "manual", t0, t0.plusSeconds(1800))));
        await().atMost(DEADLINE).until(() -> NotificationFlowTest.timeline(incident).size() == 3);

        Uni.combine().all().unis(onContext(), onContext(), onContext()).asTuple().await().atMost(DEADLINE);
        await().atMost(DEADLINE).until(() -> items("?incidentId=" + incident).getList("id").size() == 2);
        JsonPath drafted = items("?incidentId=" + incident);
        assertEquals(List.of("seeded:late-detection", "seeded:no-runbook"), drafted.getList("source").stream().sorted().toList());
        assertTrue(drafted.getList("title").contains("Add an alert that detects payments-db failing sooner (detected 15 min after it started)"),
                drafted.getList("title").toString());

        given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + incident + "/postmortem").then().statusCode(200)
                .body(containsString("| Add a runbook for rollback on checkout (no runbook served this incident; people remediated it by hand) |"));
        // a later sweep drafts nothing more
        onContext().await().atMost(DEADLINE);
        assertEquals(2, items("?incidentId=" + incident).getList("id").size());
    }

    private Uni<Integer> onContext() {
        return io.irsuite.platform.work.SafeContext.run(vertx, service::seedResolved);
    }
}
