package io.irsuite.triage.messaging;

import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.localstack.LocalStackTestResource;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.triage.support.Events;
import io.irsuite.triage.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
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
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole triage path on the real broker and database: detection's events go onto
 * {@code incident-events}, triage classifies, analyses and plans, and its IncidentTriaged events
 * reach the other services' queues.
 */
@QuarkusTest
class TriageFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void aDeployOnTheAlertingServiceIsFoundAndRetriagedOnEveryNewAlert() {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String web = "web-" + sfx;
        String api = "api-" + sfx;
        String store = "store-" + sfx;
        putService(web, "{\"tier\":1,\"dependsOn\":[\"%s\"]}".formatted(api));
        putService(api, "{\"tier\":1,\"dependsOn\":[\"%s\"],\"kubernetes\":{\"namespace\":\"prod\",\"deployment\":\"%s\"}}"
                .formatted(store, api));
        putService(store, "{\"tier\":1,\"kind\":\"database\"}");
        Instant now = Instant.now();
        given().auth().oauth2(Tokens.INGEST).contentType(ContentType.JSON)
                .body("{\"service\":\"%s\",\"type\":\"deploy\",\"version\":\"v2.3.1\",\"at\":\"%s\"}"
                        .formatted(api, now.minus(Duration.ofMinutes(8))))
                .when().post("/api/v1/changes").then().statusCode(201);

        UUID incidentId = UUID.randomUUID();
        Payloads.Alert first = Events.alert(api, "HighErrorRate", now.minus(Duration.ofMinutes(1)),
                new Payloads.AlertMetrics(0.12, null, null, null, null, false, false, false));
        EventEnvelope opened = Events.envelope(EventType.IncidentOpened, incidentId, new Payloads.IncidentOpened(
                "HighErrorRate on " + api, "OPEN", "SEV2", List.of(api), first.startsAt(), now, first));

        try (TestBroker broker = TestBroker.connect();
             TestBroker.Reader comms = broker.read(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms"))) {
            assertEquals(404, triageStatus(incidentId), "not triaged before the event arrives");

            broker.publish(Addresses.INCIDENT_EVENTS, opened);
            broker.publish(Addresses.INCIDENT_EVENTS, opened); // a redelivery: same eventId, must not re-triage

            await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
            JsonPath v1 = triageOf(incidentId);
            assertEquals(incidentId.toString(), v1.getString("incidentId"));
            assertEquals(1, v1.getInt("version"));
            assertEquals("SEV2", v1.getString("severity"));
            assertEquals(List.of("errorRate 12% > 10%"), v1.getList("severityReasons"));
            assertEquals(api, v1.getString("rootCause.service"));
            assertEquals("deploy", v1.getString("rootCause.category"));
            assertTrue(v1.getDouble("rootCause.confidence") >= 0.9, "confidence " + v1.getDouble("rootCause.confidence"));
            assertEquals("deploy v2.3.1 on " + api + " 7 min before the first alert", v1.getString("rootCause.evidence[0]"));
            assertEquals(List.of(api), v1.getList("candidates.service"));
            assertEquals(List.of(api, web), v1.getList("blastRadius.services"));
            assertEquals("2 services, 2 of them tier 1", v1.getString("blastRadius.summary"));
            assertEquals(List.of(true, false), v1.getList("blastRadius.impact.alerting"));
            assertEquals(2, v1.getInt("blastRadius.byTier.1"));
            assertEquals(List.of(), v1.getList("similarIncidents"));
            assertEquals("rollback", v1.getString("recommendedActions[0].action"));
            assertEquals(api, v1.getString("recommendedActions[0].target"));
            assertTrue(v1.getBoolean("recommendedActions[0].autoEligible"));
            assertTrue(v1.getString("recommendedActions[0].reason").contains("threshold"));
            assertTrue(v1.getBoolean("autoRemediate"));
            assertFalse(v1.getString("triagedAt").isEmpty());

            // A second alert on a dependent service: re-triage with version 2 and the wider evidence.
            Payloads.Alert second = Events.alert(web, "HighLatency", now.minus(Duration.ofSeconds(30)),
                    new Payloads.AlertMetrics(null, 2000.0, 300.0, 4.0, null, null, null, null));
            broker.publish(Addresses.INCIDENT_EVENTS, Events.attached(incidentId, second, List.of(api, web), 2));

            await().atMost(DEADLINE).until(() -> triageOf(incidentId).getInt("version") >= 2);
            JsonPath v2 = triageOf(incidentId);
            assertEquals(2, v2.getInt("version"), "the duplicate IncidentOpened did not produce a version");
            assertEquals("SEV2", v2.getString("severity"));
            assertEquals(List.of("errorRate 12% > 10%", "p95 latency 2000ms > 3x baseline 300ms"),
                    v2.getList("severityReasons"));
            assertEquals(api, v2.getString("rootCause.service"));
            assertEquals(List.of(api, web), v2.getList("candidates.service"));
            assertTrue(v2.getList("rootCause.evidence", String.class)
                    .contains("1 alerting service depends on " + api + ": " + web));

            // Both versions reach the other services' queues, as IncidentTriaged from triage.
            List<JsonObject> triaged = comms.awaitMatching(e -> "IncidentTriaged".equals(e.getString("type"))
                    && incidentId.toString().equals(e.getString("incidentId")), 2, DEADLINE);
            assertEquals(List.of(1, 2), triaged.stream().map(e -> e.getJsonObject("payload").getInteger("version"))
                    .sorted().toList());
            JsonObject last = triaged.stream().filter(e -> e.getJsonObject("payload").getInteger("version") == 2)
                    .findFirst().orElseThrow();
            assertEquals("triage", last.getString("producer"));
            assertEquals(api, last.getJsonObject("payload").getJsonObject("rootCause").getString("service"));
            assertEquals("rollback", last.getJsonObject("payload").getJsonArray("recommendedActions")
                    .getJsonObject(0).getString("action"));
            assertEquals(List.of(api, web), last.getJsonObject("payload").getJsonArray("blastRadius").getList());
        }

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("ir_incidents_triaged_total"))
                .body(containsString("ir_triage_duration_seconds_count"));
    }

    @Test
    void oneAlertAttachedCarryingSeveralAlertsStoresEachAndTriagesOnceMore() {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String web = "web-" + sfx;
        String mobile = "mobile-" + sfx;
        String api = "api-" + sfx;
        putService(web, "{\"tier\":1,\"dependsOn\":[\"%s\"]}".formatted(api));
        putService(mobile, "{\"tier\":2,\"dependsOn\":[\"%s\"]}".formatted(api));
        putService(api, "{\"tier\":1}");
        Instant now = Instant.now();
        UUID incidentId = UUID.randomUUID();
        Payloads.Alert first = Events.alert(api, "HighErrorRate", now.minus(Duration.ofMinutes(1)),
                new Payloads.AlertMetrics(0.12, null, null, null, null, false, false, false));
        try (TestBroker broker = TestBroker.connect()) {
            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.IncidentOpened, incidentId,
                    new Payloads.IncidentOpened("HighErrorRate on " + api, "OPEN", "SEV2", List.of(api),
                            first.startsAt(), now, first)));
            await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
            assertEquals(1, triageOf(incidentId).getInt("version"));

            // detection tells the alerts one grouping run attached in one event
            Payloads.Alert onWeb = Events.alert(web, "HighLatency", now.minus(Duration.ofSeconds(40)),
                    new Payloads.AlertMetrics(null, 2000.0, 300.0, 4.0, null, null, null, null));
            Payloads.Alert onMobile = Events.alert(mobile, "HighErrorRate", now.minus(Duration.ofSeconds(30)),
                    new Payloads.AlertMetrics(0.3, null, null, null, null, null, null, null));
            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.AlertAttached, incidentId,
                    new Payloads.AlertAttached(List.of(onWeb, onMobile), List.of(api, mobile, web), 3)));

            await().atMost(DEADLINE).until(() -> triageOf(incidentId).getInt("version") >= 2);
            JsonPath v2 = triageOf(incidentId);
            assertEquals(2, v2.getInt("version"), "one event, one more version");
            assertEquals(api, v2.getString("rootCause.service"));
            assertTrue(v2.getList("rootCause.evidence", String.class)
                    .contains("2 alerting services depend on " + api + ": " + mobile + ", " + web),
                    "both alerts of the event are evidence: " + v2.getList("rootCause.evidence"));
            Long stored = pool.preparedQuery("SELECT count(*) FROM incident_alert WHERE incident_id = $1")
                    .execute(Tuple.of(incidentId)).await().atMost(DEADLINE).iterator().next().getLong(0);
            assertEquals(3L, stored, "every alert of the incident is stored");
        }
    }

    @Test
    void anAlertAttachedOfAStormSizedRunIsAppliedWhole() {
        // a merge in a storm moves hundreds of alerts in one event: far above the broker's large-message size
        String api = "storm-api-" + UUID.randomUUID().toString().substring(0, 8);
        putService(api, "{\"tier\":1}");
        Instant now = Instant.now();
        UUID incidentId = UUID.randomUUID();
        Payloads.Alert first = Events.alert(api, "HighErrorRate", now.minus(Duration.ofMinutes(1)),
                new Payloads.AlertMetrics(0.12, null, null, null, null, false, false, false));
        List<Payloads.Alert> storm = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Payloads.Alert a = Events.alert(api, "PodCrashLooping", now.minus(Duration.ofSeconds(30)), null);
            storm.add(new Payloads.Alert(a.alertId(), "fp-storm-" + i, a.source(), a.service(), a.name(), a.status(),
                    a.severity(), "pod " + i + " of " + api + " restarted 5 times in 10 minutes",
                    "CrashLoopBackOff; the container exits with code 137 and is restarted by the kubelet",
                    java.util.Map.of("pod", api + "-" + i, "namespace", "prod", "region", "eu-west-1"),
                    a.startsAt(), null, null, null, null));
        }
        try (TestBroker broker = TestBroker.connect()) {
            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.IncidentOpened, incidentId,
                    new Payloads.IncidentOpened("HighErrorRate on " + api, "OPEN", "SEV2", List.of(api),
                            first.startsAt(), now, first)));
            EventEnvelope big = Events.envelope(EventType.AlertAttached, incidentId,
                    new Payloads.AlertAttached(storm, List.of(api), 601));
            assertTrue(big.payload().toString().length() > 200_000, "size " + big.payload().toString().length());
            broker.publish(Addresses.INCIDENT_EVENTS, big);
            await().atMost(DEADLINE).until(() -> pool.preparedQuery(
                            "SELECT count(*) FROM incident_alert WHERE incident_id = $1")
                    .execute(Tuple.of(incidentId)).await().atMost(DEADLINE).iterator().next().getLong(0) == 601L);
            await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
        }
    }

    @Test
    void resolvedAlertsAndUnknownEventsDoNotRetriage() {
        String svc = "lone-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        Payloads.Alert alert = Events.alert(svc, "ContainerOOMKilled", Instant.now().minusSeconds(60),
                new Payloads.AlertMetrics(0.02, null, null, null, null, null, null, null));
        try (TestBroker broker = TestBroker.connect()) {
            EventEnvelope opened = Events.opened(incidentId, alert);
            EventEnvelope resolved = Events.envelope(EventType.AlertResolved, incidentId, new Payloads.AlertResolved(alert, 0));
            broker.publish(Addresses.INCIDENT_EVENTS, opened);
            broker.publish(Addresses.INCIDENT_EVENTS, resolved);
            broker.send(Addresses.INCIDENT_EVENTS, new JsonObject()
                    .put("eventId", UUID.randomUUID().toString()).put("type", "SomethingFromTheFuture")
                    .put("incidentId", incidentId.toString()).put("producer", "future")
                    .put("schemaVersion", 9).put("payload", new JsonObject()).encode());
            Payloads.Alert cpu = Events.alert(svc, "CpuSaturation", Instant.now(), null);
            EventEnvelope attached = Events.attached(incidentId, cpu, List.of(svc), 2);
            broker.publish(Addresses.INCIDENT_EVENTS, attached);

            // every event applied, and no triage asked for is left to compute
            await().atMost(DEADLINE).until(() -> processed(opened, resolved, attached) == 3 && triageStatus(incidentId) == 200
                    && !retriagePending(incidentId));
        }
        JsonPath result = triageOf(incidentId);
        // one version per alert-bearing event at most (a burst may be one); the others asked for none
        assertTrue(result.getInt("version") <= 2, "only IncidentOpened and AlertAttached re-triage: v" + result.getInt("version"));
        assertEquals("SEV3", result.getString("severity"));
        assertEquals("resource_exhaustion", result.getString("rootCause.category"));
        assertEquals(List.of("restart", "scale_up"), result.getList("recommendedActions.action"));
        assertFalse(result.getBoolean("autoRemediate"), "without a change the confidence stays below restart's 0.95");
    }

    @Test
    void severityRisesWithNewEvidenceAndFallsOnlyWhenAnAlertReportsLowerFigures() {
        String svc = "pay-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(120);
        Payloads.Alert errors = Events.alert(svc, "HighErrorRate", start,
                new Payloads.AlertMetrics(0.03, null, null, null, null, null, null, null));
        try (TestBroker broker = TestBroker.connect()) {
            broker.publish(Addresses.INCIDENT_EVENTS, Events.opened(incidentId, errors));
            await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
            assertEquals("SEV3", triageOf(incidentId).getString("severity"));

            // The same alert reports 60 %: a rise, said so.
            Payloads.Alert worse = withMetrics(errors, new Payloads.AlertMetrics(0.6, null, null, null, null, null, null, null));
            broker.publish(Addresses.INCIDENT_EVENTS, Events.attached(incidentId, worse, List.of(svc), 1));
            await().atMost(DEADLINE).until(() -> triageOf(incidentId).getInt("version") == 2);
            JsonPath raised = triageOf(incidentId);
            assertEquals("SEV1", raised.getString("severity"));
            assertEquals("raised from SEV3", raised.getString("severityReasons[0]"));

            // A re-send without figures (Alertmanager's own payload) is no evidence of a fall.
            broker.publish(Addresses.INCIDENT_EVENTS, Events.attached(incidentId, withMetrics(errors, null), List.of(svc), 1));
            await().atMost(DEADLINE).until(() -> triageOf(incidentId).getInt("version") == 3);
            assertEquals("SEV1", triageOf(incidentId).getString("severity"));

            // The alert itself now reports 4 %: that is evidence, and the fall says so.
            Payloads.Alert better = withMetrics(errors, new Payloads.AlertMetrics(0.04, null, null, null, null, null, null, null));
            broker.publish(Addresses.INCIDENT_EVENTS, Events.attached(incidentId, better, List.of(svc), 1));
            await().atMost(DEADLINE).until(() -> triageOf(incidentId).getInt("version") == 4);
            JsonPath lowered = triageOf(incidentId);
            assertEquals("SEV3", lowered.getString("severity"));
            assertEquals("lowered from SEV1: the alerts now report lower figures", lowered.getString("severityReasons[0]"));
        }
    }

    @Test
    void anInhibitedAlertIsEvidenceButNeverRaisesTheSeverity() {
        String db = "db-" + UUID.randomUUID().toString().substring(0, 8);
        String api = "api-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(120);
        Payloads.Alert down = Events.alert(db, "DatabaseDown", start,
                new Payloads.AlertMetrics(0.03, null, null, null, null, null, null, null));
        Payloads.Alert symptom = Events.alert(api, "HighErrorRate", start,
                new Payloads.AlertMetrics(0.9, null, null, 80.0, null, true, null, null));
        Payloads.Alert inhibited = new Payloads.Alert(symptom.alertId(), symptom.fingerprint(), symptom.source(),
                symptom.service(), symptom.name(), symptom.status(), "SEV1", symptom.summary(), null, symptom.labels(),
                symptom.startsAt(), null, symptom.metrics(), null, null,
                down.fingerprint() + " (DatabaseDown on " + db + ", rule topology)");
        try (TestBroker broker = TestBroker.connect()) {
            broker.publish(Addresses.INCIDENT_EVENTS, Events.opened(incidentId, down));
            await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
            String before = triageOf(incidentId).getString("severity");
            broker.publish(Addresses.INCIDENT_EVENTS, Events.attached(incidentId, inhibited, List.of(db, api), 2));
            await().atMost(DEADLINE).until(() -> triageOf(incidentId).getInt("version") == 2);
            JsonPath after = triageOf(incidentId);
            // 90 % errors, 80 % of users and an SLA breach would make it SEV1, were the alert not inhibited
            assertEquals(before, after.getString("severity"));
            assertEquals("SEV3", after.getString("severity"));
            assertEquals(2, after.getInt("alertCount"), "the inhibited alert is still evidence");
        }
    }

    @Test
    void aResolutionThatOvertakesItsAlertKeepsTheAlertResolved() {
        String svc = "late-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        Payloads.Alert alert = Events.alert(svc, "HighErrorRate", Instant.now().minusSeconds(90), null);
        try (TestBroker broker = TestBroker.connect()) {
            // the channel's copies run concurrently: the resolution may be applied before the alert's own event
            broker.publish(Addresses.INCIDENT_EVENTS, Events.envelope(EventType.AlertResolved, incidentId,
                    new Payloads.AlertResolved(alert, 0)));
            await().atMost(DEADLINE).until(() -> "resolved".equals(pool.preparedQuery(
                            "SELECT status FROM incident_alert WHERE incident_id = $1").execute(Tuple.of(incidentId))
                    .await().atMost(Duration.ofSeconds(5)).stream().findFirst().map(r -> r.getString(0)).orElse(null)));
            assertEquals(404, triageStatus(incidentId), "a resolution alone triggers no triage");
            broker.publish(Addresses.INCIDENT_EVENTS, Events.opened(incidentId, alert));
            await().atMost(DEADLINE).until(() -> triageStatus(incidentId) == 200);
        }
        JsonPath result = triageOf(incidentId);
        assertEquals(svc, result.getString("blastRadius.impact[0].service"));
        assertFalse(result.getBoolean("blastRadius.impact[0].alerting"), "the alert stays resolved");
    }

    private static Payloads.Alert withMetrics(Payloads.Alert a, Payloads.AlertMetrics metrics) {
        return new Payloads.Alert(a.alertId(), a.fingerprint(), a.source(), a.service(), a.name(), a.status(),
                a.severity(), a.summary(), a.description(), a.labels(), a.startsAt(), a.endsAt(), metrics,
                a.runbookUrl(), a.dashboardUrl());
    }

    @Test
    void aPoisonMessageIsRetriedThenDeadLetteredAndCounted() {
        long before = LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER);
        try (TestBroker broker = TestBroker.connect()) {
            broker.send(Addresses.INCIDENT_EVENTS, "this is not an event envelope");
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> LocalStackTestResource.shared().messageCount(Addresses.DEAD_LETTER) > before);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("ir_messages_failed_total{channel=\"incident-events\""));
    }

    @Test
    void triageIs404UntilTriagedAndNeedsTheViewerRole() {
        UUID unknown = UUID.randomUUID();
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/incidents/" + unknown + "/triage")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/incidents/nope/triage")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        given().when().get("/api/v1/incidents/" + unknown + "/triage").then().statusCode(401);
        given().auth().oauth2("wrong").when().get("/api/v1/incidents/" + unknown + "/triage").then().statusCode(401);
        given().auth().oauth2(Tokens.INGEST).when().get("/api/v1/incidents/" + unknown + "/triage")
                .then().statusCode(403).contentType("application/problem+json");
    }

    private long processed(EventEnvelope... events) {
        return pool.preparedQuery("SELECT count(*) FROM processed_event WHERE event_id = ANY($1)")
                .execute(Tuple.of(java.util.Arrays.stream(events).map(EventEnvelope::eventId).toArray(UUID[]::new)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private boolean retriagePending(UUID incidentId) {
        return pool.preparedQuery("SELECT retriage_requested_at IS NOT NULL FROM triage_incident WHERE incident_id = $1")
                .execute(Tuple.of(incidentId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getBoolean(0);
    }
}
