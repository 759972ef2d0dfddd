package io.irsuite.detection.rest;

import com.github.dikhan.pagerduty.client.events.PagerDutyEventsClient;
import com.github.dikhan.pagerduty.client.events.domain.AcknowledgeIncident;
import com.github.dikhan.pagerduty.client.events.domain.EventResult;
import com.github.dikhan.pagerduty.client.events.domain.LinkContext;
import com.github.dikhan.pagerduty.client.events.domain.Payload;
import com.github.dikhan.pagerduty.client.events.domain.ResolveIncident;
import com.github.dikhan.pagerduty.client.events.domain.Severity;
import com.github.dikhan.pagerduty.client.events.domain.TriggerIncident;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static io.irsuite.detection.Api.ADMIN;
import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.RESPONDER;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.incidentOf;
import static io.irsuite.detection.Api.status;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code POST /v2/enqueue} driven by a PagerDuty Events API v2 client from Maven Central
 * ({@code com.github.dikhan:pagerduty-client}) pointed at this service, and by PagerDuty's own
 * published example bodies; every error in PagerDuty's 400 shape.
 */
@QuarkusTest
class PagerDutyResourceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TestHTTPResource("/v2/enqueue")
    URL enqueue;

    private PagerDutyEventsClient client;

    @BeforeEach
    void client() {
        client = PagerDutyEventsClient.create(enqueue.toString());
    }

    private static Payload payload(String service, String eventClass, Severity severity) {
        return Payload.Builder.newBuilder()
                .setSummary("checkout p99 above 2s on " + service)
                .setSource("web-3.example.com")
                .setSeverity(severity)
                .setComponent(service)
                .setGroup("web")
                .setEventClass(eventClass)
                .setTimestamp(OffsetDateTime.now().minusMinutes(2))
                .setCustomDetails(new JSONObject().put("p99", "2300ms"))
                .build();
    }

    @Test
    void theClientTriggersAcknowledgesAndResolvesLikeOnPagerDuty() throws Exception {
        String service = uniqueService("pd-client");
        String dedupKey = "pd-" + UUID.randomUUID();
        EventResult triggered = client.trigger(TriggerIncident.TriggerIncidentBuilder
                .newBuilder(INGEST, payload(service, "HighLatency", Severity.ERROR))
                .setDedupKey(dedupKey)
                .setClient("Sample Monitoring Service")
                .setClientUrl("https://monitoring.example.com")
                .setLinks(List.of(new LinkContext("https://grafana.example.com/d/checkout", "dashboard")))
                .build());
        assertEquals("success", triggered.getStatus(), triggered.toString());
        assertEquals("Event processed", triggered.getMessage());
        assertEquals(dedupKey, triggered.getDedupKey());

        String incidentId = incidentOf(dedupKey);
        getIncident(incidentId).statusCode(200)
                .body("title", equalTo("HighLatency on " + service))
                .body("severity", equalTo("SEV2"))
                .body("services", equalTo(List.of(service)))
                .body("acknowledgedAt", nullValue());
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + dedupKey).then().statusCode(200)
                .body("source", equalTo("pagerduty"))
                .body("summary", equalTo("checkout p99 above 2s on " + service))
                .body("description", equalTo("{\"p99\":\"2300ms\"}"))
                .body("dashboardUrl", equalTo("https://grafana.example.com/d/checkout"))
                .body("labels.pagerduty_source", equalTo("web-3.example.com"))
                .body("labels.group", equalTo("web"))
                .body("labels.class", equalTo("HighLatency"));

        EventResult acknowledged = client.acknowledge(AcknowledgeIncident.AcknowledgeIncidentBuilder
                .newBuilder(INGEST, dedupKey).build());
        assertEquals("success", acknowledged.getStatus(), acknowledged.toString());
        assertEquals(dedupKey, acknowledged.getDedupKey());
        getIncident(incidentId).statusCode(200).body("acknowledgedAt", notNullValue()).body("status", equalTo("OPEN"));

        EventResult resolved = client.resolve(ResolveIncident.ResolveIncidentBuilder.newBuilder(INGEST, dedupKey).build());
        assertEquals("success", resolved.getStatus(), resolved.toString());
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + dedupKey).then().statusCode(200)
                .body("status", equalTo("resolved"));
        // every alert resolved for the stabilisation window (3 s in tests): the incident resolves
        await().atMost(DEADLINE).until(() -> "RESOLVED".equals(status(incidentId)));
    }

    @Test
    void aTriggerWithoutDedupKeyGetsOneAndARepeatIsADuplicate() throws Exception {
        String service = uniqueService("pd-nokey");
        EventResult first = client.trigger(TriggerIncident.TriggerIncidentBuilder
                .newBuilder(ADMIN, payload(service, null, Severity.CRITICAL)).build());
        assertEquals("success", first.getStatus(), first.toString());
        assertThat(first.getDedupKey(), matchesPattern("[0-9a-f]{32}"));
        String incidentId = incidentOf(first.getDedupKey());
        getIncident(incidentId).body("title", equalTo("PagerDutyEvent on " + service)).body("severity", equalTo("SEV1"));

        // another trigger of the same key is the same alert seen again, as on PagerDuty
        EventResult again = client.trigger(TriggerIncident.TriggerIncidentBuilder
                .newBuilder(INGEST, payload(service, null, Severity.CRITICAL)).setDedupKey(first.getDedupKey()).build());
        assertEquals(first.getDedupKey(), again.getDedupKey());
        // repeats are added to the row within a second (counted in memory first)
        await().atMost(DEADLINE).untilAsserted(() -> given().auth().oauth2(VIEWER)
                .when().get("/api/v1/alerts/" + first.getDedupKey()).then().statusCode(200)
                .body("receiveCount", equalTo(2)));
        getIncident(incidentId).body("alertCount", equalTo(1));
    }

    @Test
    void pagerDutysPublishedExamplesAreAccepted() {
        // "Send an Alert Event", Events API v2: the trigger example as published, with our routing key
        String dedupKey = "samplekeyhere-" + UUID.randomUUID();
        String trigger = io.irsuite.detection.Api.pagerDutyTriggerExample()
                .replace("\"routing_key\": \"samplekeyhere\"", "\"routing_key\": \"" + INGEST + "\"")
                .replace("\"dedup_key\": \"samplekeyhere\"", "\"dedup_key\": \"" + dedupKey + "\"");
        post(trigger).statusCode(202).contentType("application/json")
                .body("status", equalTo("success")).body("message", equalTo("Event processed"))
                .body("dedup_key", equalTo(dedupKey));
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + dedupKey).then().statusCode(200)
                .body("service", equalTo("postgres"))
                .body("name", equalTo("deploy"))
                .body("severity", equalTo("SEV4"))
                .body("startsAt", equalTo("2015-07-17T08:42:58.315Z"))
                .body("dashboardUrl", equalTo("https://example.com/"))
                .body("labels.group", equalTo("prod-datapipe"));

        // the acknowledge and resolve examples as published name a key nobody triggered: accepted, nothing changes
        for (String action : new String[]{"acknowledge", "resolve"}) {
            post("""
                    {
                      "routing_key": "%s",
                      "dedup_key": "dedupkeyhere",
                      "event_action": "%s"
                    }""".formatted(INGEST, action)).statusCode(202).body("dedup_key", equalTo("dedupkeyhere"));
        }
        post("""
                {"routing_key": "%s", "dedup_key": "%s", "event_action": "resolve"}""".formatted(INGEST, dedupKey))
                .statusCode(202);
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + dedupKey).then().statusCode(200)
                .body("status", equalTo("resolved"));
    }

    @Test
    void acknowledgingAResolvedIncidentIsStillAccepted() {
        String service = uniqueService("pd-ack-resolved");
        String dedupKey = "pd-" + UUID.randomUUID();
        post(triggerBody(INGEST, dedupKey, service, "critical")).statusCode(202);
        String incidentId = incidentOf(dedupKey);
        given().auth().oauth2(RESPONDER).contentType("application/json").body("{\"by\":\"alice\"}")
                .when().post("/api/v1/incidents/" + incidentId + "/resolve").then().statusCode(200);
        post("{\"routing_key\":\"%s\",\"dedup_key\":\"%s\",\"event_action\":\"acknowledge\"}".formatted(INGEST, dedupKey))
                .statusCode(202).body("status", equalTo("success"));
        getIncident(incidentId).body("status", equalTo("RESOLVED")).body("acknowledgedAt", nullValue());
    }

    @Test
    void concurrentEventsOfOneKeyHaveOneEffect() throws Exception {
        String service = uniqueService("pd-race");
        String dedupKey = "pd-" + UUID.randomUUID();
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<String>> triggers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                triggers.add(CompletableFuture.supplyAsync(() -> post(triggerBody(INGEST, dedupKey, service, "critical"))
                        .statusCode(202).extract().<String>path("dedup_key"), pool));
            }
            for (CompletableFuture<String> f : triggers) {
                assertEquals(dedupKey, f.get(60, TimeUnit.SECONDS));
            }
            String incidentId = incidentOf(dedupKey);
            given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                    .then().statusCode(200).body("", hasSize(1)).body("[0].alertCount", equalTo(1));
            await().atMost(DEADLINE).untilAsserted(() -> given().auth().oauth2(VIEWER)
                    .when().get("/api/v1/alerts/" + dedupKey).then().statusCode(200)
                    .body("receiveCount", equalTo(clients)));

            List<CompletableFuture<Integer>> acks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                acks.add(CompletableFuture.supplyAsync(() -> post("{\"routing_key\":\"%s\",\"dedup_key\":\"%s\",\"event_action\":\"acknowledge\"}"
                        .formatted(INGEST, dedupKey)).extract().statusCode(), pool));
            }
            for (CompletableFuture<Integer> f : acks) {
                assertEquals(202, f.get(60, TimeUnit.SECONDS));
            }
            String acknowledgedAt = getIncident(incidentId).statusCode(200).extract().path("acknowledgedAt");
            assertThat(acknowledgedAt, notNullValue());
            // set once: a later acknowledge keeps the first time
            post("{\"routing_key\":\"%s\",\"dedup_key\":\"%s\",\"event_action\":\"acknowledge\"}"
                    .formatted(INGEST, dedupKey)).statusCode(202);
            getIncident(incidentId).body("acknowledgedAt", equalTo(acknowledgedAt));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anyContentTypeIsReadAsJsonAndNoBearerHeaderIsNeeded() {
        String dedupKey = "pd-" + UUID.randomUUID();
        given().contentType("text/plain").header("Authorization", "Bearer not-a-token")
                .body(triggerBody(INGEST, dedupKey, uniqueService("pd-text"), "warning"))
                .when().post("/v2/enqueue").then().statusCode(202).body("dedup_key", equalTo(dedupKey));
        given().body(triggerBody(INGEST, "pd-" + UUID.randomUUID(), uniqueService("pd-none"), "warning"))
                .when().post("/v2/enqueue").then().statusCode(202);
    }

    @Test
    void anUnknownRoutingKeyIsPagerDutysInvalidEventAndStoresNothing() {
        String dedupKey = "pd-" + UUID.randomUUID();
        invalid(post(triggerBody("no-such-key", dedupKey, uniqueService("pd-unknown"), "critical")),
                "Invalid routing key");
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + dedupKey).then().statusCode(404);
        invalid(post(triggerBody(VIEWER, dedupKey, uniqueService("pd-viewer"), "critical")),
                "routing_key is a token without the ingest role");
        invalid(post(triggerBody(RESPONDER, dedupKey, uniqueService("pd-responder"), "critical")),
                "routing_key is a token without the ingest role");
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + dedupKey).then().statusCode(404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"event_action\":\"trigger\"}|routing_key is required",
            "{\"routing_key\":42,\"event_action\":\"trigger\"}|routing_key must be a string",
            "{\"routing_key\":\"ingest-token\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"fatal\"}}|payload.severity must be one of critical, error, warning, info",
            "{\"routing_key\":\"ingest-token\",\"event_action\":\"trigger\",\"payload\":{\"source\":\"h\",\"severity\":\"info\"}}|payload.summary is required",
            "{\"routing_key\":\"ingest-token\",\"event_action\":\"resolve\"}|dedup_key is required for acknowledge and resolve",
            "{\"routing_key\":\"ingest-token\",\"event_action\":\"snooze\",\"dedup_key\":\"k\"}|event_action must be one of trigger, acknowledge, resolve",
            "{\"routing_key\":\"ingest-token\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\\u0000\",\"source\":\"h\",\"severity\":\"info\"}}|payload.summary must not contain the NUL character (\\u0000)",
            "{\"routing_key\":\"ingest-token\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\"}} {}|body has content after the JSON value",
            "{\"routing_key\":\"ingest-token\",|body is not valid JSON",
            "[]|body must be an event object",
    })
    void invalidEventsArePagerDutysInvalidEventNamingTheField(String body, String error) {
        post(body).statusCode(400).contentType("application/json")
                .body("status", equalTo("invalid event"))
                .body("message", equalTo("Event object is invalid"))
                .body("errors[0]", startsWith(error));
    }

    @Test
    void emptyAndOversizedBodiesArePagerDutysInvalidEvent() {
        invalid(given().contentType("application/json").when().post("/v2/enqueue").then(),
                "body is empty: an event object is required");
        String service = uniqueService("pd-large");
        String dedupKey = "pd-" + UUID.randomUUID();
        String large = """
                {"routing_key":"%s","event_action":"trigger","dedup_key":"%s",
                 "payload":{"summary":"s","source":"%s","severity":"info","custom_details":{"blob":"%s"}}}"""
                .formatted(INGEST, dedupKey, service, "x".repeat(520 * 1024));
        invalid(post(large), "body is larger than PagerDuty's limit of 512 KB");
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + dedupKey).then().statusCode(404);
        // just under the limit is accepted
        String fits = """
                {"routing_key":"%s","event_action":"trigger","dedup_key":"%s",
                 "payload":{"summary":"s","source":"%s","severity":"info","custom_details":{"blob":"%s"}}}"""
                .formatted(INGEST, dedupKey, service, "x".repeat(500 * 1024));
        post(fits).statusCode(202);
    }

    @Test
    void eventsAreCountedAsThePagerDutySource() {
        post(triggerBody(INGEST, "pd-" + UUID.randomUUID(), uniqueService("pd-metrics"), "info")).statusCode(202);
        post("{}").statusCode(400);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, matchesRegex("(?s).*ir_alerts_received_total\\{[^}]*source=\"pagerduty\"[^}]*} [1-9].*"));
        assertThat(metrics, matchesRegex("(?s).*ir_alerts_rejected_total\\{[^}]*source=\"pagerduty\"[^}]*} [1-9].*"));
        assertThat(metrics, containsString("ir_alerts_received_total"));
    }

    private static String triggerBody(String routingKey, String dedupKey, String service, String severity) {
        return """
                {"routing_key":"%s","event_action":"trigger","dedup_key":"%s",
                 "payload":{"summary":"errors on %s","source":"host-1","component":"%s","severity":"%s"}}"""
                .formatted(routingKey, dedupKey, service, service, severity);
    }

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).when().post("/v2/enqueue").then();
    }

    private static void invalid(ValidatableResponse response, String error) {
        response.statusCode(400).contentType("application/json")
                .body("status", equalTo("invalid event"))
                .body("message", equalTo("Event object is invalid"))
                .body("errors", hasSize(1))
                .body("errors[0]", equalTo(error));
    }
}
