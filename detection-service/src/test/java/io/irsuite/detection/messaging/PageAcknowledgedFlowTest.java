package io.irsuite.detection.messaging;

import io.irsuite.detection.Api;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.openIncident;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * comms' PageAcknowledged (a page's one-time link was used) acknowledges detection's incident as its own
 * acknowledge endpoint does, once: then detection emits its IncidentAcknowledged, and never a second one.
 */
@QuarkusTest
class PageAcknowledgedFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    private static TestBroker amqp;
    /** What detection publishes, as comms would receive it. */
    private static TestBroker.Reader commsQueue;

    @BeforeAll
    static void connect() {
        amqp = TestBroker.connect();
        commsQueue = amqp.read(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms"));
    }

    @AfterAll
    static void disconnect() {
        commsQueue.close();
        amqp.close();
    }

    @Test
    void aPageAcknowledgedThroughItsLinkAcknowledgesTheIncidentOnce() {
        String id = openIncident(uniqueService("checkout"), "HighErrorRate", "critical");
        UUID incident = UUID.fromString(id);
        Instant clicked = Instant.now().truncatedTo(ChronoUnit.MICROS);

        EventEnvelope ack = TestBroker.envelope(EventType.PageAcknowledged, incident, "comms",
                new Payloads.PageAcknowledged(UUID.randomUUID(), "alice", "alice", 2, clicked));
        amqp.publish(Addresses.INCIDENT_EVENTS, ack);
        await().atMost(DEADLINE).until(() -> getIncident(id).extract().path("acknowledgedAt") != null);
        // MTTA counts to the click, not to when detection heard of it
        assertThat(Instant.parse(getIncident(id).extract().path("acknowledgedAt")), equalTo(clicked));

        List<JsonObject> acknowledged = acknowledgedEvents(id, 1);
        assertThat(acknowledged.get(0).getString("producer"), equalTo("detection"));
        JsonObject payload = acknowledged.get(0).getJsonObject("payload");
        assertThat(payload.getString("by"), equalTo("alice"));
        assertThat(payload.getString("note"), startsWith("acknowledged through the link of a level 2 page"));
        assertThat(Instant.parse(payload.getString("acknowledgedAt")), equalTo(clicked));

        // the same event again (a redelivery), then another page's link: the incident stays as it was
        amqp.publish(Addresses.INCIDENT_EVENTS, ack);
        amqp.sendEvent(EventType.PageAcknowledged, incident, "comms",
                new Payloads.PageAcknowledged(UUID.randomUUID(), "bob", "bob", 3, Instant.now()));
        appliedInOrder(incident, id);
        assertThat(Instant.parse(getIncident(id).extract().path("acknowledgedAt")), equalTo(clicked));
        assertThat(emittedAcknowledgements(id), equalTo(1L));
        assertThat(acknowledgedEvents(id, 1), hasSize(1));
    }

    @Test
    void anIncidentAlreadyAcknowledgedOrResolvedIsLeftAsItIs() {
        String acknowledged = openIncident(uniqueService("payments"), "HighLatency", "high");
        given().auth().oauth2(Api.RESPONDER).contentType("application/json").body("{\"by\":\"carol\"}")
                .when().post("/api/v1/incidents/" + acknowledged + "/acknowledge").then().statusCode(200);
        String first = getIncident(acknowledged).extract().path("acknowledgedAt");

        String resolved = openIncident(uniqueService("ledger"), "QueueBacklog", "high");
        given().auth().oauth2(Api.RESPONDER).contentType("application/json").body("{\"by\":\"dave\"}")
                .when().post("/api/v1/incidents/" + resolved + "/resolve").then().statusCode(200);

        for (String id : List.of(acknowledged, resolved)) {
            amqp.sendEvent(EventType.PageAcknowledged, UUID.fromString(id), "comms",
                    new Payloads.PageAcknowledged(UUID.randomUUID(), "alice", "alice", 1, Instant.now()));
            appliedInOrder(UUID.fromString(id), id);
        }
        getIncident(acknowledged).body("acknowledgedAt", equalTo(first));
        getIncident(resolved).body("acknowledgedAt", nullValue()).body("status", equalTo("RESOLVED"));
        // carol's acknowledgement only; none for the resolved incident
        assertThat(emittedAcknowledgements(acknowledged), equalTo(1L));
        assertThat(emittedAcknowledgements(resolved), equalTo(0L));
        assertThat(acknowledgedEvents(acknowledged, 1).get(0).getJsonObject("payload").getString("by"), equalTo("carol"));
    }

    /**
     * One incident's events are applied in order: once a later triage shows, the events before it were applied
     * (and what they emitted is in the outbox, written in their transaction).
     */
    private static void appliedInOrder(UUID incident, String id) {
        int version = 100 + (int) (Math.random() * 1000);
        amqp.sendEvent(EventType.IncidentTriaged, incident, "triage", new Payloads.IncidentTriaged(version, null,
                List.of(), null, List.of(), List.of(), List.of(), false));
        await().atMost(DEADLINE).until(() -> getIncident(id).extract().<Integer>path("triageVersion") == version);
    }

    /** IncidentAcknowledged events detection wrote for the incident (its outbox keeps published rows). */
    private long emittedAcknowledgements(String id) {
        return pool.preparedQuery("SELECT count(*) AS n FROM outbox_event WHERE incident_id = $1 AND type = 'IncidentAcknowledged'")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }

    private static List<JsonObject> acknowledgedEvents(String id, int atLeast) {
        return commsQueue.awaitMatching(e -> id.equals(e.getString("incidentId"))
                && "IncidentAcknowledged".equals(e.getString("type")), atLeast, DEADLINE);
    }
}
