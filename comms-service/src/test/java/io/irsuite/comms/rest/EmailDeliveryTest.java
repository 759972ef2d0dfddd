package io.irsuite.comms.rest;

import io.irsuite.comms.client.EmailClient;
import io.irsuite.comms.domain.DeliveryOutcome;
import io.irsuite.comms.domain.EmailNotification;
import io.irsuite.comms.domain.NotificationMessage;
import io.irsuite.comms.support.GreenMailTestResource;
import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.SmtpTestServer;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * E-mail channels through the reactive mailer to a real SMTP server in the test JVM (GreenMail, never the
 * mailer's mock mode): what arrives, retries while the server is down or answers 4xx, an immediate FAILED on
 * a 5xx, and a resend after a crashed sender with the same delivery id.
 */
@QuarkusTest
// Global like the local stack (declared on NotificationFlowTest): every test class shares one application.
@QuarkusTestResource(GreenMailTestResource.class)
class EmailDeliveryTest {

    static final String ADMIN = "test-admin-token";
    static final Duration DEADLINE = Duration.ofSeconds(30);
    // five attempts 1 s, 2 s, 4 s, 8 s apart, plus the sweep's tick
    static final Duration RETRIES_DEADLINE = Duration.ofSeconds(60);

    private final List<String> channels = new ArrayList<>();
    private final SmtpTestServer smtp = GreenMailTestResource.smtp();
    private TestBroker broker;

    @Inject
    EmailClient emailClient;

    @Inject
    Pool pool;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
        smtp.up();
    }

    @AfterEach
    void cleanUp() {
        channels.forEach(name -> given().auth().oauth2(ADMIN).delete("/api/v1/channels/" + name));
        smtp.up();
        broker.close();
    }

    @Test
    void anEmailChannelReceivesTheNotificationWithItsDeliveryIdThroughARealSmtpServer() throws Exception {
        String address = "oncall-" + shortId() + "@example.com";
        String name = channel("mail-" + shortId(), address);
        UUID incident = UUID.randomUUID();
        publishOpened(incident, "Disk full on orders-db", "SEV2", "orders-db");

        await().atMost(DEADLINE).until(() -> smtp.messagesTo(address).size() == 1);
        MimeMessage mail = smtp.messagesTo(address).get(0);
        assertEquals(address, mail.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString());
        assertEquals(GreenMailTestResource.FROM, mail.getFrom()[0].toString(), "From comes from quarkus.mailer.from");
        assertEquals("[SEV2] Investigating: Disk full on orders-db", mail.getSubject());
        String text = part(mail, "text/plain");
        assertThat(text, allOf(containsString("[SEV2] Investigating: Disk full on orders-db."),
                containsString("Severity: SEV2"), containsString(incident.toString())));
        assertThat(part(mail, "text/html"), containsString("Disk full on orders-db"));

        await().atMost(DEADLINE).until(() -> "delivered".equals(delivery(incident, name).get("state")));
        Map<String, Object> delivery = delivery(incident, name);
        String deliveryId = (String) delivery.get("id");
        assertEquals(deliveryId, mail.getHeader(EmailNotification.DELIVERY_ID_HEADER)[0]);
        assertEquals("<" + deliveryId + "@ir-suite>", mail.getMessageID());
        assertEquals(incident.toString(), mail.getHeader(EmailNotification.INCIDENT_ID_HEADER)[0]);
        assertThat(text, containsString(deliveryId));
        assertEquals("SENT", delivery.get("status"));
        assertEquals("email", delivery.get("channelType"));
        assertEquals(1, delivery.get("attempts"));
        List<Map<String, Object>> log = attemptLog(delivery);
        assertEquals(1, log.size());
        assertEquals("delivered", log.get(0).get("outcome"));
        assertNull(log.get(0).get("error"));
    }

    @Test
    void whileTheSmtpServerIsDownAnEmailIsRetriedWithBackoffThenFailsWithTheErrorVisible() {
        smtp.down();
        String address = "down-" + shortId() + "@example.com";
        String name = channel("mail-down-" + shortId(), address);
        UUID incident = UUID.randomUUID();
        publishOpened(incident, "Checkout errors", "SEV1", "checkout");

        // retrying is visible while it lasts: attempts, the state and the last error
        await().atMost(DEADLINE).until(() -> {
            Map<String, Object> d = delivery(incident, name);
            return d != null && "retrying".equals(d.get("state")) && (int) d.get("attempts") >= 2;
        });
        assertThat((String) delivery(incident, name).get("lastError"), containsString("Connection refused"));

        await().atMost(RETRIES_DEADLINE).until(() -> "failed".equals(delivery(incident, name).get("state")));
        Map<String, Object> delivery = delivery(incident, name);
        assertEquals("FAILED", delivery.get("status"));
        assertEquals(5, delivery.get("attempts"), "ir.comms.max-delivery-attempts");
        assertThat((String) delivery.get("lastError"), containsString("Connection refused"));
        List<Map<String, Object>> log = attemptLog(delivery);
        assertEquals(List.of(1, 2, 3, 4, 5), log.stream().map(a -> a.get("attempt")).toList());
        assertThat(log.stream().map(a -> a.get("outcome")).toList(), everyItem(equalTo("temporary")));
        // backoff: each wait at least as long as the one before (1 s, 2 s, 4 s, 8 s)
        List<Instant> started = log.stream().map(a -> Instant.parse((String) a.get("startedAt"))).toList();
        for (int i = 1; i < started.size(); i++) {
            Duration wait = Duration.between(started.get(i - 1), started.get(i));
            assertTrue(wait.compareTo(Duration.ofSeconds(1L << (i - 1)).minusMillis(200)) >= 0,
                    "attempt " + (i + 1) + " waited " + wait + ": " + log);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("ir_notification_attempts_total{channel_type=\"email\",outcome=\"temporary\"}"));
        assertThat(metrics, containsString("ir_notifications_total{kind=\"initial\",status=\"FAILED\"}"));
    }

    @Test
    void aTemporarySmtpRejectionIsRetriedUntilTheServerAcceptsTheMessage() throws Exception {
        smtp.rejecting("451 4.3.0 mail system busy, try again later");
        String address = "busy-" + shortId() + "@example.com";
        String name = channel("mail-busy-" + shortId(), address);
        UUID incident = UUID.randomUUID();
        publishOpened(incident, "Search latency", "SEV3", "search");

        await().atMost(DEADLINE).until(() -> {
            Map<String, Object> d = delivery(incident, name);
            return d != null && (int) d.get("attempts") >= 2 && "retrying".equals(d.get("state"));
        });
        assertEquals("SMTP 451 4.3.0 mail system busy, try again later", delivery(incident, name).get("lastError"));
        smtp.up();

        await().atMost(DEADLINE).until(() -> smtp.messagesTo(address).size() == 1);
        await().atMost(DEADLINE).until(() -> "delivered".equals(delivery(incident, name).get("state")));
        Map<String, Object> delivery = delivery(incident, name);
        assertEquals(delivery.get("id"), smtp.messagesTo(address).get(0).getHeader(EmailNotification.DELIVERY_ID_HEADER)[0]);
        List<Object> outcomes = attemptLog(delivery).stream().map(a -> a.get("outcome")).toList();
        assertEquals("delivered", outcomes.get(outcomes.size() - 1));
        assertThat(outcomes.subList(0, outcomes.size() - 1), everyItem(equalTo("temporary")));
        assertNull(delivery.get("lastError"));
    }

    @Test
    void aPermanentSmtpRejectionFailsAtOnceWithoutRetrying() {
        smtp.rejecting("550 5.1.1 mailbox unavailable");
        String address = "gone-" + shortId() + "@example.com";
        String name = channel("mail-gone-" + shortId(), address);
        UUID incident = UUID.randomUUID();
        publishOpened(incident, "Queue backlog", "SEV2", "queue");

        await().atMost(DEADLINE).until(() -> "failed".equals(delivery(incident, name).get("state")));
        Map<String, Object> delivery = delivery(incident, name);
        assertEquals(1, delivery.get("attempts"));
        assertEquals("SMTP 550 5.1.1 mailbox unavailable", delivery.get("lastError"));
        assertEquals("permanent", attemptLog(delivery).get(0).get("outcome"));
        assertEquals(1, smtp.refused(address), "asked once, never again");
    }

    @Test
    void aSendInterruptedByACrashedSenderIsSentAgainWithTheSameDeliveryId() throws Exception {
        String address = "crash-" + shortId() + "@example.com";
        UUID incident = UUID.randomUUID();
        Instant now = Instant.now();
        publishOpened(incident, "Payments down", "SEV1", "payments");
        await().atMost(DEADLINE).until(() -> given().auth().oauth2("viewer-token")
                .get("/api/v1/incidents/" + incident + "/notifications").statusCode() == 200);

        // What a sender that died right after sending leaves behind: its claimed delivery (attempt 1
        // recorded, lease still running) and an attempt without an outcome. The message went out.
        UUID deliveryId = UUID.randomUUID();
        NotificationMessage message = new NotificationMessage(incident, "SEV1", "investigating", "initial",
                "[SEV1] Investigating: Payments down. Impact: payments affected.", "Payments down",
                List.of("payments"), now, "IncidentOpened");
        pool.preparedQuery("""
                        INSERT INTO notification (id, channel, channel_type, target, incident_id, event_id, kind, body,
                                                  status, attempts, next_attempt_at, claimed_until, created_at)
                        VALUES ($1, 'crashed-mail', 'email', $2, $3, $4, 'initial', $5::jsonb, 'PENDING', 1, $6, $7, $6)""")
                .execute(Tuple.from(List.of(deliveryId, address, incident, UUID.randomUUID(),
                        new JsonObject(TestBroker.JSON.writeValueAsString(message)), utc(now), utc(now.plusSeconds(2)))))
                .await().atMost(Duration.ofSeconds(10));
        pool.preparedQuery("""
                        INSERT INTO notification_attempt (id, notification_id, attempt, channel_type, started_at)
                        VALUES ($1, $2, 1, 'email', $3)""")
                .execute(Tuple.of(UUID.randomUUID(), deliveryId, utc(now)))
                .await().atMost(Duration.ofSeconds(10));
        // the crashed sender's own send (a pooled connection the server dropped can cost one try; it is set-up here)
        DeliveryOutcome first = await("the crashed sender's copy goes out").atMost(DEADLINE)
                .until(() -> emailClient.send(EmailNotification.of(message, address, deliveryId))
                        .await().atMost(Duration.ofSeconds(10)), DeliveryOutcome::delivered);
        assertTrue(first.delivered(), "the crashed sender's copy went out: " + first);

        // Its lease runs out; the service's sender sends it again, as the same message.
        await().atMost(DEADLINE).until(() -> smtp.messagesTo(address).size() == 2);
        List<MimeMessage> copies = smtp.messagesTo(address);
        for (MimeMessage copy : copies) {
            assertEquals(deliveryId.toString(), copy.getHeader(EmailNotification.DELIVERY_ID_HEADER)[0]);
            assertEquals("<" + deliveryId + "@ir-suite>", copy.getMessageID());
            assertEquals("[SEV1] Investigating: Payments down", copy.getSubject());
        }
        await().atMost(DEADLINE).until(() -> "delivered".equals(delivery(incident, "crashed-mail").get("state")));
        Map<String, Object> delivery = delivery(incident, "crashed-mail");
        assertEquals(deliveryId.toString(), delivery.get("id"));
        assertEquals(2, delivery.get("attempts"));
        List<Map<String, Object>> log = attemptLog(delivery);
        assertEquals(List.of("interrupted", "delivered"), log.stream().map(a -> a.get("outcome")).toList());
        assertThat((String) log.get(0).get("error"), containsString("same delivery id"));
    }

    @Test
    void anEmailChannelAddressWithALineBreakIsRefusedSoNoHeaderCanBeInjected() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("type", "email", "address", "oncall@example.com\r\nBcc: attacker@evil.example"))
                .put("/api/v1/channels/inject-" + shortId())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("address"))
                .body("errors[0].message", containsString("line breaks"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("type", "email", "address", "Ops <oncall@example.com>, boss@example.com"))
                .put("/api/v1/channels/inject-" + shortId())
                .then().statusCode(400).body("errors[0].field", equalTo("address"));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private String channel(String name, String address) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("type", "email", "address", address))
                .put("/api/v1/channels/" + name).then().statusCode(201);
        channels.add(name);
        return name;
    }

    private void publishOpened(UUID incident, String title, String severity, String service) {
        Instant now = Instant.now();
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, now, "detection",
                Payload.opened(title, severity, service, now, now)));
    }

    /** The delivery of {@code incident} to channel {@code name}, or null while there is none. */
    /** The delivery of {@code incident} to channel {@code name}; empty until it is recorded (so a wait can poll it). */
    static Map<String, Object> delivery(UUID incident, String name) {
        return NotificationFlowTest.deliveries(incident).stream().filter(d -> name.equals(d.get("channel")))
                .findFirst().orElse(Map.of());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> attemptLog(Map<String, Object> delivery) {
        return (List<Map<String, Object>>) delivery.get("attemptLog");
    }

    /** The decoded text of the first part of {@code type} (the message is multipart/alternative). */
    private static String part(MimeMessage mail, String type) throws Exception {
        Object content = mail.getContent();
        if (content instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart p = multipart.getBodyPart(i);
                if (p.isMimeType(type)) {
                    return String.valueOf(p.getContent());
                }
            }
            throw new AssertionError("no " + type + " part in " + mail.getContentType());
        }
        return String.valueOf(content);
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
