package io.irsuite.comms.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.comms.repository.NotificationRepository;
import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.WebhookReceiver;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook and Slack deliveries: the delivery id in the header (and the webhook JSON), which answers are
 * retried and which stop at once, each attempt visible, and two senders racing for the same due
 * deliveries never both taking one.
 */
@QuarkusTest
class DeliveryAttemptsTest {

    static final String ADMIN = "test-admin-token";
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final List<String> channels = new ArrayList<>();
    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private TestBroker broker;

    @Inject
    NotificationRepository notifications;

    @Inject
    Pool pool;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void cleanUp() {
        channels.forEach(name -> given().auth().oauth2(ADMIN).delete("/api/v1/channels/" + name));
        receivers.forEach(WebhookReceiver::close);
        broker.close();
    }

    @Test
    void a429AndA503AreRetriedAndEveryAttemptCarriesTheSameDeliveryId() throws Exception {
        WebhookReceiver hook = receiver(429, 503);
        String name = channel("webhook", "retry-" + shortId(), hook.url());
        UUID incident = publishOpened("Latency on cart", "SEV3");

        await().atMost(DEADLINE).until(() -> "delivered".equals(stateOf(incident, name)));
        Map<String, Object> delivery = EmailDeliveryTest.delivery(incident, name);
        String deliveryId = (String) delivery.get("id");
        List<WebhookReceiver.Received> received = hook.forIncident(incident.toString());
        assertEquals(List.of(429, 503, 200), received.stream().map(WebhookReceiver.Received::answeredWith).toList());
        for (WebhookReceiver.Received r : received) {
            assertEquals(deliveryId, r.deliveryId(), "header X-IR-Delivery-Id");
            assertEquals(deliveryId, r.json().get("deliveryId").asText(), "JSON field deliveryId");
        }
        assertEquals(3, delivery.get("attempts"));
        assertEquals(List.of("temporary", "temporary", "delivered"), outcomes(delivery));
        assertEquals("HTTP 429", EmailDeliveryTest.attemptLog(delivery).get(0).get("error"));
        assertEquals("HTTP 503", EmailDeliveryTest.attemptLog(delivery).get(1).get("error"));
    }

    @Test
    void aClientErrorIsPermanentAndStopsAtOnce() throws Exception {
        WebhookReceiver hook = receiver(404, 404, 404);
        String name = channel("webhook", "gone-" + shortId(), hook.url());
        UUID incident = publishOpened("Errors on login", "SEV2");

        await().atMost(DEADLINE).until(() -> "failed".equals(stateOf(incident, name)));
        Map<String, Object> delivery = EmailDeliveryTest.delivery(incident, name);
        assertEquals("FAILED", delivery.get("status"));
        assertEquals(1, delivery.get("attempts"));
        assertEquals("HTTP 404", delivery.get("lastError"));
        assertEquals(List.of("permanent"), outcomes(delivery));
        assertEquals(1, hook.forIncident(incident.toString()).size(), "never asked again");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("ir_notification_attempts_total{channel_type=\"webhook\",outcome=\"permanent\"}"),
                "attempts counted by outcome");
    }

    @Test
    void aSlackChannelStillReceivesOnlyTextWithTheDeliveryIdInTheHeader() throws Exception {
        WebhookReceiver slack = receiver();
        String name = channel("slack", "slack-" + shortId(), slack.url());
        UUID incident = publishOpened("Payments slow", "SEV2");

        await().atMost(DEADLINE).until(() -> "delivered".equals(stateOf(incident, name)));
        String deliveryId = (String) EmailDeliveryTest.delivery(incident, name).get("id");
        List<WebhookReceiver.Received> posts = slack.all().stream()
                .filter(r -> deliveryId.equals(r.deliveryId())).toList();
        assertEquals(1, posts.size());
        JsonNode body = posts.get(0).json();
        assertEquals(List.of("text"), iterable(body.fieldNames()));
        assertTrue(body.get("text").asText().startsWith("[SEV2] Investigating: Payments slow"), body.toString());
    }

    @Test
    void twoSendersRacingForTheSameDueDeliveriesNeverTakeOneTwiceAndEachIsDeliveredOnce() throws Exception {
        WebhookReceiver hook = receiver();
        UUID incident = UUID.randomUUID();
        Instant now = Instant.now();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            JsonObject body = new JsonObject().put("incidentId", incident.toString()).put("kind", "update")
                    .put("text", "update " + i);
            pool.preparedQuery("""
                            INSERT INTO notification (id, channel, channel_type, target, incident_id, event_id, kind, body,
                                                      status, attempts, next_attempt_at, created_at)
                            VALUES ($1, 'race', 'webhook', $2, $3, $4, 'update', $5::jsonb, 'PENDING', 0, $6, $6)""")
                    .execute(Tuple.from(List.of(id, hook.url(), incident, UUID.randomUUID(), body, utc(now))))
                    .await().atMost(Duration.ofSeconds(10));
        }

        // Two more senders (as other replicas would be) claim at the same instant as the service's own one;
        // they die without sending, so their leases run out and the service sends what they held.
        CompletableFuture<List<NotificationRepository.Claimed>> a = claim();
        CompletableFuture<List<NotificationRepository.Claimed>> b = claim();
        Set<UUID> byA = ours(a.get(10, TimeUnit.SECONDS), ids);
        Set<UUID> byB = ours(b.get(10, TimeUnit.SECONDS), ids);
        Set<UUID> both = new HashSet<>(byA);
        both.retainAll(byB);
        assertThat("claimed by both racing senders", both, empty());
        assertTrue(byA.size() + byB.size() > 0, "the racing senders took some of the due deliveries");

        await().atMost(DEADLINE).until(() -> hook.forIncident(incident.toString()).size() >= 20 && sentCount(ids) == 20);
        List<String> received = hook.forIncident(incident.toString()).stream()
                .map(WebhookReceiver.Received::deliveryId).toList();
        assertThat("each delivered exactly once", received,
                containsInAnyOrder(ids.stream().map(UUID::toString).toArray()));
        // the attempts of the deliveries the dead senders held: 1 interrupted, 2 delivered
        Set<UUID> held = new HashSet<>(byA);
        held.addAll(byB);
        for (UUID id : held) {
            assertEquals(List.of("interrupted", "delivered"), outcomesOf(id), "delivery " + id);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private CompletableFuture<List<NotificationRepository.Claimed>> claim() {
        return notifications.claimDue(Instant.now(), 10, Duration.ofSeconds(1)).subscribeAsCompletionStage();
    }

    private static Set<UUID> ours(List<NotificationRepository.Claimed> claimed, List<UUID> ids) {
        return claimed.stream().map(NotificationRepository.Claimed::id).filter(ids::contains).collect(Collectors.toSet());
    }

    private long sentCount(List<UUID> ids) {
        return pool.preparedQuery("SELECT count(*) AS n FROM notification WHERE id = ANY($1) AND status = 'SENT'")
                .execute(Tuple.of(ids.toArray(new UUID[0])))
                .await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong("n");
    }

    private List<String> outcomesOf(UUID id) {
        List<String> outcomes = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT outcome FROM notification_attempt WHERE notification_id = $1 ORDER BY attempt")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10))) {
            outcomes.add(r.getString("outcome"));
        }
        return outcomes;
    }

    private static List<Object> outcomes(Map<String, Object> delivery) {
        return EmailDeliveryTest.attemptLog(delivery).stream().map(a -> a.get("outcome")).toList();
    }

    private static String stateOf(UUID incident, String channel) {
        Map<String, Object> d = EmailDeliveryTest.delivery(incident, channel);
        return d == null ? null : (String) d.get("state");
    }

    private UUID publishOpened(String title, String severity) {
        UUID incident = UUID.randomUUID();
        Instant now = Instant.now();
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, now, "detection",
                Payload.opened(title, severity, "web", now, now)));
        return incident;
    }

    private WebhookReceiver receiver(int... firstStatuses) throws java.io.IOException {
        WebhookReceiver r = WebhookReceiver.start(firstStatuses);
        receivers.add(r);
        return r;
    }

    private String channel(String type, String name, String url) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("type", type, "url", url))
                .put("/api/v1/channels/" + name).then().statusCode(201);
        channels.add(name);
        return name;
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
