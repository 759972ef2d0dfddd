package io.irsuite.detection.messaging;

import io.irsuite.platform.testing.TestBroker;
import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.detection.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.openIncident;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.status;
import static io.irsuite.detection.Api.uniqueService;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static io.restassured.RestAssured.given;

/**
 * The incident lifecycle driven by real envelopes on the real broker, as triage and remediation
 * send them; and detection's own events read back from another service's queue.
 */
@QuarkusTest
class LifecycleFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    private static TestBroker amqp;
    /** Everything detection publishes, as comms would receive it (comms does not run in this JVM). */
    private static TestBroker.Reader commsQueue;

    @BeforeAll
    static void connect() {
        amqp = TestBroker.connect();
        commsQueue = amqp.read(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms"));
    }

    @AfterAll
    static void disconnect() {
        amqp.close();
    }

    @Test
    void incidentOpenedReachesTheBroker() {
        String service = uniqueService("frontend");
        String id = openIncident(service, "HighErrorRate", "critical");

        JsonNode event = awaitEvent(id, "IncidentOpened");
        assertThat(event.path("producer").asText(), equalTo("detection"));
        assertThat(event.path("schemaVersion").asInt(), equalTo(1));
        assertThat(event.path("payload").path("severity").asText(), equalTo("SEV1"));
        assertThat(event.path("payload").path("alert").path("service").asText(), equalTo(service));
        assertThat(event.path("payload").path("alert").path("name").asText(), equalTo("HighErrorRate"));
    }

    @Test
    void fullLifecycleFromTriageToResolution() {
        String service = uniqueService("checkout");
        String id = openIncident(service, "HighErrorRate", "warning");
        UUID incident = UUID.fromString(id);

        amqp.sendEvent(EventType.IncidentTriaged, incident, "test", triaged(1, "SEV2"));
        await().atMost(DEADLINE).until(() -> status(id).equals("TRIAGED"));
        getIncident(id).body("severity", equalTo("SEV2")).body("triageVersion", equalTo(1))
                .body("statusReason", equalTo("triaged: root cause payments-db (database, confidence 0.91)"));

        // a newer triage raises severity; an older one arriving late changes nothing
        amqp.sendEvent(EventType.IncidentTriaged, incident, "test", triaged(2, "SEV1"));
        await().atMost(DEADLINE).until(() -> getIncident(id).extract().<Integer>path("triageVersion") == 2);
        amqp.sendEvent(EventType.IncidentTriaged, incident, "test", triaged(1, "SEV4"));

        amqp.sendEvent(EventType.RemediationStarted, incident, "test", new Payloads.RemediationStarted(UUID.randomUUID(),
                "rollback-deploy", "rollback", service, "deploy v2.3.1 correlates"));
        // events on one queue are applied in order: once MITIGATING shows, the stale triage was seen
        await().atMost(DEADLINE).until(() -> status(id).equals("MITIGATING"));
        getIncident(id).body("severity", equalTo("SEV1")).body("triageVersion", equalTo(2));

        amqp.sendEvent(EventType.RemediationSucceeded, incident, "test", new Payloads.RemediationSucceeded(UUID.randomUUID(),
                "rollback-deploy", "rollback", service));
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> status(id).equals("MONITORING"));
        // the alert stops firing: verified recovery once it stays resolved for the window
        postAlerts(alert(service, "HighErrorRate", "warning", "resolved")).statusCode(202);

        await().atMost(DEADLINE).until(() -> status(id).equals("RESOLVED"));
        getIncident(id).body("statusReason", equalTo("mitigated, every alert resolved and stable for 3s"))
                .body("mitigatedAt", notNullValue()).body("resolvedAt", notNullValue());

        await().atMost(DEADLINE).until(() -> typesFor(id).contains("IncidentResolved"));
        assertThat(typesFor(id), contains("IncidentOpened", "IncidentStatusChanged", "IncidentSeverityChanged",
                "IncidentSeverityChanged", "IncidentStatusChanged", "IncidentMitigated", "AlertResolved",
                "IncidentResolved"));
        JsonNode severityChanged = awaitEvent(id, "IncidentSeverityChanged");
        assertThat(severityChanged.path("payload").path("from").asText(), equalTo("SEV3"));
        assertThat(severityChanged.path("payload").path("to").asText(), equalTo("SEV2"));
        assertThat(severityChanged.path("payload").path("reasons").get(0).asText(), equalTo("errorRate 12% > 10%"));
        assertThat(severityChanged.path("payload").path("by").asText(), equalTo("triage"));
    }

    @Test
    void failedRemediationHandsTheIncidentBackToPeople() {
        String service = uniqueService("search");
        String id = openIncident(service, "HighLatency", "high");
        UUID incident = UUID.fromString(id);
        amqp.sendEvent(EventType.RemediationStarted, incident, "test", new Payloads.RemediationStarted(UUID.randomUUID(),
                "restart", "restart", service, "pods crash-looping"));
        await().atMost(DEADLINE).until(() -> status(id).equals("MITIGATING"));

        amqp.sendEvent(EventType.RemediationFailed, incident, "test", new Payloads.RemediationFailed(UUID.randomUUID(),
                "restart", "restart", service, "step restart-pods: HTTP 503"));
        await().atMost(DEADLINE).until(() -> status(id).equals("TRIAGED"));
        getIncident(id).body("statusReason", equalTo("remediation failed: step restart-pods: HTTP 503"));
    }

    @Test
    void aDryRunNeitherMitigatesNorMovesTheIncidentToMonitoring() {
        String service = uniqueService("basket");
        String id = openIncident(service, "HighErrorRate", "warning");
        UUID incident = UUID.fromString(id);
        amqp.sendEvent(EventType.IncidentTriaged, incident, "test", triaged(1, "SEV2"));
        await().atMost(DEADLINE).until(() -> status(id).equals("TRIAGED"));

        UUID dryRun = UUID.randomUUID();
        amqp.sendEvent(EventType.RemediationStarted, incident, "test", new Payloads.RemediationStarted(dryRun,
                "rollback-deploy", "rollback", service, "deploy v2.3.1 correlates", true));
        amqp.sendEvent(EventType.RemediationSucceeded, incident, "test", new Payloads.RemediationSucceeded(dryRun,
                "rollback-deploy", "rollback", service, true));
        // one queue, applied in order: once the real start shows, both dry-run events were applied before it
        UUID real = UUID.randomUUID();
        amqp.sendEvent(EventType.RemediationStarted, incident, "test", new Payloads.RemediationStarted(real,
                "restart", "restart", service, "pods crash-looping"));
        await().atMost(DEADLINE).until(() -> status(id).equals("MITIGATING"));
        getIncident(id).body("statusReason", equalTo("remediation started: restart on " + service))
                .body("mitigatedAt", nullValue());

        // a dry run that succeeds while a real remediation runs does not claim the mitigation either
        amqp.sendEvent(EventType.RemediationSucceeded, incident, "test", new Payloads.RemediationSucceeded(
                UUID.randomUUID(), "rollback-deploy", "rollback", service, true));
        amqp.sendEvent(EventType.RemediationFailed, incident, "test", new Payloads.RemediationFailed(real,
                "restart", "restart", service, "step restart-pods: HTTP 503", Payloads.RemediationFailures.STEP_FAILED));
        await().atMost(DEADLINE).until(() -> status(id).equals("TRIAGED"));
        getIncident(id).body("statusReason", equalTo("remediation failed: step restart-pods: HTTP 503"))
                .body("mitigatedAt", nullValue());
        await().atMost(DEADLINE).until(() -> typesFor(id).size() == 5);
        assertThat(typesFor(id), contains("IncidentOpened", "IncidentStatusChanged", "IncidentSeverityChanged",
                "IncidentStatusChanged", "IncidentStatusChanged"));
    }

    @Test
    void monitoringWithAFiringAlertStaysOpenPastTheWindowAndResolvesOnceTheAlertHasResolved() {
        String service = uniqueService("profile");
        String id = openIncident(service, "HighLatency", "high");
        UUID incident = UUID.fromString(id);
        amqp.sendEvent(EventType.RemediationStarted, incident, "test", new Payloads.RemediationStarted(UUID.randomUUID(),
                "scale", "scale_up", service, "saturation"));
        amqp.sendEvent(EventType.RemediationSucceeded, incident, "test", new Payloads.RemediationSucceeded(UUID.randomUUID(),
                "scale", "scale_up", service));
        await().atMost(DEADLINE).until(() -> status(id).equals("MONITORING"));

        // a control incident whose alert resolves after this one was mitigated: once the check has resolved
        // it, the window since the mitigation has passed too, and the firing alert must have kept this open
        String control = uniqueService("profile-control");
        String controlId = openIncident(control, "HighLatency", "high");
        postAlerts(alert(control, "HighLatency", "high", "resolved")).statusCode(202);
        await().atMost(DEADLINE).until(() -> status(controlId).equals("RESOLVED"));
        assertThat(status(id), equalTo("MONITORING"));

        postAlerts(alert(service, "HighLatency", "high", "resolved")).statusCode(202);
        await().atMost(DEADLINE).until(() -> status(id).equals("RESOLVED"));
        getIncident(id).body("statusReason", equalTo("mitigated, every alert resolved and stable for 3s"));
        await().atMost(DEADLINE).until(() -> typesFor(id).contains("IncidentResolved"));
        JsonNode resolved = awaitEvent(id, "IncidentResolved");
        assertThat(resolved.path("payload").path("by").asText(), equalTo("detection"));
        assertThat(resolved.path("payload").path("startedAt").isTextual(), equalTo(true));
    }

    @Test
    void alertsResolvedOnTheirOwnResolveTheIncident() {
        String service = uniqueService("emails");
        String id = openIncident(service, "BounceRate", "warning");
        postAlerts(alert(service, "BounceRate", "warning", "resolved")).statusCode(202);
        assertThat(status(id), equalTo("OPEN"));
        await().atMost(DEADLINE).until(() -> status(id).equals("RESOLVED"));
        getIncident(id).body("statusReason", equalTo("every alert resolved and stayed resolved for 3s"));
    }

    @Test
    void aResolvedIncidentsAlertFiringAgainReopensItAndTriageTakesItUp() {
        String service = uniqueService("cart");
        String id = openIncident(service, "HighErrorRate", "critical");
        postAlerts(alert(service, "HighErrorRate", "critical", "resolved")).statusCode(202);
        await().atMost(DEADLINE).until(() -> status(id).equals("RESOLVED"));

        postAlerts(alert(service, "HighErrorRate", "critical", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("duplicate")).body("alerts[0].incidentId", equalTo(id));
        getIncident(id).body("status", equalTo("REOPENED")).body("resolvedAt", nullValue())
                .body("reopenCount", equalTo(1)).body("reopenedAt", notNullValue())
                .body("firingAlertCount", equalTo(1))
                .body("statusReason", startsWith("HighErrorRate on " + service + " fired again"));
        JsonNode reopened = awaitEvent(id, "IncidentReopened");
        assertThat(reopened.path("payload").path("alert").path("name").asText(), equalTo("HighErrorRate"));
        assertThat(reopened.path("payload").path("reason").asText(), startsWith("HighErrorRate on " + service));

        amqp.sendEvent(EventType.IncidentTriaged, UUID.fromString(id), "test", triaged(1, "SEV1"));
        await().atMost(DEADLINE).until(() -> status(id).equals("TRIAGED"));
        // still firing: the window passes without a resolution (a repeat is a plain duplicate now)
        postAlerts(alert(service, "HighErrorRate", "critical", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("duplicate"));
        assertThat(status(id), equalTo("TRIAGED"));
    }

    @Test
    void resolvingAStormSizedIncidentByHandClosesEveryAlert() {
        String service = uniqueService("flood");
        String id = Bursts.burst(commsQueue, service, "InstanceDown", 400);
        await().atMost(DEADLINE).until(() -> getIncident(id).extract().path("alertCount"), equalTo(400));

        // 400 alerts resolve, one event each, in one transaction
        given().auth().oauth2(Api.RESPONDER).contentType("application/json").body("{\"by\":\"alice\"}")
                .when().post("/api/v1/incidents/" + id + "/resolve").then().statusCode(200);
        getIncident(id).body("status", equalTo("RESOLVED")).body("firingAlertCount", equalTo(0));
        // 401 events go out in relay runs of 200: wait for the last, then check that it came after all the others
        await().atMost(DEADLINE).until(() -> typesFor(id).contains("IncidentResolved"));
        List<String> types = typesFor(id);
        assertThat(types.stream().filter("AlertResolved"::equals).count(), equalTo(400L));
        assertThat(types.get(types.size() - 1), equalTo("IncidentResolved"));
    }

    @Test
    void resolvingByHandClosesTheFiringAlertsSoThatTheNextFiringReopens() {
        String service = uniqueService("ledger");
        String id = openIncident(service, "QueueBacklog", "high");
        given().auth().oauth2(Api.RESPONDER).contentType("application/json").body("{\"by\":\"alice\",\"note\":\"known noise\"}")
                .when().post("/api/v1/incidents/" + id + "/resolve").then().statusCode(200);
        getIncident(id).body("status", equalTo("RESOLVED")).body("firingAlertCount", equalTo(0));
        given().auth().oauth2(Api.VIEWER).when().get("/api/v1/incidents/" + id + "/alerts").then()
                .statusCode(200).body("status", contains("resolved")).body("endsAt[0]", notNullValue());
        await().atMost(DEADLINE).until(() -> typesFor(id).contains("IncidentResolved"));
        assertThat(typesFor(id), contains("IncidentOpened", "AlertResolved", "IncidentResolved"));

        // Alertmanager re-sends the alert: the incident reopens instead of swallowing it
        postAlerts(alert(service, "QueueBacklog", "high", "firing")).statusCode(202)
                .body("alerts[0].incidentId", equalTo(id));
        assertThat(status(id), equalTo("REOPENED"));
        await().atMost(DEADLINE).until(() -> typesFor(id).contains("IncidentReopened"));
    }

    @Test
    void afterTheReopenWindowTheAlertOpensANewIncident() {
        String service = uniqueService("billing");
        String id = openIncident(service, "HighErrorRate", "warning");
        given().auth().oauth2(Api.RESPONDER).contentType("application/json").body("{\"by\":\"bob\"}")
                .when().post("/api/v1/incidents/" + id + "/resolve").then().statusCode(200);
        // the resolution happened 31 minutes ago, past the 30-minute default reopen window
        pool.preparedQuery("UPDATE incident SET resolved_at = resolved_at - interval '31 minutes' WHERE id = $1")
                .executeAndAwait(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(id)));

        String fingerprint = postAlerts(alert(service, "HighErrorRate", "warning", "firing")).statusCode(202)
                .body("alerts[0].outcome", equalTo("new")).extract().path("alerts[0].fingerprint");
        String next = Api.incidentOf(fingerprint);
        assertThat(next, not(equalTo(id)));
        assertThat(status(id), equalTo("RESOLVED"));
        assertThat(status(next), equalTo("OPEN"));
    }

    @Test
    void eventForAnUnknownIncidentDoesNotBlockTheQueue() {
        amqp.sendEvent(EventType.RemediationStarted, UUID.randomUUID(), "test", new Payloads.RemediationStarted(
                UUID.randomUUID(), "r", "restart", "nowhere", "x"));
        String service = uniqueService("after-unknown");
        String id = openIncident(service, "A", "info");
        amqp.sendEvent(EventType.RemediationStarted, UUID.fromString(id), "test", new Payloads.RemediationStarted(
                UUID.randomUUID(), "r", "restart", service, "x"));
        await().atMost(DEADLINE).until(() -> status(id).equals("MITIGATING"));
    }

    private static Payloads.IncidentTriaged triaged(int version, String severity) {
        return new Payloads.IncidentTriaged(version, severity, List.of("errorRate 12% > 10%"),
                new Payloads.RootCause("payments-db", "database", 0.91, List.of("replication lag 45s")),
                List.of(new Payloads.Candidate("payments-db", "database", 0.91)), List.of("payments-db", "checkout"),
                List.of(new Payloads.RecommendedAction("database_failover", "payments-db", 0.88, false, "lag")),
                false);
    }

    @Test
    void aBurstOfAlertsOnOneServiceIsToldInOneAlertAttached() {
        String service = uniqueService("burst");
        String id = Bursts.burst(commsQueue, service, "PodCrashLooping", 20);

        // one grouping run grouped the request's 20 new alerts (stored at one time, so in no set order): one
        // opened the incident, the other 19 are told in one event, with the incident's count after them
        JsonNode attached = awaitEvent(id, "AlertAttached");
        assertThat(attached.path("schemaVersion").asInt(), equalTo(2));
        assertThat(attached.path("payload").path("alertCount").asInt(), equalTo(20));
        java.util.Set<String> told = new java.util.TreeSet<>();
        told.add(awaitEvent(id, "IncidentOpened").path("payload").path("alert").path("name").asText());
        attached.path("payload").path("alerts").forEach(a -> told.add(a.path("name").asText()));
        assertThat(attached.path("payload").path("alerts").size(), equalTo(19));
        assertThat(told, equalTo(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "PodCrashLooping" + i)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new))));
        assertThat(typesFor(id), contains("IncidentOpened", "AlertAttached"));
        getIncident(id).statusCode(200).body("alertCount", equalTo(20));
    }

    /** Types of detection's events for one incident, in publication order. */
    private static List<String> typesFor(String incidentId) {
        return commsQueue.all().stream().map(io.vertx.core.json.JsonObject::encode).map(LifecycleFlowTest::parse)
                .filter(e -> e.path("incidentId").asText().equals(incidentId))
                .filter(e -> e.path("producer").asText().equals("detection"))
                .map(e -> e.path("type").asText())
                .toList();
    }

    private static JsonNode awaitEvent(String incidentId, String type) {
        return await().atMost(DEADLINE).until(() -> commsQueue.all().stream().map(io.vertx.core.json.JsonObject::encode).map(LifecycleFlowTest::parse)
                        .filter(e -> e.path("incidentId").asText().equals(incidentId)
                                && e.path("type").asText().equals(type))
                        .findFirst().orElse(null),
                notNullValue());
    }

    private static JsonNode parse(String body) {
        try {
            return TestBroker.JSON.readTree(body);
        } catch (Exception e) {
            return TestBroker.JSON.createObjectNode();
        }
    }
}
