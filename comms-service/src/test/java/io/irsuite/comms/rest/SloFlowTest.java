package io.irsuite.comms.rest;

import io.irsuite.comms.support.Payload;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** An SLO's error budget consumed by the service's incidents as comms saw them on the broker. */
@QuarkusTest
class SloFlowTest {

    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void aSev1OfThirtyMinutesPutsA999BudgetIntoWarningAndBadInputIsNamed() {
        String service = "slo-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incident = UUID.randomUUID();
        Instant started = Instant.now().minus(Duration.ofMinutes(90));
        Instant resolved = started.plus(Duration.ofMinutes(30));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, started, "detection",
                Payload.opened("down", "SEV1", service, started, started)));
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentResolved, incident, resolved, "detection",
                new Payloads.IncidentResolved("detection", null, "all alerts resolved", started, resolved)));
        await().atMost(Duration.ofSeconds(30)).until(() -> NotificationFlowTest.timeline(incident).size() == 2);

        given().auth().oauth2("test-admin-token").contentType(ContentType.JSON).body("{\"objective\": 99.9, \"windowDays\": 30}")
                .put("/api/v1/slos/" + service)
                .then().statusCode(201).body("budgetMinutes", equalTo(43.2f)).body("consumedMinutes", equalTo(30.0f))
                .body("state", equalTo("warning")).body("incidents", equalTo(1));
        given().auth().oauth2("viewer-token").get("/api/v1/slos")
                .then().statusCode(200).body("service", hasItem(service));
        given().auth().oauth2("test-admin-token").contentType(ContentType.JSON).body("{\"objective\": 99.99, \"windowDays\": 30}")
                .put("/api/v1/slos/" + service).then().statusCode(200).body("state", equalTo("exhausted"));

        given().auth().oauth2("test-admin-token").contentType(ContentType.JSON).body("{\"objective\": 100, \"windowDays\": 0}")
                .put("/api/v1/slos/" + service).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("objective")).body("errors.field", hasItem("windowDays"));
        given().auth().oauth2("viewer-token").contentType(ContentType.JSON).body("{\"objective\": 99.9, \"windowDays\": 30}")
                .put("/api/v1/slos/" + service).then().statusCode(403);
        given().auth().oauth2("viewer-token").get("/api/v1/slos/no-such-service").then().statusCode(404);
        given().auth().oauth2("test-admin-token").delete("/api/v1/slos/" + service).then().statusCode(204);
        given().auth().oauth2("viewer-token").get("/api/v1/slos/" + service).then().statusCode(404);
    }
}
