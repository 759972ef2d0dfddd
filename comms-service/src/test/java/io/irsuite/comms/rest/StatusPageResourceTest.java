package io.irsuite.comms.rest;

import io.irsuite.comms.support.Payload;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status page: components from the catalog replica, incidents with their updates, public HTML. */
@QuarkusTest
class StatusPageResourceTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void catalogEventsDefineComponentsAndTheNewestRevisionWins() {
        String api = "sp-" + NotificationFlowTest.shortId() + "-api";
        catalog(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(api, 1, "team-a", "service",
                List.of(), null, 2));
        await().atMost(DEADLINE).until(() -> component(api) != null);
        assertEquals("operational", component(api));
        // An older deletion arrives late: it must not remove the newer entry.
        catalog(EventType.CatalogServiceDeleted, new Payloads.CatalogServiceDeleted(api, 1));
        String marker = "sp-" + NotificationFlowTest.shortId() + "-marker";
        catalog(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(marker, 2, "team-b", "service",
                List.of(), null, 1));
        await().atMost(DEADLINE).until(() -> component(marker) != null);
        assertEquals("operational", component(api));
        catalog(EventType.CatalogServiceDeleted, new Payloads.CatalogServiceDeleted(api, 3));
        await().atMost(DEADLINE).until(() -> component(api) == null);
    }

    @Test
    void anActiveIncidentDegradesItsComponentsAndIsListedWithItsUpdates() {
        String service = "sp-" + NotificationFlowTest.shortId() + "-checkout";
        catalog(EventType.CatalogServiceUpserted, new Payloads.CatalogServiceUpserted(service, 1, "team-shop",
                "service", List.of(), null, 1));
        await().atMost(DEADLINE).until(() -> "operational".equals(component(service)));
        UUID incident = UUID.randomUUID();
        Instant started = Instant.now().minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        send(EventType.IncidentOpened, incident, started.plusSeconds(10),
                Payload.opened("Errors on <script>alert(1)</script> & \"co\"", "SEV2", service, started,
                        started.plusSeconds(10)));
        await().atMost(DEADLINE).until(() -> incident(incident) != null);

        // The catalog says which components exist; the incident says which are hurt.
        JsonPath status = statusJson();
        assertEquals("partial_outage", component(service));
        assertNotEquals("operational", status.getString("status"));
        Map<String, Object> listed = incident(incident);
        assertEquals("SEV2", listed.get("severity"));
        assertEquals("investigating", listed.get("status"));
        assertEquals(List.of(service), listed.get("services"));
        assertEquals(started.toString(), listed.get("startedAt"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> updates = (List<Map<String, Object>>) listed.get("updates");
        assertEquals(1, updates.size());
        assertEquals("investigating", updates.get(0).get("status"));
        assertThat((String) updates.get(0).get("text"), containsString("Severity: SEV2"));

        // The public page needs no token and escapes everything it shows.
        String html = given().get("/status").then().statusCode(200)
                .contentType(startsWith("text/html")).extract().asString();
        assertThat(html, containsString(service));
        assertThat(html, containsString("Errors on &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"));
        assertThat(html, not(containsString("<script")));
        assertThat(html, containsString("partial outage"));

        send(EventType.IncidentSeverityChanged, incident, Instant.now(),
                new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of("users affected 60% > 50%"),
                        "detection"));
        await().atMost(DEADLINE).until(() -> "major_outage".equals(component(service)));

        send(EventType.IncidentResolved, incident, Instant.now(),
                new Payloads.IncidentResolved("alice", "rolled back by hand", null, started, Instant.now()));
        await().atMost(DEADLINE).until(() -> "resolved".equals(incident(incident).get("status")));
        assertEquals("operational", component(service));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> after = (List<Map<String, Object>>) incident(incident).get("updates");
        assertEquals(List.of("investigating", "investigating", "resolved"),
                after.stream().map(u -> u.get("status")).toList());
        assertTrue(((String) after.get(2).get("text")).contains("rolled back by hand"));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void send(EventType type, UUID incident, Instant at, Record payload) {
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(type, incident, at, "detection", payload));
    }

    private void catalog(EventType type, Record payload) {
        broker.publish(Addresses.CATALOG_EVENTS, Payload.envelope(type, null, Instant.now(), "triage", payload));
    }

    private static JsonPath statusJson() {
        return given().auth().oauth2("viewer-token").get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }

    private static String component(String name) {
        return statusJson().getString("components.find { it.name == '" + name + "' }.status");
    }

    private static Map<String, Object> incident(UUID id) {
        return statusJson().getMap("incidents.find { it.id == '" + id + "' }");
    }
}
