package io.irsuite.comms.rest;

import io.irsuite.comms.support.Payload;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Postmortem drafts and incident metrics, built from events on the real broker. */
@QuarkusTest
class PostmortemAndMetricsTest {

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

    @Test
    void aResolvedIncidentHasAPostmortemDraftInMarkdownAndJson() {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        Payload.remediatedIncident(incident, t0).forEach(e -> broker.publish(Addresses.INCIDENT_EVENTS, e));
        await().atMost(DEADLINE).until(() -> NotificationFlowTest.timeline(incident).size() == 7);

        String markdown = given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + incident + "/postmortem")
                .then().statusCode(200).contentType(startsWith("text/markdown")).extract().asString();
        assertThat(markdown, allOf(
                startsWith("# Postmortem: HighErrorRate on checkout"),
                containsString("| Severity | SEV2 |"),
                containsString("| Duration | 300 s (5m 0s) |"),
                containsString("| MTTD | 5 s (5s) |"),
                containsString("## Timeline"),
                containsString("| 2026-11-20 10:05:00 UTC | IncidentResolved | Resolved: all alerts resolved |"),
                containsString("- Service: payments-db"),
                containsString("- Confidence: 0.91"),
                containsString("| roll back | SUCCEEDED | 1 | HTTP 200 |"),
                containsString("auto-remediation succeeded in 3 s: rollback of checkout"),
                containsString("## What went poorly"),
                containsString("## Action items"),
                containsString("## Five whys"),
                containsString("Why did payments-db fail (database)?")));

        JsonPath json = given().auth().oauth2("viewer-token").accept("application/json")
                .get("/api/v1/incidents/" + incident + "/postmortem")
                .then().statusCode(200).contentType(startsWith("application/json")).extract().jsonPath();
        assertEquals("SEV2", json.getString("metadata.severity"));
        assertEquals(300, json.getInt("metadata.mttrSeconds"));
        assertEquals(5, json.getInt("metadata.mttdSeconds"));
        assertNull(json.get("metadata.mttaSeconds"));
        assertEquals("payments-db", json.getString("rootCause.service"));
        assertEquals(7, json.getList("timeline").size());
        assertEquals("roll back", json.getString("resolution.remediations[0].steps[0].name"));
        assertEquals("SUCCEEDED", json.getString("resolution.remediations[0].outcome"));
        assertThat(json.getList("wentWell"), hasItem("auto-remediation succeeded in 3 s: rollback of checkout"));
        assertEquals(0, json.getList("actionItems").size());
        assertEquals(5, json.getList("fiveWhys").size());

        given().auth().oauth2("viewer-token").accept("text/html")
                .get("/api/v1/incidents/" + incident + "/postmortem")
                .then().statusCode(406).contentType("application/problem+json");
        given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + UUID.randomUUID() + "/postmortem")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void metricsAreMeansOverTheIncidentsStartedInTheWindow() {
        // A window of its own in 2020, so no other test's incidents count.
        Instant day = Instant.parse("2020-03-01T00:00:00Z");
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID outside = UUID.randomUUID();
        incident(a, "SEV2", day.plusSeconds(1000), 60, 30, 600);
        incident(b, "SEV2", day.plusSeconds(5000), 120, null, 1200);
        incident(c, "SEV1", day.plusSeconds(9000), 10, 20, 300);
        incident(outside, "SEV1", day.minusSeconds(10), 1, 1, 1);
        await().atMost(DEADLINE).until(() -> NotificationFlowTest.timeline(outside).size() == 3);
        await().atMost(DEADLINE).until(() -> metrics(day, day.plus(Duration.ofDays(1))).getInt("count") == 3
                && NotificationFlowTest.timeline(c).size() == 3);

        JsonPath m = metrics(day, day.plus(Duration.ofDays(1)));
        assertEquals(3, m.getInt("count"));
        assertEquals(63.333, m.getDouble("mttdSeconds"), 0.001);
        assertEquals(25.0, m.getDouble("mttaSeconds"), 0.001);
        assertEquals(700.0, m.getDouble("mttrSeconds"), 0.001);
        assertEquals(2, m.getInt("bySeverity.SEV2.count"));
        assertEquals(90.0, m.getDouble("bySeverity.SEV2.mttdSeconds"), 0.001);
        assertEquals(30.0, m.getDouble("bySeverity.SEV2.mttaSeconds"), 0.001);
        assertEquals(900.0, m.getDouble("bySeverity.SEV2.mttrSeconds"), 0.001);
        assertEquals(1, m.getInt("bySeverity.SEV1.count"));
        assertEquals(300.0, m.getDouble("bySeverity.SEV1.mttrSeconds"), 0.001);
        assertEquals(day.toString(), m.getString("from"));

        JsonPath empty = metrics(Instant.parse("2019-01-01T00:00:00Z"), Instant.parse("2019-01-02T00:00:00Z"));
        assertEquals(0, empty.getInt("count"));
        assertNull(empty.get("mttdSeconds"));
    }

    @Test
    void aBackwardsOrUnreadableWindowIsABadRequest() {
        given().auth().oauth2("viewer-token")
                .queryParam("from", "2026-02-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/v1/metrics/incidents")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        given().auth().oauth2("viewer-token").queryParam("to", "yesterday")
                .get("/api/v1/metrics/incidents")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("to"));
        given().auth().oauth2("viewer-token").get("/api/v1/metrics/incidents").then().statusCode(200)
                .body("count", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Opened (started, detected after mttd), optionally acknowledged, resolved after mttr. */
    private void incident(UUID id, String severity, Instant started, int mttd, Integer mtta, int mttr) {
        Instant detected = started.plusSeconds(mttd);
        send(EventType.IncidentOpened, id, detected, "detection",
                Payload.opened("Metrics incident", severity, "metrics-svc", started, detected));
        if (mtta != null) {
            Instant ack = detected.plusSeconds(mtta);
            send(EventType.IncidentAcknowledged, id, ack, "detection", new Payloads.IncidentAcknowledged("bob", null, ack));
        } else {
            send(EventType.AlertAttached, id, detected.plusSeconds(1), "detection",
                    new Payloads.AlertAttached(Payload.alert("Latency", "metrics-svc", 0.02), java.util.List.of("metrics-svc"), 2));
        }
        Instant resolved = started.plusSeconds(mttr);
        send(EventType.IncidentResolved, id, resolved, "detection",
                new Payloads.IncidentResolved("detection", null, "all alerts resolved", started, resolved));
    }

    private static JsonPath metrics(Instant from, Instant to) {
        return given().auth().oauth2("viewer-token").queryParam("from", from.toString()).queryParam("to", to.toString())
                .get("/api/v1/metrics/incidents").then().statusCode(200).extract().jsonPath();
    }

    private void send(EventType type, UUID incident, Instant at, String producer, Record payload) {
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(type, incident, at, producer, payload));
    }
}
