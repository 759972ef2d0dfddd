package io.irsuite.triage.messaging;

import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.triage.support.Events;
import io.irsuite.triage.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.triage.support.TriageApi.putService;
import static io.irsuite.triage.support.TriageApi.triageOf;
import static io.irsuite.triage.support.TriageApi.triageStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learning on the real broker and database: feedback, resolution notes and remediation outcomes
 * store new model versions, and later triages use them.
 */
@QuarkusTest
class LearningFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @AfterEach
    void forget() {
        given().auth().oauth2(Tokens.ADMIN).when().post("/api/v1/model/reset").then().statusCode(200)
                .body("examples", equalTo(0));
    }

    private static JsonPath model() {
        return given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/model").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }

    /** Opens an incident with symptom alerts on the two services and waits for a triage that saw both. */
    private UUID openIncident(TestBroker broker, String caller, String callee) {
        UUID incidentId = UUID.randomUUID();
        Instant now = Instant.now();
        Payloads.Alert upstream = Events.alert(caller, "HighErrorRate", now.minusSeconds(60), null);
        Payloads.Alert downstream = Events.alert(callee, "HighRequestLatency", now.minusSeconds(50), null);
        broker.publish(Addresses.INCIDENT_EVENTS, Events.opened(incidentId, upstream));
        broker.publish(Addresses.INCIDENT_EVENTS, Events.attached(incidentId, downstream, List.of(caller, callee), 2));
        await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200
                && triageOf(incidentId).getList("candidates.service").contains(callee));
        return incidentId;
    }

    @Test
    void feedbackVisiblyChangesTheConfidenceOfTheNextLookAlikeIncident() {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String caller = "shop-" + sfx;
        String callee = "ledger-" + sfx;
        putService(caller, "{\"tier\":1,\"dependsOn\":[\"%s\"]}".formatted(callee));
        putService(callee, "{\"tier\":1}");
        int before = model().getInt("version");

        try (TestBroker broker = TestBroker.connect()) {
            UUID first = openIncident(broker, caller, callee);
            JsonPath cold = triageOf(first);
            assertEquals(callee, cold.getString("rootCause.service"));
            assertEquals(before, cold.getInt("modelVersion"));
            assertEquals(List.of(), cold.getList("similarIncidents"));
            double coldConfidence = cold.getDouble("rootCause.confidence");

            JsonPath feedback = given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON)
                    .body(Map.of("rootCause", Map.of("service", callee, "category", "network"),
                            "note", "packet loss between zones on " + callee))
                    .when().post("/api/v1/incidents/" + first + "/feedback")
                    .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
            assertEquals(callee, feedback.getString("rootCause.service"));
            assertEquals("feedback", feedback.getString("source"));
            assertEquals("token:responder", feedback.getString("confirmedBy"), "by defaults to the caller's principal");
            assertTrue(feedback.getBoolean("wasTopCandidate"));
            assertEquals(coldConfidence, feedback.getDouble("triagedAs.confidence"));
            assertEquals(before + 1, feedback.getInt("modelVersion"));

            JsonPath learned = model();
            assertEquals(before + 1, learned.getInt("version"));
            assertEquals(1, learned.getInt("examples"));
            assertTrue(learned.getString("reason").contains("feedback confirmed network on " + callee), learned.prettify());

            UUID second = openIncident(broker, caller, callee);
            JsonPath warm = triageOf(second);
            assertEquals(before + 1, warm.getInt("modelVersion"));
            assertEquals(callee, warm.getString("rootCause.service"));
            assertEquals("network", warm.getString("rootCause.category"), "the confirmed category of the look-alike");
            assertTrue(warm.getDouble("rootCause.confidence") > coldConfidence,
                    warm.getDouble("rootCause.confidence") + " > " + coldConfidence);
            assertEquals(first.toString(), warm.getString("similarIncidents[0].incidentId"));
            assertEquals(1.0, warm.getDouble("similarIncidents[0].similarity"));
            assertEquals("packet loss between zones on " + callee, warm.getString("similarIncidents[0].resolution"));
            assertTrue(warm.getList("rootCause.evidence", String.class).stream()
                    .anyMatch(e -> e.startsWith("incident " + first + " looked alike")), warm.prettify());
        }
    }

    @Test
    void aFailedRemediationLowersTheNextActionConfidenceAndAVerifiedOneConfirmsTheCause() {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String api = "api-" + sfx;
        putService(api, "{\"tier\":1,\"kubernetes\":{\"namespace\":\"prod\",\"deployment\":\"%s\"}}".formatted(api));
        int before = model().getInt("version");
        try (TestBroker broker = TestBroker.connect()) {
            UUID first = deployIncident(broker, api);
            JsonPath cold = triageOf(first);
            assertEquals("rollback", cold.getString("recommendedActions[0].action"));
            assertTrue(cold.getBoolean("recommendedActions[0].autoEligible"));

            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.RemediationFailed, first,
                    new Payloads.RemediationFailed(UUID.randomUUID(), "rollback-rb", "rollback", api, "step timed out")));
            await().atMost(DEADLINE).until(() -> model().getInt("version") == before + 1);
            JsonPath afterFailure = model();
            assertEquals(0, afterFailure.getInt("examples"), "a failed action confirms no cause");
            assertEquals("deploy", afterFailure.getString("actions[0].category"));
            assertEquals("rollback", afterFailure.getString("actions[0].action"));
            assertEquals(1, afterFailure.getInt("actions[0].failed"));

            UUID second = deployIncident(broker, api);
            JsonPath warm = triageOf(second);
            assertTrue(warm.getDouble("recommendedActions[0].confidence") < cold.getDouble("recommendedActions[0].confidence"));
            assertFalse(warm.getBoolean("recommendedActions[0].autoEligible"), "after a failure a person decides");
            assertFalse(warm.getBoolean("autoRemediate"));
            assertTrue(warm.getString("recommendedActions[0].reason").contains("verified recovery 0 of 1 times for deploy"),
                    warm.getString("recommendedActions[0].reason"));

            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.RemediationSucceeded, second,
                    new Payloads.RemediationSucceeded(UUID.randomUUID(), "rollback-rb", "rollback", api)));
            await().atMost(DEADLINE).until(() -> model().getInt("version") == before + 2);
            JsonPath afterSuccess = model();
            assertEquals(1, afterSuccess.getInt("examples"), "a verified recovery on the root confirms it");
            assertEquals(1, afterSuccess.getInt("actions[0].succeeded"));
            assertTrue(afterSuccess.getString("reason").startsWith("remediation confirmed deploy on " + api),
                    afterSuccess.getString("reason"));
        }
    }

    private UUID deployIncident(TestBroker broker, String api) {
        Instant now = Instant.now();
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                .body("{\"service\":\"%s\",\"type\":\"deploy\",\"version\":\"v%s\",\"at\":\"%s\"}"
                        .formatted(api, now.toEpochMilli(), now.minus(Duration.ofMinutes(3))))
                .when().post("/api/v1/changes").then().statusCode(201);
        UUID incidentId = UUID.randomUUID();
        broker.publish(Addresses.INCIDENT_EVENTS, Events.opened(incidentId, Events.alert(api, "HighErrorRate",
                now.minusSeconds(30), new Payloads.AlertMetrics(0.12, null, null, null, null, false, false, false))));
        await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
        return incidentId;
    }

    @Test
    void aResolutionNoteThatNamesOneCandidateConfirmsItAndOneThatNamesNoneDoesNot() {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String caller = "cart-" + sfx;
        String callee = "stock-" + sfx;
        putService(caller, "{\"tier\":2,\"dependsOn\":[\"%s\"]}".formatted(callee));
        putService(callee, "{\"tier\":2}");
        int before = model().getInt("version");
        try (TestBroker broker = TestBroker.connect()) {
            UUID vague = openIncident(broker, caller, callee);
            UUID named = openIncident(broker, caller, callee);
            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.IncidentResolved, vague,
                    new Payloads.IncidentResolved("alice", "it went away", "resolved by a person", null, Instant.now())));
            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.IncidentResolved, named,
                    new Payloads.IncidentResolved("bob", "The " + caller + " retry storm was the cause; disabled retries",
                            "resolved by a person", null, Instant.now())));
            await().atMost(DEADLINE).until(() -> model().getInt("version") > before);
        }
        JsonPath learned = model();
        assertEquals(before + 1, learned.getInt("version"), "only the note that names a candidate confirms");
        assertEquals(1, learned.getInt("examples"));
        assertTrue(learned.getString("reason").startsWith("resolution_note confirmed"), learned.getString("reason"));
        assertTrue(learned.getString("reason").contains(" on " + caller + " for incident"), learned.getString("reason"));
    }

    @Test
    void feedbackWithANulCharacterOrTrailingContentIs400NamingTheFieldAndConfirmsNothing() {
        String svc = "nulfb-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        try (TestBroker broker = TestBroker.connect()) {
            broker.publish(Addresses.INCIDENT_EVENTS, Events.opened(incidentId,
                    Events.alert(svc, "HighErrorRate", Instant.now().minusSeconds(30), null)));
            await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
        }
        String url = "/api/v1/incidents/" + incidentId + "/feedback";
        String good = "{\"rootCause\":{\"service\":\"%s\",\"category\":\"database\"}".formatted(svc);
        given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON).body(good + ",\"note\":\"a\\u0000b\"}")
                .when().post(url)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("note"))
                .body("errors[0].message", containsString("NUL"));
        given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON)
                .body("{\"rootCause\":{\"service\":\"%s\\u0000\",\"category\":\"database\"}}".formatted(svc))
                .when().post(url)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("rootCause.service"));
        for (String trailing : List.of(" xyz", " {}")) {
            given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON).body(good + "}" + trailing)
                    .when().post(url)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("body"));
        }
        assertEquals(0L, outcomesOf(incidentId), "nothing was confirmed");

        // the same feedback without the bad bytes is accepted: the refusals above were about the input alone
        given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON).body(good + "}")
                .when().post(url).then().statusCode(200).body("applied", equalTo(true));
        assertEquals(1L, outcomesOf(incidentId));
    }

    private long outcomesOf(UUID incidentId) {
        return pool.preparedQuery("SELECT count(*) FROM incident_outcome WHERE incident_id = $1")
                .execute(Tuple.of(incidentId)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    @Test
    void feedbackIsValidatedAuthorisedAndNeedsATriagedIncident() {
        String unknown = UUID.randomUUID().toString();
        String good = "{\"rootCause\":{\"service\":\"db\",\"category\":\"database\"}}";
        given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON).body(good)
                .when().post("/api/v1/incidents/" + unknown + "/feedback")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON)
                .body("{\"rootCause\":{\"service\":\"db\",\"category\":\"gremlins\"}}")
                .when().post("/api/v1/incidents/" + unknown + "/feedback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("rootCause.category"));
        given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON).body("{\"note\":\"x\"}")
                .when().post("/api/v1/incidents/" + unknown + "/feedback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("rootCause"));
        given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON).body("{\"rootCause\":")
                .when().post("/api/v1/incidents/" + unknown + "/feedback")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.RESPONDER).contentType(ContentType.JSON).body(good)
                .when().post("/api/v1/incidents/not-a-uuid/feedback")
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
        given().auth().oauth2(Tokens.VIEWER).contentType(ContentType.JSON).body(good)
                .when().post("/api/v1/incidents/" + unknown + "/feedback").then().statusCode(403);
        given().contentType(ContentType.JSON).body(good)
                .when().post("/api/v1/incidents/" + unknown + "/feedback").then().statusCode(401);
        given().auth().oauth2(Tokens.RESPONDER).when().post("/api/v1/model/reset").then().statusCode(403);
        given().when().get("/api/v1/model").then().statusCode(401);
    }
}
