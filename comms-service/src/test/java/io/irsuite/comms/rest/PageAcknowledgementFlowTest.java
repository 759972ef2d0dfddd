package io.irsuite.comms.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.comms.service.PagingService;
import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.WebhookReceiver;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;

import static io.irsuite.comms.rest.PagingFlowTest.ACK_LINK;
import static io.irsuite.comms.rest.PagingFlowTest.DEADLINE;
import static io.irsuite.comms.rest.PagingFlowTest.admin;
import static io.irsuite.comms.rest.PagingFlowTest.level;
import static io.irsuite.comms.rest.PagingFlowTest.pages;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acknowledge link, hardened: a GET only shows a button, only a POST acknowledges (once, even when raced);
 * the acknowledgement reaches detection as PageAcknowledged through the outbox; pages not sent yet are cancelled;
 * a due level never fires after it; and no read API shows a working token.
 */
@QuarkusTest
class PageAcknowledgementFlowTest {

    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Inject
    PagingService paging;
    @Inject
    Vertx vertx;
    @Inject
    Pool pool;

    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    /** A team whose service pages {@code levels}; the service's name. */
    String team(String id, List<Map<String, Object>> levels) {
        String service = "ack-svc-" + id;
        String team = "team-ack-" + id;
        admin("/api/v1/escalation-policies/ack-" + id, Map.of("levels", levels, "repeat", 0));
        admin("/api/v1/routes/" + team, Map.of("policy", "ack-" + id));
        broker.sendCatalogEvent(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(service, 1, team,
                "service", List.of(), null, System.currentTimeMillis()));
        await().atMost(DEADLINE).until(() -> rows("SELECT 1 FROM catalog_service WHERE name = $1", service).size() == 1);
        return service;
    }

    UUID sev1(String service, String title) {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(30);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened(title, "SEV1", service, t0, t0)));
        return incident;
    }

    RowSet<Row> rows(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(5));
    }

    /** The link (path and query) in what a receiver got, and its token. */
    static String link(WebhookReceiver.Received page) {
        Matcher m = ACK_LINK.matcher(page.json().get("text").asText());
        assertTrue(m.find(), page.json().get("text").asText());
        URI uri = URI.create(m.group(1));
        return uri.getPath() + "?" + uri.getQuery();
    }

    static String token(String link) {
        return link.substring(link.indexOf("token=") + "token=".length());
    }

    static UUID pageId(String link) {
        return UUID.fromString(link.substring("/api/v1/pages/".length(), link.indexOf("/ack")));
    }

    /** The PageAcknowledged events comms wrote to its outbox for one page. */
    List<JsonNode> pageAcknowledgedEvents(UUID incident, UUID page) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Row r : rows("SELECT body FROM outbox_event WHERE incident_id = $1 AND type = 'PageAcknowledged'", incident)) {
            JsonNode event = TestBroker.JSON.readTree(r.getString("body"));
            if (page.toString().equals(event.path("payload").path("pageId").asText())) {
                out.add(event);
            }
        }
        return out;
    }

    static List<Map<String, Object>> deliveries(UUID incident) {
        return given().auth().oauth2("viewer-token").get("/api/v1/incidents/" + incident + "/notifications")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void aGetShowsAButtonAndAcknowledgesNothingOnlyAPostDoesAndDetectionHearsOfIt() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start(); WebhookReceiver bob = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("webhook", alice.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", bob.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(0.05, "bob-" + id), level(10, "bob-" + id)));
            UUID incident = sev1(service, "Checkout <b>down</b> & \"slow\"");
            await().atMost(DEADLINE).until(() -> !alice.forIncident(incident.toString()).isEmpty());
            String link = link(alice.forIncident(incident.toString()).get(0));

            // a mail scanner (*/*) and a browser both get the confirmation page; neither acknowledges
            for (String accept : List.of("*/*", BROWSER_ACCEPT)) {
                String html = given().accept(accept).get(link).then().statusCode(200)
                        .contentType(startsWith("text/html"))
                        .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                        .header("Content-Security-Policy", containsString("form-action 'self'"))
                        .extract().asString();
                assertTrue(html.contains("<form method=\"post\" action=\"ack?token=" + token(link) + "\">"), html);
                // the title, escaped, and nothing else of the incident or the page
                assertTrue(html.contains("Checkout &lt;b&gt;down&lt;/b&gt; &amp; &quot;slow&quot;"), html);
                assertFalse(html.contains("<b>down</b>") || html.contains("SEV1") || html.contains("alice-" + id)
                        || html.contains("ack-" + id) || html.contains(incident.toString()) || html.contains("<script"), html);
            }
            given().head(link).then().statusCode(200);
            // level 2 still comes: nobody acknowledged
            await().atMost(DEADLINE).until(() -> !bob.forIncident(incident.toString()).isEmpty());
            assertEquals(List.of("sent", "sent"), pages(incident).getList("status"));
            assertTrue(pageAcknowledgedEvents(incident, pageId(link)).isEmpty());

            // the form's POST (a browser) acknowledges and answers in HTML
            String done = given().accept(BROWSER_ACCEPT).contentType("application/x-www-form-urlencoded").post(link)
                    .then().statusCode(200).contentType(startsWith("text/html")).extract().asString();
            assertTrue(done.contains("Acknowledged by alice-" + id) && done.contains("escalation is stopped"), done);
            assertEquals(List.of("acknowledged", "acknowledged"), pages(incident).getList("status"));
            assertEquals("alice-" + id, pages(incident).getString("[0].acknowledgedBy"));

            // in the outbox with the acknowledgement (one transaction): detection acknowledges the incident from it
            List<JsonNode> events = pageAcknowledgedEvents(incident, pageId(link));
            assertEquals(1, events.size());
            JsonNode event = events.get(0);
            assertEquals("comms", event.path("producer").asText());
            assertEquals(incident.toString(), event.path("incidentId").asText());
            assertEquals("alice-" + id, event.path("payload").path("by").asText());
            assertEquals("alice-" + id, event.path("payload").path("user").asText());
            assertEquals(1, event.path("payload").path("level").asInt());
            assertEquals(Instant.parse(pages(incident).getString("[0].acknowledgedAt")),
                    Instant.parse(event.path("payload").path("acknowledgedAt").asText()));

            // comms hears its own event back: one timeline entry, no loop; detection's echo changes nothing more
            await().atMost(DEADLINE).until(() -> IncidentRoleFlowTest.timelineTypes(incident).contains("PageAcknowledged"));
            broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentAcknowledged, incident,
                    Instant.now(), "detection", new Payloads.IncidentAcknowledged("alice-" + id,
                            "acknowledged through the link of a level 1 page", Instant.now())));
            await().atMost(DEADLINE).until(() -> IncidentRoleFlowTest.timelineTypes(incident).contains("IncidentAcknowledged"));
            List<String> types = IncidentRoleFlowTest.timelineTypes(incident);
            assertEquals(1, Collections.frequency(types, "PageAcknowledged"), types.toString());
            assertTrue(NotificationFlowTest.timeline(incident).stream().anyMatch(e -> ("Page acknowledged by alice-" + id
                    + " through its acknowledge link (level 1 page)").equals(e.get("summary"))));
            assertEquals(1, pageAcknowledgedEvents(incident, pageId(link)).size());
            assertEquals(1, rows("SELECT count(*) FROM outbox_event WHERE incident_id = $1 AND type = 'PageAcknowledged'",
                    incident).iterator().next().getLong(0));
        }
    }

    @Test
    void aBadUsedOrExpiredLinkIsAClear4xxNeverA500() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start(); WebhookReceiver bob = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("webhook", alice.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", bob.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(10, "bob-" + id)));
            UUID incident = sev1(service, "payments down " + id);
            await().atMost(DEADLINE).until(() -> !alice.forIncident(incident.toString()).isEmpty());
            String link = link(alice.forIncident(incident.toString()).get(0));
            String page = "/api/v1/pages/" + pageId(link) + "/ack";

            for (String method : List.of("GET", "POST")) {
                // API clients: problem+json; a browser: a short HTML message; the same status
                given().request(method, page + "?token=wrong").then().statusCode(404)
                        .contentType("application/problem+json").body("detail", equalTo("no such acknowledge link"));
                given().accept(BROWSER_ACCEPT).request(method, page + "?token=wrong").then().statusCode(404)
                        .contentType(startsWith("text/html")).body(containsString("not valid"));
                given().request(method, "/api/v1/pages/" + UUID.randomUUID() + "/ack?token=" + token(link))
                        .then().statusCode(404).contentType("application/problem+json");
                given().request(method, "/api/v1/pages/not-a-uuid/ack?token=x").then().statusCode(404)
                        .contentType("application/problem+json");
                given().request(method, page).then().statusCode(400).contentType("application/problem+json")
                        .body("errors.field", hasItem("token"));
                given().accept(BROWSER_ACCEPT).request(method, page).then().statusCode(400)
                        .contentType(startsWith("text/html"));
                given().request(method, page + "?token=" + "x".repeat(300)).then().statusCode(404);
            }

            // expired: a clear 409, and nothing acknowledged
            rows("UPDATE page SET token_expires_at = now() - interval '1 minute' WHERE id = $1", pageId(link));
            given().get(link).then().statusCode(409).contentType("application/problem+json")
                    .body("detail", startsWith("this acknowledge link has expired"));
            given().post(link).then().statusCode(409).body("detail", startsWith("this acknowledge link has expired"));
            given().accept(BROWSER_ACCEPT).post(link).then().statusCode(409).contentType(startsWith("text/html"))
                    .body(containsString("already used or has expired"));
            assertEquals("sent", pages(incident).getString("[0].status"));

            // valid again, used once: then used
            rows("UPDATE page SET token_expires_at = now() + interval '1 hour' WHERE id = $1", pageId(link));
            given().post(link).then().statusCode(200).contentType("application/json").body("status", equalTo("acknowledged"));
            given().get(link).then().statusCode(409).body("detail", startsWith("this acknowledge link was already used"));
            given().post(link).then().statusCode(409).body("detail", startsWith("this acknowledge link was already used"));
        }
    }

    @Test
    void theSameLinkPostedConcurrentlyAcknowledgesOnce() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start(); WebhookReceiver bob = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("webhook", alice.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", bob.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(10, "bob-" + id)));
            UUID incident = sev1(service, "search down " + id);
            await().atMost(DEADLINE).until(() -> !alice.forIncident(incident.toString()).isEmpty());
            String link = link(alice.forIncident(incident.toString()).get(0));

            // eight clicks at once, as if on two replicas: the database lets one take the link
            int clicks = 8;
            ExecutorService pool = Executors.newFixedThreadPool(clicks);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < clicks; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return given().post(link).then().extract().statusCode();
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> a : answers) {
                    statuses.add(a.get());
                }
                assertEquals(1, Collections.frequency(statuses, 200), statuses.toString());
                assertEquals(clicks - 1, Collections.frequency(statuses, 409), statuses.toString());
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, pageAcknowledgedEvents(incident, pageId(link)).size());
            assertEquals("acknowledged", pages(incident).getString("[0].status"));
        }
    }

    @Test
    void anAcknowledgementCancelsThePagesNotSentYet() throws Exception {
        String id = NotificationFlowTest.shortId();
        int[] unavailable = new int[20];
        java.util.Arrays.fill(unavailable, 503);
        try (WebhookReceiver phone = WebhookReceiver.start(); WebhookReceiver broken = WebhookReceiver.start(unavailable);
             WebhookReceiver broken2 = WebhookReceiver.start(unavailable)) {
            // alice's Slack works, her webhook answers 503 for a while (retried with backoff: pending)
            admin("/api/v1/users/alice-" + id, Map.of("slackWebhook", phone.url(), "webhook", broken.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", broken2.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(10, "bob-" + id)));
            UUID incident = sev1(service, "cart down " + id);
            await().atMost(DEADLINE).until(() -> !phone.all().isEmpty() && !broken.all().isEmpty());
            String link = link(phone.all().get(0));
            // the notifications endpoint may answer 404 for a moment under load: poll until it lists the retry
            await().atMost(DEADLINE).ignoreExceptions().until(() -> deliveries(incident).stream()
                    .anyMatch(d -> ("user:alice-" + id + ":webhook").equals(d.get("channel")) && "retrying".equals(d.get("state"))));

            given().post(link).then().statusCode(200);
            Map<String, Object> webhook = deliveries(incident).stream()
                    .filter(d -> ("user:alice-" + id + ":webhook").equals(d.get("channel"))).findFirst().orElseThrow();
            assertEquals("CANCELLED", webhook.get("status"));
            assertEquals("cancelled", webhook.get("state"));
            assertEquals("acknowledged by alice-" + id + " through the level 1 page's link", webhook.get("cancelReason"));
            assertTrue(webhook.get("cancelledAt") != null);
            Object tried = webhook.get("attempts");
            // never tried again (its next retry was due within 2 s)
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> deliveries(incident).stream()
                    .filter(d -> ("user:alice-" + id + ":webhook").equals(d.get("channel")))
                    .allMatch(d -> tried.equals(d.get("attempts")) && "CANCELLED".equals(d.get("status"))));
            Map<String, Object> slack = deliveries(incident).stream()
                    .filter(d -> ("user:alice-" + id + ":slack").equals(d.get("channel"))).findFirst().orElseThrow();
            assertEquals("SENT", slack.get("status"));

            // detection's IncidentAcknowledged cancels too: a second incident, acknowledged in the console
            UUID other = sev1(service, "cart down again " + id);
            await().atMost(DEADLINE).until(() -> deliveries(other).stream()
                    .anyMatch(d -> ("user:alice-" + id + ":webhook").equals(d.get("channel")) && "retrying".equals(d.get("state"))));
            broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentAcknowledged, other,
                    Instant.now(), "detection", new Payloads.IncidentAcknowledged("carol", "on it", Instant.now())));
            await().atMost(DEADLINE).until(() -> deliveries(other).stream()
                    .filter(d -> ("user:alice-" + id + ":webhook").equals(d.get("channel")))
                    .allMatch(d -> "CANCELLED".equals(d.get("status")) && "acknowledged by carol".equals(d.get("cancelReason"))));

            // and so does the resolution
            UUID third = sev1(service, "cart down a third time " + id);
            await().atMost(DEADLINE).until(() -> deliveries(third).stream()
                    .anyMatch(d -> ("user:alice-" + id + ":webhook").equals(d.get("channel")) && "retrying".equals(d.get("state"))));
            broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentResolved, third, Instant.now(),
                    "detection", new Payloads.IncidentResolved("dave", null, "resolved by dave", Instant.now(), Instant.now())));
            await().atMost(DEADLINE).until(() -> deliveries(third).stream()
                    .filter(d -> ("user:alice-" + id + ":webhook").equals(d.get("channel")))
                    .allMatch(d -> "CANCELLED".equals(d.get("status")) && "incident resolved".equals(d.get("cancelReason"))));
        }
    }

    @Test
    void noReadApiShowsAWorkingToken() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start(); WebhookReceiver bob = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("webhook", alice.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", bob.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(10, "bob-" + id)));
            UUID incident = sev1(service, "login down " + id);
            await().atMost(DEADLINE).until(() -> !alice.forIncident(incident.toString()).isEmpty());
            String link = link(alice.forIncident(incident.toString()).get(0));
            String token = token(link);
            assertTrue(token.length() >= 40, token);
            await().atMost(DEADLINE).until(() -> deliveries(incident).stream().anyMatch(d -> "SENT".equals(d.get("status"))));

            // what a viewer reads: the link with the token redacted
            Response notifications = given().auth().oauth2("viewer-token")
                    .get("/api/v1/incidents/" + incident + "/notifications");
            notifications.then().statusCode(200).body(not(containsString(token)));
            String text = notifications.jsonPath().getString("find { it.kind == 'page' }.body.text");
            assertTrue(text.contains("/api/v1/pages/" + pageId(link) + "/ack?token=<redacted>"), text);
            for (String read : List.of("/api/v1/pages?incidentId=" + incident, "/api/v1/incidents/" + incident + "/timeline",
                    "/api/v1/incidents/" + incident + "/postmortem", "/api/v1/status?internal=true")) {
                given().auth().oauth2("viewer-token").get(read).then().statusCode(200).body(not(containsString(token)));
            }
            // nor is it kept once delivered: only its hash stays, on the page
            assertEquals(0, rows("SELECT count(*) FROM notification WHERE incident_id = $1 AND (ack_token IS NOT NULL"
                    + " OR body::text LIKE '%' || $2 || '%')", incident, token).iterator().next().getLong(0));
            // and the link the page carried still works
            given().post(link).then().statusCode(200).body("status", equalTo("acknowledged"));
        }
    }

    @Test
    void aDueLevelIsNeverFiredAfterTheAcknowledgementEvenWhenTheSweepRacesIt() throws Exception {
        String id = NotificationFlowTest.shortId();
        try (WebhookReceiver alice = WebhookReceiver.start(); WebhookReceiver bob = WebhookReceiver.start();
             WebhookReceiver carol = WebhookReceiver.start()) {
            admin("/api/v1/users/alice-" + id, Map.of("webhook", alice.url()));
            admin("/api/v1/users/bob-" + id, Map.of("webhook", bob.url()));
            admin("/api/v1/users/carol-" + id, Map.of("webhook", carol.url()));
            String service = team(id, List.of(level(0, "alice-" + id), level(10, "bob-" + id), level(10, "carol-" + id)));
            for (int round = 0; round < 4; round++) {
                UUID incident = sev1(service, "race " + round + " " + id);
                await().atMost(DEADLINE).until(() -> !alice.forIncident(incident.toString()).isEmpty());
                String link = link(alice.forIncident(incident.toString()).get(0));

                // level 2 falls due now; the acknowledgement and four sweeps (replicas) race for it (in odd rounds
                // the acknowledgement goes first and the sweeps find the level due after it)
                rows("UPDATE escalation SET next_fire_at = now() WHERE incident_id = $1 AND status = 'active'", incident);
                CompletableFuture<Integer> ack = CompletableFuture.supplyAsync(() -> given().post(link).then().extract().statusCode());
                if (round % 2 == 1) {
                    assertEquals(200, ack.get());
                }
                List<CompletableFuture<Integer>> sweeps = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    sweeps.add(SafeContext.run(vertx, paging::fireDue).subscribeAsCompletionStage());
                }
                assertEquals(200, ack.get());
                CompletableFuture.allOf(sweeps.toArray(CompletableFuture[]::new)).join();

                Row escalation = rows("SELECT status, next_level, next_fire_at FROM escalation WHERE incident_id = $1",
                        incident).iterator().next();
                assertEquals("acknowledged", escalation.getString("status"));
                assertEquals(null, escalation.getOffsetDateTime("next_fire_at"));
                List<Integer> levels = pages(incident).getList("level");
                // either level 2 fired before the acknowledgement (then the escalation had moved on to level 3) or never
                if (levels.contains(2)) {
                    assertEquals(List.of(1, 2), levels);
                    assertEquals(3, escalation.getInteger("next_level"));
                } else {
                    assertEquals(List.of(1), levels);
                    assertEquals(2, escalation.getInteger("next_level"));
                }
                // made due again by hand: an acknowledged escalation fires nothing
                rows("UPDATE escalation SET next_fire_at = now() WHERE incident_id = $1", incident);
                for (int i = 0; i < 3; i++) {
                    SafeContext.run(vertx, paging::fireDue).subscribeAsCompletionStage().join();
                }
                assertEquals(levels, pages(incident).getList("level"));
                // a level-2 page that fired first was cancelled before it went out, or went out before the acknowledgement
                for (Map<String, Object> d : deliveries(incident)) {
                    if ("escalation".equals(d.get("kind"))) {
                        assertTrue("CANCELLED".equals(d.get("status")) || "SENT".equals(d.get("status")), d.toString());
                    }
                }
                assertTrue(carol.forIncident(incident.toString()).isEmpty());
            }
        }
    }
}
