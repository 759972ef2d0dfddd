package io.irsuite.triage.messaging;

import io.irsuite.events.Addresses;
import io.irsuite.events.Payloads;
import io.irsuite.localstack.LocalStackTestResource;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.triage.support.Events;
import io.irsuite.triage.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.irsuite.triage.support.TriageApi.putService;
import static io.irsuite.triage.support.TriageApi.triageOf;
import static io.irsuite.triage.support.TriageApi.triageStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Changes over AMQP, and the re-triage a new change causes for the open incidents it may explain. */
@QuarkusTest
class ChangeFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static List<String> changeTypesOf(String service) {
        return given().auth().oauth2(Tokens.VIEWER).queryParam("service", service).when().get("/api/v1/changes")
                .then().statusCode(200).extract().jsonPath().getList("type");
    }

    private UUID symptomIncident(TestBroker broker, String service) {
        UUID incidentId = UUID.randomUUID();
        broker.publish(Addresses.INCIDENT_EVENTS, Events.opened(incidentId,
                Events.alert(service, "HighErrorRate", Instant.now().minusSeconds(60), null)));
        await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
        return incidentId;
    }

    @Test
    void changesArriveOverAmqpAndInvalidOnesAreDeadLetteredWithoutBlockingTheNext() {
        String svc = "pipeline-" + UUID.randomUUID().toString().substring(0, 8);
        long deadBefore = LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER);
        try (TestBroker broker = TestBroker.connect()) {
            broker.send(Addresses.CHANGES, "{\"service\":\"%s\",\"type\":\"yolo\"}".formatted(svc));
            broker.send(Addresses.CHANGES, "not json at all");
            // a NUL character cannot be stored: refused as invalid at once, not retried
            broker.send(Addresses.CHANGES, "{\"service\":\"%s\",\"type\":\"deploy\",\"version\":\"v\\u0000\"}"
                    .formatted(svc));
            broker.send(Addresses.CHANGES, "{\"service\":\"%s\",\"type\":\"config\",\"description\":\"pool size 20 -> 5\"}"
                    .formatted(svc));
        }
        await().atMost(DEADLINE).until(() -> changeTypesOf(svc).equals(List.of("config")));
        await().atMost(DEADLINE).until(() -> LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER)
                >= deadBefore + 3);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("ir_changes_rejected_total"));
    }

    @Test
    void aChangeRecordedAfterTheAlertsReTriagesTheOpenIncidentItExplains() {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String api = "orders-" + sfx;
        String other = "billing-" + sfx;
        putService(api, "{\"tier\":1}");
        putService(other, "{\"tier\":1}");
        try (TestBroker broker = TestBroker.connect()) {
            UUID incident = symptomIncident(broker, api);
            JsonPath before = triageOf(incident);
            assertEquals(1, before.getInt("version"));
            assertEquals("unknown", before.getString("rootCause.category"));
            assertEquals("SEV2", before.getString("severity"), "no figures: the level the alert came with stands");
            assertEquals(List.of("no alert reports impact figures; the highest level their sources gave is SEV2"),
                    before.getList("severityReasons"));

            // A change elsewhere explains nothing: no re-triage.
            given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                    .body("{\"service\":\"%s\",\"type\":\"deploy\",\"version\":\"v7\",\"at\":\"%s\"}"
                            .formatted(other, Instant.now().minus(Duration.ofMinutes(5))))
                    .when().post("/api/v1/changes").then().statusCode(201)
                    .body("retriagedIncidents", org.hamcrest.Matchers.empty());

            // The deploy that preceded the alerts is reported late: the incident is re-triaged at once.
            List<String> retriaged = given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                    .body("{\"service\":\"%s\",\"type\":\"deploy\",\"version\":\"v2.0.0\",\"at\":\"%s\"}"
                            .formatted(api, Instant.now().minus(Duration.ofMinutes(5))))
                    .when().post("/api/v1/changes").then().statusCode(201)
                    .extract().jsonPath().getList("retriagedIncidents");
            assertEquals(List.of(incident.toString()), retriaged);
            JsonPath after = triageOf(incident);
            assertEquals(2, after.getInt("version"));
            assertEquals("deploy", after.getString("rootCause.category"));
            assertEquals("rollback", after.getString("recommendedActions[0].action"));
            assertTrue(after.getDouble("rootCause.confidence") > before.getDouble("rootCause.confidence"));
        }
    }

    @Test
    void aChangeOnAQuietDependencyArrivingOverAmqpReTriagesItsDependentsIncident() {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String web = "storefront-" + sfx;
        String flags = "flags-" + sfx;
        putService(web, "{\"tier\":1,\"dependsOn\":[\"%s\"]}".formatted(flags));
        putService(flags, "{\"tier\":2}");
        try (TestBroker broker = TestBroker.connect()) {
            UUID incident = symptomIncident(broker, web);
            assertEquals(web, triageOf(incident).getString("rootCause.service"));
            broker.send(Addresses.CHANGES, "{\"service\":\"%s\",\"type\":\"feature_flag\",\"version\":\"new-cart\",\"at\":\"%s\"}"
                    .formatted(flags, Instant.now().minus(Duration.ofMinutes(2))));
            await().atMost(DEADLINE).until(() -> triageOf(incident).getInt("version") == 2);
            JsonPath after = triageOf(incident);
            assertEquals(flags, after.getString("rootCause.service"), after.prettify());
            assertEquals("config", after.getString("rootCause.category"));
            assertEquals("feature_flag_disable", after.getString("recommendedActions[0].action"));
        }
    }
}
