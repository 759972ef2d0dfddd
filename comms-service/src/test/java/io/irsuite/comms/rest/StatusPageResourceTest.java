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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.comms.support.StatusApi.PROBLEM;
import static io.irsuite.comms.support.StatusApi.VIEWER;
import static io.irsuite.comms.support.StatusApi.deleteComponent;
import static io.irsuite.comms.support.StatusApi.html;
import static io.irsuite.comms.support.StatusApi.internalComponent;
import static io.irsuite.comms.support.StatusApi.internalPage;
import static io.irsuite.comms.support.StatusApi.publicJson;
import static io.irsuite.comms.support.StatusApi.publicPage;
import static io.irsuite.comms.support.StatusApi.publicStatus;
import static io.irsuite.comms.support.StatusApi.putComponent;
import static io.irsuite.comms.support.StatusApi.shortId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page over HTTP: public components only for everyone, everything for a viewer who asks, the
 * status derived from incidents that arrive on the broker, and the uptime history they leave behind.
 */
@QuarkusTest
class StatusPageResourceTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private final List<String> components = new ArrayList<>();
    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        components.forEach(c -> deleteComponent(c));
        broker.close();
    }

    @Test
    void anonymousReadersSeePublicComponentsOnlyAndViewersMayAskForEverything() {
        String id = shortId();
        component("sp-" + id + "-web", "Website " + id, "Shop " + id, true, List.of("sp-" + id + "-frontend"));
        component("sp-" + id + "-etl", "Nightly ETL " + id, null, false, List.of("sp-" + id + "-etl"));

        JsonPath page = publicPage();
        assertEquals("operational", publicStatus("Website " + id));
        assertEquals("Shop " + id, page.getString("components.find { it.displayName == 'Website " + id + "' }.group"));
        assertNull(publicStatus("Nightly ETL " + id), "a private component is not shown");
        String json = publicJson();
        assertThat(json, not(containsString("sp-" + id)));
        assertEquals(90, page.getList("components.find { it.displayName == 'Website " + id + "' }.uptime.days").size());
        assertThat(html(), containsString("Website " + id));
        assertThat(html(), not(containsString("Nightly ETL " + id)));

        Map<String, Object> etl = internalComponent("sp-" + id + "-etl");
        assertEquals(false, etl.get("public"));
        assertEquals(List.of("sp-" + id + "-etl"), etl.get("services"));
        assertEquals("operational", etl.get("status"));
        assertNotNull(internalPage().getMap("published"), "the internal view carries what customers see");
    }

    @Test
    void theInternalViewNeedsAViewerToken() {
        given().queryParam("internal", "true").get("/api/v1/status")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not-a-token").queryParam("internal", "true").get("/api/v1/status")
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2("ingest-token").queryParam("internal", "true").get("/api/v1/status")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(VIEWER).queryParam("internal", "maybe").get("/api/v1/status")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("internal"));
        given().auth().oauth2(VIEWER).queryParam("internal", "true").get("/api/v1/status").then().statusCode(200);
        given().queryParam("internal", "false").get("/api/v1/status").then().statusCode(200);
        given().get("/status").then().statusCode(200).contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
    }

    @Test
    void incidentsOnItsServicesSetAComponentsStatusAndLeaveTheirMarkInTheUptimeBar() {
        String id = shortId();
        String web = "Website " + id;
        String service = "sp-" + id + "-checkout";
        component("sp-" + id + "-web", web, null, true, List.of(service, "sp-" + id + "-cart"));
        UUID incident = UUID.randomUUID();
        Instant started = Instant.now();
        send(EventType.IncidentOpened, incident, started,
                Payload.opened("Errors on checkout", "SEV2", service, started, started));
        await().atMost(DEADLINE).until(() -> "partial_outage".equals(publicStatus(web)));
        JsonPath page = publicPage();
        String listed = "incidents.find { it.components.contains('" + web + "') }";
        assertEquals("Partial outage affecting " + web, page.getString(listed + ".title"));
        assertEquals("major", page.getString(listed + ".impact"));
        assertEquals("investigating", page.getString(listed + ".status"));
        assertEquals("We are investigating a partial outage affecting " + web + ".",
                page.getString(listed + ".updates[0].text"));

        send(EventType.IncidentSeverityChanged, incident, Instant.now(),
                new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of("users affected 60% > 50%"), "detection"));
        await().atMost(DEADLINE).until(() -> "major_outage".equals(publicStatus(web)));
        // the component shows it at once; the update telling it follows when the coalescing window closes
        await().atMost(DEADLINE).until(() -> publicPage().getList(listed + ".updates.status").size() == 2);

        send(EventType.IncidentResolved, incident, Instant.now(),
                new Payloads.IncidentResolved("alice", "rolled back by hand", null, started, Instant.now()));
        await().atMost(DEADLINE).until(() -> "operational".equals(publicStatus(web)));
        page = publicPage();
        assertEquals("resolved", page.getString(listed + ".status"));
        assertEquals(List.of("investigating", "investigating", "resolved"), page.getList(listed + ".updates.status"));
        assertThat(page.getString(listed + ".updates[2].text"), equalTo("This incident has been resolved and " + web
                + " is operating normally."));

        // the history outlives the incident: today's cell keeps the worst status and the uptime is below 100%
        String bar = "components.find { it.displayName == '" + web + "' }.uptime";
        assertEquals("major_outage", page.getString(bar + ".days[-1].status"));
        assertTrue(page.getDouble(bar + ".days[-1].uptimePercent") < 100.0, page.getString(bar));
        assertTrue(page.getDouble(bar + ".percent") < 100.0);
        assertEquals("no_data", page.getString(bar + ".days[0].status"), "the component did not exist 89 days ago");
    }

    @Test
    void aSev4IncidentLeavesTheComponentOperationalAndIsNotPublished() {
        String id = shortId();
        String service = "sp-" + id + "-docs";
        component("sp-" + id + "-docs", "Docs " + id, null, true, List.of(service));
        UUID incident = UUID.randomUUID();
        Instant now = Instant.now();
        send(EventType.IncidentOpened, incident, now, Payload.opened("Typo", "SEV4", service, now, now));
        await().atMost(DEADLINE).until(() -> internalPage().getList("incidents.id").contains(incident.toString()));
        assertEquals("operational", publicStatus("Docs " + id));
        assertEquals(false, internalPage().getBoolean("incidents.find { it.id == '" + incident + "' }.published"));
        assertEquals(0, publicPage().getList("incidents.findAll { it.components.contains('Docs " + id + "') }").size());
    }

    private void component(String name, String displayName, String group, boolean isPublic, List<String> services) {
        assertEquals(201, putComponent(name, displayName, group, isPublic, services));
        components.add(name);
    }

    private void send(EventType type, UUID incident, Instant at, Record payload) {
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(type, incident, at, "detection", payload));
    }
}
