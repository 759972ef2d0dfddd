package io.irsuite.comms.rest;

import io.irsuite.comms.service.PagingService;
import io.irsuite.comms.support.GreenMailTestResource;
import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.WebhookReceiver;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paging and escalation: SEV1 pages level 1 then level 2, the acknowledge link and IncidentAcknowledged stop it, once per level. */
@QuarkusTest
class PagingFlowTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final Pattern ACK_LINK = Pattern.compile("(http://\\S+/api/v1/pages/[0-9a-f-]+/ack\\?token=[A-Za-z0-9_-]+)");

    @Inject
    PagingService paging;
    @Inject
    Vertx vertx;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    static void admin(String path, Object body) {
        given().auth().oauth2("test-admin-token").contentType(ContentType.JSON).body(body).put(path)
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    }

    static Map<String, Object> level(double delay, String user) {
        return Map.of("delayMinutes", delay, "targets", List.of(Map.of("type", "user", "name", user)));
    }

    /** A team whose service pages {@code levels} (policy repeat 0). The service's name. */
    String team(String id, List<Map<String, Object>> levels) {
        String service = "paging-svc-" + id;
        String team = "team-paging-" + id;
        admin("/api/v1/escalation-policies/paging-" + id, Map.of("levels", levels, "repeat", 0));
        admin("/api/v1/routes/" + team, Map.of("policy", "paging-" + id));
        broker.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(service, 1, team,
                "service", List.of(), null, System.currentTimeMillis()));
        // the owner is looked up when the incident arrives: wait for the catalog replica
        await().atMost(DEADLINE).until(() -> pool.preparedQuery("SELECT 1 FROM catalog_service WHERE name = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(service)).await().atMost(Duration.ofSeconds(5)).size() == 1);
        return service;
    }

    UUID sev1(String service) {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(30);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("checkout down on " + service, "SEV1", service, t0, t0)));
        return incident;
    }

    static JsonPath pages(UUID incident) {
        return given().auth().oauth2("viewer-token").get("/api/v1/pages?incidentId=" + incident).then().statusCode(200)
                .extract().jsonPath();
    }

    static String ackLink(WebhookReceiver.Received page) {
        Matcher m = ACK_LINK.matcher(page.json().get("text").asText());
        assertTrue(m.find(), page.json().get("text").asText());
        URI uri = URI.create(m.group(1));
        return uri.getPath() + "?" + uri.getQuery();
    }

    @Test
    void aSev1PagesLevelOneThenLevelTwoAndTheAcknowledgeLinkStopsIt() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start(); WebhookReceiver bob = WebhookReceiver.start();
             WebhookReceiver carol = WebhookReceiver.start()) {
            String aliceMail = "alice-" + id + "@example.com";
            admin("/api/v1/users/alice-" + id, Map.of("email", aliceMail, "webhook", alice.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", bob.url()));
            admin("/api/v1/users/carol-" + id, Map.of("webhook", carol.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(0.05, "bob-" + id), level(0.05, "carol-" + id)));
            UUID incident = sev1(service);

            await().atMost(DEADLINE).until(() -> !alice.forIncident(incident.toString()).isEmpty());
            WebhookReceiver.Received first = alice.forIncident(incident.toString()).get(0);
            assertEquals("page", first.json().get("kind").asText());
            String text = first.json().get("text").asText();
            assertTrue(text.contains("PAGE level 1 to alice-" + id) && text.contains("Why: SEV1 detected")
                    && text.contains("/api/v1/pages/"), text);
            await().atMost(DEADLINE).until(() -> !GreenMailTestResource.smtp().messagesTo(aliceMail).isEmpty());

            await().atMost(DEADLINE).until(() -> !bob.forIncident(incident.toString()).isEmpty());
            WebhookReceiver.Received second = bob.forIncident(incident.toString()).get(0);
            assertEquals("escalation", second.json().get("kind").asText());
            assertTrue(second.json().get("text").asText().contains("ESCALATION level 2 to bob-" + id));

            String link = ackLink(second);
            // a GET (a mail scanner, a chat preview) only shows the button; the POST acknowledges
            given().get(link).then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"));
            assertEquals("sent", pages(incident).getString("[1].status"));
            given().post(link).then().statusCode(200).body("status", equalTo("acknowledged"))
                    .body("acknowledgedBy", equalTo("bob-" + id)).body("user", equalTo("bob-" + id)).body("level", equalTo(2));
            // single use
            given().post(link).then().statusCode(409).contentType("application/problem+json");
            // a wrong token, an unknown page, a missing token: nothing revealed
            String aliceLink = ackLink(first);
            String pageId = aliceLink.substring("/api/v1/pages/".length(), aliceLink.indexOf("/ack"));
            given().post("/api/v1/pages/" + pageId + "/ack?token=wrong").then().statusCode(404)
                    .body("detail", equalTo("no such acknowledge link"));
            given().post("/api/v1/pages/" + UUID.randomUUID() + "/ack?token=wrong").then().statusCode(404)
                    .body("detail", equalTo("no such acknowledge link"));
            given().post("/api/v1/pages/not-a-uuid/ack?token=x").then().statusCode(404);
            given().post("/api/v1/pages/" + pageId + "/ack").then().statusCode(400).body("errors.field", hasItem("token"));

            // level 3 was due 3 s after level 2: it never comes
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                    .until(() -> carol.forIncident(incident.toString()).isEmpty());
            assertEquals(1, alice.forIncident(incident.toString()).size());
            assertEquals(1, bob.forIncident(incident.toString()).size());

            JsonPath pages = pages(incident);
            assertEquals(List.of(1, 2), pages.getList("level"));
            assertEquals(List.of("alice-" + id, "bob-" + id), pages.getList("user"));
            assertEquals(List.of("email,webhook", "webhook"), pages.getList("channel"));
            assertEquals(List.of("acknowledged", "acknowledged"), pages.getList("status"));
            assertTrue(pages.getList("acknowledgedAt").stream().allMatch(a -> a != null));
            assertEquals("SEV1 detected", pages.getString("[0].reason"));

            // PageAcknowledged is on the timeline once its event comes back through the broker
            await().atMost(DEADLINE).until(() -> IncidentRoleFlowTest.timelineTypes(incident)
                    .containsAll(List.of("Paged", "Escalated", "PageAcknowledged")));
        }
    }

    @Test
    void incidentAcknowledgedStopsTheEscalation() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start(); WebhookReceiver bob = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("webhook", alice.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", bob.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(0.1, "bob-" + id)));
            UUID incident = sev1(service);
            await().atMost(DEADLINE).until(() -> !alice.forIncident(incident.toString()).isEmpty());

            Instant now = Instant.now();
            broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentAcknowledged, incident, now,
                    "detection", new Payloads.IncidentAcknowledged("alice-" + id, "on it", now)));
            await().atMost(DEADLINE).until(() -> "acknowledged".equals(pages(incident).getString("[0].status")));
            assertEquals("alice-" + id, pages(incident).getString("[0].acknowledgedBy"));
            // level 2 was due 6 s after level 1
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
                    .until(() -> bob.forIncident(incident.toString()).isEmpty());
        }
    }

    @Test
    void theNextLevelIsDueItsDelayAfterTheLevelBeforeActuallyFired() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("webhook", alice.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", alice.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(1, "bob-" + id)));
            UUID incident = sev1(service);
            await().atMost(DEADLINE).until(() -> pages(incident).getList("id").size() == 1);
            // level 1 goes out on a sweep after the escalation started, never at its very moment: level 2's timer
            // counts from when alice was paged, so she has her whole minute
            var row = pool.preparedQuery("SELECT e.started_at, e.next_fire_at, p.sent_at FROM escalation e"
                            + " JOIN page p ON p.escalation_id = e.id WHERE e.incident_id = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(incident)).await().atMost(Duration.ofSeconds(5))
                    .iterator().next();
            Instant started = row.getOffsetDateTime("started_at").toInstant();
            Instant sent = row.getOffsetDateTime("sent_at").toInstant();
            assertTrue(sent.isAfter(started), started + " " + sent);
            assertEquals(sent.plus(Duration.ofMinutes(1)), row.getOffsetDateTime("next_fire_at").toInstant(),
                    "level 2 is due a minute after level 1 was sent");
        }
    }

    @Test
    void concurrentSweepsFireALevelOnce() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("webhook", alice.url()));
            String service = team(id, List.of(level(0, "alice-" + id)));
            UUID incident = sev1(service);
            // four claimers (replicas) race the scheduled sweep until the level has fired
            await().atMost(DEADLINE).until(() -> {
                List<CompletableFuture<Integer>> racers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    racers.add(SafeContext.run(vertx, paging::fireDue).subscribeAsCompletionStage());
                }
                CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).join();
                return pages(incident).getList("id").size() == 1;
            });
            await().atMost(DEADLINE).until(() -> !alice.forIncident(incident.toString()).isEmpty());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> alice.forIncident(incident.toString()).size() == 1 && pages(incident).getList("id").size() == 1);
        }
    }

    @Test
    void pagesNeedAViewerAndAValidIncidentId() {
        given().get("/api/v1/pages?incidentId=" + UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2("ingest-token").get("/api/v1/pages?incidentId=" + UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2("viewer-token").get("/api/v1/pages").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("incidentId"));
        given().auth().oauth2("viewer-token").get("/api/v1/pages?incidentId=nope").then().statusCode(400)
                .body("errors.field", hasItem("incidentId"));
        given().auth().oauth2("viewer-token").get("/api/v1/pages?incidentId=" + UUID.randomUUID()).then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void anIncidentWithoutARouteIsRecordedAsUnrouted() {
        String id = NotificationFlowTest.shortId();
        UUID incident = sev1("unowned-" + id);
        // recorded (status unrouted, with the note), logged at WARN; nobody paged
        await().atMost(DEADLINE).until(() -> pool.preparedQuery("SELECT note FROM escalation WHERE incident_id = $1 AND status = 'unrouted'")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(incident)).await().atMost(Duration.ofSeconds(5)).size() == 1);
        assertEquals(0, pages(incident).getList("id").size());
    }

    @Test
    void aSecurityIncidentPagesTheSecurityRouteNotTheServiceOwner() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver owner = WebhookReceiver.start(); WebhookReceiver security = WebhookReceiver.start()) {
            admin("/api/v1/users/owner-" + id, Map.of("webhook", owner.url()));
            admin("/api/v1/users/sec-" + id, Map.of("webhook", security.url()));
            String service = team(id, List.of(level(0, "owner-" + id)));
            admin("/api/v1/escalation-policies/security-" + id, Map.of("levels", List.of(level(0, "sec-" + id)), "repeat", 0));
            admin("/api/v1/routes/" + PagingService.SECURITY_OWNER, Map.of("policy", "security-" + id));
            try {
                UUID incident = UUID.randomUUID();
                Instant t0 = Instant.now().minusSeconds(30);
                broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                        Payload.opened("blocked requests on " + service, "SEV2", service, t0, t0)));
                // SEV2 pages nobody; triage reading the root cause as security is the playbook's "security incident"
                broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentTriaged, incident,
                        t0.plusSeconds(1), "triage", new Payloads.IncidentTriaged(1, "SEV2", List.of(),
                                new Payloads.RootCause(service, "security", 0.8, List.of("WAF blocks from 3 sources")),
                                List.of(), List.of(service), List.of(), false)));
                await().atMost(DEADLINE).until(() -> !security.forIncident(incident.toString()).isEmpty());
                String text = security.forIncident(incident.toString()).get(0).json().get("text").asText();
                assertTrue(text.contains("PAGE level 1 to sec-" + id) && text.contains("security incident (" + service + ")"), text);
                assertEquals(List.of("sec-" + id), pages(incident).getList("user"));
                assertTrue(owner.forIncident(incident.toString()).isEmpty(), "the service owner is not paged");
            } finally {
                given().auth().oauth2("test-admin-token").delete("/api/v1/routes/" + PagingService.SECURITY_OWNER)
                        .then().statusCode(204);
            }
        }
    }
}
