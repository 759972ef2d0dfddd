package io.irsuite.triage.messaging;

import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
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
import java.util.ArrayList;
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

    /**
     * Issue 9: each interrupted rollback used to lower the rollback's confidence (0.79 → 0.74 → 0.69 over three
     * crashes). Only a failure that blames the action teaches; what the suite or a person caused, and a dry run,
     * teach nothing.
     */
    @Test
    void onlyAFailureThatBlamesTheActionLowersItsConfidenceAndADryRunTeachesNothing() {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String api = "web-" + sfx;
        putService(api, "{\"tier\":1,\"kubernetes\":{\"namespace\":\"prod\",\"deployment\":\"%s\"}}".formatted(api));
        forget(); // start from the priors, whatever ran before
        int before = model().getInt("version");
        try (TestBroker broker = TestBroker.connect()) {
            UUID first = deployIncident(broker, api);
            double cold = rollbackConfidence(first);

            // three crashes of the suite mid-rollback, and the failures the suite or a person caused
            List<EventEnvelope> notTheAction = new ArrayList<>();
            for (int crash = 0; crash < 3; crash++) {
                notTheAction.add(failed(first, api, "interrupted by a restart", Payloads.RemediationFailures.INTERRUPTED));
            }
            notTheAction.add(rolledBack(first, api, "interrupted: its runner stopped", Payloads.RemediationFailures.INTERRUPTED));
            notTheAction.add(failed(first, api, "kubernetes API: 403 forbidden", Payloads.RemediationFailures.UNREACHABLE));
            notTheAction.add(failed(first, api, "rejected by alice", Payloads.RemediationFailures.REJECTED));
            notTheAction.add(rolledBack(first, api, "incident resolved while running", Payloads.RemediationFailures.CANCELLED));
            notTheAction.add(dryRunSucceeded(first, api));
            notTheAction.forEach(e -> broker.publish(Addresses.INCIDENT_EVENTS, e));
            awaitProcessed(notTheAction);
            assertEquals(before, model().getInt("version"), "nothing was learned: " + model().getString("reason"));
            assertEquals(List.of(), model().getList("actions"));
            assertEquals(cold, rollbackConfidence(deployIncident(broker, api)), "three crashes leave the rollback as trusted");

            broker.publish(Addresses.INCIDENT_EVENTS, failed(first, api, "step roll-back: rollout did not complete",
                    Payloads.RemediationFailures.STEP_FAILED));
            await().atMost(DEADLINE).until(() -> model().getInt("version") == before + 1);
            double afterStepFailed = rollbackConfidence(deployIncident(broker, api));
            assertTrue(afterStepFailed < cold, afterStepFailed + " < " + cold);

            broker.publish(Addresses.INCIDENT_EVENTS, rolledBack(first, api, "alerts still firing after 300 s",
                    Payloads.RemediationFailures.NOT_RECOVERED));
            await().atMost(DEADLINE).until(() -> model().getInt("version") == before + 2);
            double afterNotRecovered = rollbackConfidence(deployIncident(broker, api));
            assertTrue(afterNotRecovered < afterStepFailed, afterNotRecovered + " < " + afterStepFailed);

            // an older producer says nothing about the kind: counted as the action's failure
            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.RemediationFailed, first,
                    new Payloads.RemediationFailed(UUID.randomUUID(), "rollback-rb", "rollback", api, "HTTP 503")));
            await().atMost(DEADLINE).until(() -> model().getInt("version") == before + 3);
            double afterOldProducer = rollbackConfidence(deployIncident(broker, api));
            assertTrue(afterOldProducer < afterNotRecovered, afterOldProducer + " < " + afterNotRecovered);

            // a dry run on the root would otherwise count as a success and confirm the cause
            EventEnvelope dryRun = dryRunSucceeded(first, api);
            broker.publish(Addresses.INCIDENT_EVENTS, dryRun);
            awaitProcessed(List.of(dryRun));
            JsonPath learned = model();
            assertEquals(before + 3, learned.getInt("version"));
            assertEquals(0, learned.getInt("examples"), "a dry run confirms no cause");
            assertEquals(0, learned.getInt("actions[0].succeeded"));
            assertEquals(3, learned.getInt("actions[0].failed"));
            assertEquals(afterOldProducer, rollbackConfidence(deployIncident(broker, api)), "a dry run does not raise it");
        }
    }

    private static double rollbackConfidence(UUID incidentId) {
        JsonPath triage = triageOf(incidentId);
        assertEquals("rollback", triage.getString("recommendedActions[0].action"), triage.prettify());
        return triage.getDouble("recommendedActions[0].confidence");
    }

    private static EventEnvelope failed(UUID incidentId, String target, String error, String failure) {
        return Events.envelope(EventType.RemediationFailed, incidentId,
                new Payloads.RemediationFailed(UUID.randomUUID(), "rollback-rb", "rollback", target, error, failure));
    }

    private static EventEnvelope rolledBack(UUID incidentId, String target, String reason, String failure) {
        return Events.envelope(EventType.RemediationRolledBack, incidentId,
                new Payloads.RemediationRolledBack(UUID.randomUUID(), "rollback-rb", "rollback", target, reason, failure));
    }

    private static EventEnvelope dryRunSucceeded(UUID incidentId, String target) {
        return Events.envelope(EventType.RemediationSucceeded, incidentId,
                new Payloads.RemediationSucceeded(UUID.randomUUID(), "rollback-rb", "rollback", target, true));
    }

    /** Waits until triage has recorded every one of these events as processed (applied or deliberately skipped). */
    private void awaitProcessed(List<EventEnvelope> events) {
        UUID[] ids = events.stream().map(EventEnvelope::eventId).toArray(UUID[]::new);
        await().atMost(DEADLINE).until(() -> pool.preparedQuery("SELECT count(*) FROM processed_event WHERE event_id = ANY($1)")
                .execute(Tuple.of(ids)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) == ids.length);
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
