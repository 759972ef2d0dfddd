package io.irsuite.comms.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.WebhookReceiver;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.localstack.LocalStackTestResource;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The comms part of the suite's thin path, over the real broker and database: events from the
 * other services become a timeline and webhook notifications.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "comms"))
class NotificationFlowTest {

    static final String ADMIN = "test-admin-token";
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final List<String> channels = new ArrayList<>();
    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void cleanUp() {
        // Channels are global: remove ours so other tests' incidents do not notify them.
        channels.forEach(name -> given().auth().oauth2(ADMIN).delete("/api/v1/channels/" + name));
        receivers.forEach(WebhookReceiver::close);
        broker.close();
    }

    @Test
    void eventsOfOneIncidentBecomeItsTimelineAndWebhookNotifications() throws Exception {
        WebhookReceiver hook = receiver();
        channel("flow-" + shortId(), Map.of("type", "webhook", "url", hook.url()));
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

        Payload.remediatedIncident(incident, t0).forEach(e -> broker.publish(Addresses.INCIDENT_EVENTS, e));

        await().atMost(DEADLINE).until(() -> timeline(incident).size() == 7);
        List<Map<String, Object>> timeline = timeline(incident);
        assertThat(field(timeline, "type"), contains("IncidentOpened", "IncidentTriaged",
                "RemediationStarted", "RemediationStepCompleted", "RemediationSucceeded", "IncidentMitigated",
                "IncidentResolved"));
        assertThat(field(timeline, "summary"), contains(
                "Incident opened: HighErrorRate on checkout (SEV2)",
                "Triaged (v1): root cause payments-db (database, confidence 0.91); severity SEV2 because "
                        + "errorRate 12% > 10%; recommended rollback of checkout (auto)",
                "Remediation started: rollback of checkout with runbook rollback-deploy",
                "Step 'roll back' succeeded after 1 attempt: HTTP 200",
                "Remediation succeeded: rollback of checkout with runbook rollback-deploy",
                "Mitigated by remediation",
                "Resolved: all alerts resolved"));
        assertEquals("detection", timeline.get(0).get("producer"));
        assertEquals(t0.plusSeconds(5).toString(), timeline.get(0).get("at"));

        // initial and resolution: the changes in between were still inside the coalescing window when the
        // resolution came, and it says everything they would have
        await().atMost(DEADLINE).until(() -> hook.forIncident(incident.toString()).size() == 2);
        Map<String, JsonNode> byEvent = new HashMap<>();
        hook.forIncident(incident.toString()).forEach(r -> byEvent.put(r.json().get("eventType").asText(), r.json()));
        assertEquals(java.util.Set.of("IncidentOpened", "IncidentResolved"), byEvent.keySet());
        JsonNode initial = byEvent.get("IncidentOpened");
        assertEquals("initial", initial.get("kind").asText());
        assertEquals("investigating", initial.get("status").asText());
        assertEquals("SEV2", initial.get("severity").asText());
        assertEquals(incident.toString(), initial.get("incidentId").asText());
        assertEquals("HighErrorRate on checkout", initial.get("title").asText());
        assertEquals("checkout", initial.get("services").get(0).asText());
        assertEquals(t0.plusSeconds(5).toString(), initial.get("at").asText());
        String nextUpdate = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC)
                .format(t0.plusSeconds(5).plus(Duration.ofMinutes(30)));
        assertThat(initial.get("text").asText(), allOf(containsString("Investigating: HighErrorRate on checkout"),
                containsString("error rate 12%"), containsString("Severity: SEV2"),
                containsString("Status: investigating"), containsString("Next update by " + nextUpdate + " UTC")));
        JsonNode resolution = byEvent.get("IncidentResolved");
        assertEquals("resolution", resolution.get("kind").asText());
        assertEquals("resolved", resolution.get("status").asText());
        assertThat(resolution.get("text").asText(), allOf(containsString("Duration: 5m 0s"),
                containsString("Root cause: payments-db (database, confidence 0.91)"),
                containsString("all alerts resolved")));
        for (WebhookReceiver.Received r : hook.forIncident(incident.toString())) {
            assertEquals("POST", r.method());
            assertThat(r.contentType(), startsWith("application/json"));
        }
        await().atMost(DEADLINE).until(() -> field(deliveries(incident), "status"), contains("SENT", "SENT"));
        // no update of that burst comes later either (waited past the window and a sweep)
        await().pollDelay(Duration.ofSeconds(4)).atMost(DEADLINE).until(() -> true);
        assertEquals(2, hook.forIncident(incident.toString()).size());
    }

    @Test
    void aFailingWebhookIsRetriedWithBackoffAndDelivered() throws Exception {
        WebhookReceiver flaky = receiver(500, 500);
        String name = "flaky-" + shortId();
        channel(name, Map.of("type", "webhook", "url", flaky.url()));
        UUID incident = UUID.randomUUID();
        send(EventType.IncidentOpened, incident, Instant.now(), "detection",
                Payload.opened("Latency on search", "SEV3", "search", Instant.now(), Instant.now()));

        await().atMost(DEADLINE).until(() -> field(deliveries(incident), "status"), contains("SENT"));
        Map<String, Object> delivery = deliveries(incident).get(0);
        assertEquals(name, delivery.get("channel"));
        assertEquals(3, delivery.get("attempts"));
        assertNull(delivery.get("lastError"));
        assertEquals(List.of(500, 500, 200), flaky.forIncident(incident.toString()).stream()
                .map(WebhookReceiver.Received::answeredWith).toList());
    }

    @Test
    void channelsOnlyHearAboutIncidentsAsSevereAsTheirMinimum() throws Exception {
        WebhookReceiver everything = receiver();
        WebhookReceiver sev1Only = receiver();
        String all = "all-" + shortId();
        String critical = "critical-" + shortId();
        channel(all, Map.of("type", "webhook", "url", everything.url()));
        channel(critical, Map.of("type", "webhook", "url", sev1Only.url(), "minSeverity", "SEV1"));
        UUID minor = UUID.randomUUID();
        UUID major = UUID.randomUUID();
        send(EventType.IncidentOpened, minor, Instant.now(), "detection",
                Payload.opened("Slow queries on reports", "SEV3", "reports", Instant.now(), Instant.now()));
        send(EventType.IncidentOpened, major, Instant.now(), "detection",
                Payload.opened("Payments down", "SEV1", "payments", Instant.now(), Instant.now()));

        await().atMost(DEADLINE).until(() -> everything.forIncident(minor.toString()).size() == 1
                && everything.forIncident(major.toString()).size() == 1
                && sev1Only.forIncident(major.toString()).size() == 1);
        assertEquals(List.of(), sev1Only.forIncident(minor.toString()));
        assertThat(field(deliveries(minor), "channel"), contains(all));
        assertThat(field(deliveries(major), "channel"), containsInAnyOrder(all, critical));
    }

    @Test
    void aDuplicateDeliveryOfAnEventMakesOneTimelineRow() {
        UUID incident = UUID.randomUUID();
        EventEnvelope opened = Payload.envelope(EventType.IncidentOpened, incident, Instant.now(), "detection",
                Payload.opened("Errors on cart", "SEV3", "cart", Instant.now(), Instant.now()));
        broker.publish(Addresses.INCIDENT_EVENTS, opened);
        broker.publish(Addresses.INCIDENT_EVENTS, opened);
        // Events of one queue are applied in order: once the marker is in, both copies were handled.
        send(EventType.IncidentAcknowledged, incident, Instant.now().plusSeconds(1), "detection",
                new Payloads.IncidentAcknowledged("alice", "looking", Instant.now()));

        await().atMost(DEADLINE).until(() -> field(timeline(incident), "type"), hasItem("IncidentAcknowledged"));
        List<Map<String, Object>> timeline = timeline(incident);
        assertThat(field(timeline, "type"), contains("IncidentOpened", "IncidentAcknowledged"));
        assertEquals("Acknowledged by alice: looking", timeline.get(1).get("summary"));
    }

    @Test
    void aPageIsDeliveredAndCommsOwnPageSentEventComesBackThroughTheBroker() throws Exception {
        WebhookReceiver hook = receiver();
        String name = "pager-" + shortId();
        channel(name, Map.of("type", "webhook", "url", hook.url()));
        UUID incident = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        send(EventType.IncidentOpened, incident, Instant.now(), "detection",
                Payload.opened("DB failover needed", "SEV1", "orders-db", Instant.now(), Instant.now()));
        send(EventType.RemediationApprovalRequested, incident, Instant.now(), "remediation",
                new Payloads.RemediationApprovalRequested(execution, "db-failover", "database_failover", "orders-db",
                        "data-modifying action needs approval"));

        await().atMost(DEADLINE).until(() -> hook.forIncident(incident.toString()).stream()
                .anyMatch(r -> r.json().get("kind").asText().equals("page")));
        JsonNode page = hook.forIncident(incident.toString()).stream()
                .filter(r -> r.json().get("kind").asText().equals("page")).findFirst().orElseThrow().json();
        assertThat(page.get("text").asText(), allOf(containsString("Decision needed"),
                containsString("database_failover of orders-db with runbook db-failover awaits approval"),
                containsString(execution.toString())));
        // PageSent goes out through the outbox and the broker and returns on comms' own queue.
        await().atMost(DEADLINE).until(() -> timeline(incident).stream()
                .anyMatch(e -> "PageSent".equals(e.get("type"))));
        Map<String, Object> pageSent = timeline(incident).stream()
                .filter(e -> "PageSent".equals(e.get("type"))).findFirst().orElseThrow();
        assertEquals("comms", pageSent.get("producer"));
        assertEquals("Paged " + name + " via webhook: a remediation awaits approval", pageSent.get("summary"));
    }

    @Test
    void automationThatOutranItsTargetAndThenGaveUpPagesAPersonAndACancelIsOnlyAnUpdate() throws Exception {
        WebhookReceiver hook = receiver();
        String name = "gave-up-" + shortId();
        channel(name, Map.of("type", "webhook", "url", hook.url()));
        UUID incident = UUID.randomUUID();
        UUID cancelledIncident = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        Instant t0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        send(EventType.IncidentOpened, incident, t0.plusSeconds(5), "detection",
                Payload.opened("HighErrorRate on checkout", "SEV2", "checkout", t0, t0.plusSeconds(5)));
        send(EventType.RemediationStarted, incident, t0.plusSeconds(7), "remediation",
                new Payloads.RemediationStarted(execution, "rollback-deploy", "rollback", "checkout", "deploy correlates"));
        send(EventType.RemediationOverdue, incident, t0.plusSeconds(960), "remediation",
                new Payloads.RemediationOverdue(execution, "rollback-deploy", "rollback", "checkout", "SEV2", 900, 960));
        send(EventType.RemediationRolledBack, incident, t0.plusSeconds(1000), "remediation",
                new Payloads.RemediationRolledBack(execution, "rollback-deploy", "rollback", "checkout",
                        "alerts still firing 300 s after the steps", Payloads.RemediationFailures.NOT_RECOVERED));
        send(EventType.IncidentOpened, cancelledIncident, t0.plusSeconds(5), "detection",
                Payload.opened("Latency on search", "SEV2", "search", t0, t0.plusSeconds(5)));
        send(EventType.RemediationRolledBack, cancelledIncident, t0.plusSeconds(60), "remediation",
                new Payloads.RemediationRolledBack(UUID.randomUUID(), "restart", "restart", "search",
                        "a responder took over", Payloads.RemediationFailures.CANCELLED));

        // initial, two pages at once, and one coalesced update (remediation started, then rolled back)
        await().atMost(DEADLINE).until(() -> hook.forIncident(incident.toString()).size() == 4
                && hook.forIncident(cancelledIncident.toString()).size() == 2);
        Map<String, JsonNode> byEvent = new HashMap<>();
        hook.forIncident(incident.toString()).forEach(r -> byEvent.put(r.json().get("eventType").asText(), r.json()));
        assertEquals("initial", byEvent.get("IncidentOpened").get("kind").asText());
        JsonNode overdue = byEvent.get("RemediationOverdue");
        assertEquals("page", overdue.get("kind").asText());
        assertThat(overdue.get("text").asText(), allOf(startsWith("[SEV2] MTTR target exceeded on HighErrorRate on checkout"),
                containsString("automation still running 16 min after the incident started, beyond the SEV2 MTTR "
                        + "target of 15 min"), containsString("A person must step in")));
        JsonNode gaveUp = byEvent.get("RemediationRolledBack");
        assertEquals("page", gaveUp.get("kind").asText());
        assertThat(gaveUp.get("text").asText(), allOf(startsWith("[SEV2] Automation gave up on HighErrorRate on checkout"),
                containsString("rollback of checkout with runbook rollback-deploy rolled back: the service did not recover "
                        + "in time — alerts still firing 300 s after the steps"),
                containsString("A person must take over remediation"), containsString(execution.toString())));
        assertThat(hook.forIncident(cancelledIncident.toString()).stream().map(r -> r.json().get("kind").asText()).toList(),
                containsInAnyOrder("initial", "update"));

        // each delivered page comes back through the outbox and the broker as PageSent, saying why
        await().atMost(DEADLINE).until(() -> field(timeline(incident), "type").stream()
                .filter("PageSent"::equals).count() == 2);
        List<String> summaries = field(timeline(incident), "summary");
        assertThat(summaries, hasItem("Remediation rolled back: rollback of checkout with runbook rollback-deploy: the "
                + "service did not recover in time — alerts still firing 300 s after the steps"));
        assertThat(summaries, hasItem("Remediation overdue: rollback of checkout with runbook rollback-deploy: automation "
                + "still running 16 min after the incident started, beyond the SEV2 MTTR target of 15 min"));
        assertThat(summaries, hasItem("Paged " + name + " via webhook: MTTR target exceeded with automation still running"));
        assertThat(summaries, hasItem("Paged " + name + " via webhook: automated remediation gave up: a person must take over"));
        assertThat(field(timeline(cancelledIncident), "type"), not(hasItem("PageSent")));
    }

    @Test
    void anUnknownEventTypeIsRecordedInTheTimelineWithoutEffect() {
        UUID incident = UUID.randomUUID();
        broker.publish(Addresses.INCIDENT_EVENTS, new EventEnvelope(UUID.randomUUID(), "ChaosExperimentStarted",
                incident, Instant.now(), "chaos", 1, TestBroker.JSON.createObjectNode().put("experiment", "kill-pod")));

        await().atMost(DEADLINE).until(() -> field(timeline(incident), "summary"),
                contains("ChaosExperimentStarted from chaos"));
        assertEquals(List.of(), deliveries(incident));
    }

    @Test
    void aPoisonMessageIsRetriedThenDeadLetteredAndCounted() {
        long before = LocalStackTestResource.shared().messageCount("DLQ");
        broker.send(Addresses.INCIDENT_EVENTS, "this is not an envelope");

        // The broker redelivers with backoff (0.5 s, 1 s, 2 s, 4 s) and then dead-letters it.
        await().atMost(Duration.ofSeconds(45)).until(() -> LocalStackTestResource.shared().messageCount("DLQ") > before);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("ir_messages_failed_total{channel=\"incident-events\"}"));
    }

    @Test
    void theTimelineOfAnUnknownIncidentIsANotFoundProblem() {
        given().auth().oauth2(ADMIN).get("/api/v1/incidents/" + UUID.randomUUID() + "/timeline")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private WebhookReceiver receiver(int... firstStatuses) throws java.io.IOException {
        WebhookReceiver r = WebhookReceiver.start(firstStatuses);
        receivers.add(r);
        return r;
    }

    private void channel(String name, Map<String, String> body) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/v1/channels/" + name).then().statusCode(201);
        channels.add(name);
    }

    private void send(EventType type, UUID incident, Instant at, String producer, Record payload) {
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(type, incident, at, producer, payload));
    }

    static List<Map<String, Object>> timeline(UUID incident) {
        Response r = given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + incident + "/timeline");
        return r.statusCode() == 200 ? r.jsonPath().getList("$") : List.of();
    }

    static List<Map<String, Object>> deliveries(UUID incident) {
        Response r = given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + incident + "/notifications");
        return r.statusCode() == 200 ? r.jsonPath().getList("$") : List.of();
    }

    static List<String> field(List<Map<String, Object>> rows, String name) {
        return rows.stream().map(r -> String.valueOf(r.get(name))).toList();
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
