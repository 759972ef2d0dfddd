package io.irsuite.comms.rest;

import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.StatusApi;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.irsuite.comms.support.StatusApi.VIEWER;
import static io.irsuite.comms.support.StatusApi.html;
import static io.irsuite.comms.support.StatusApi.internalPage;
import static io.irsuite.comms.support.StatusApi.publicJson;
import static io.irsuite.comms.support.StatusApi.publicStatus;
import static io.irsuite.comms.support.StatusApi.putComponent;
import static io.irsuite.comms.support.StatusApi.shortId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A poisoned incident, driven through the real broker events comms consumes: every free-text field the
 * other services send (alert summary, description and labels, triage reasons and evidence, step output with
 * a stack trace and a response body, remediation reasons, notes) carries markers, and comms records page
 * notifications ("automation gave up ... Execution id"). The public HTML and JSON contain none of it and
 * still show the component degraded; the internal view shows that the poison did arrive.
 */
@QuarkusTest
class PoisonedIncidentStatusPageTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final String MARKER = "SECRET-MARKER";
    static final String URL = "http://internal.example";
    static final String STACK = "java.lang.IllegalStateException: " + MARKER + " pool exhausted\n"
            + "\tat io.irsuite.internal.Foo.bar(Foo.java:42)\n\tat io.irsuite.internal.Main.run(Main.java:7)";
    static final Pattern UUID_LIKE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private TestBroker broker;
    private final List<String> components = new ArrayList<>();

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        components.forEach(StatusApi::deleteComponent);
        broker.close();
    }

    @Test
    void nothingInternalReachesThePublicPageAndTheComponentStillShowsDegraded() {
        String id = shortId();
        String publicService = "pz-" + id + "-checkout";
        String internalService = "pz-" + id + "-orders-db";
        String componentKey = "pz-" + id + "-store";
        String display = "Storefront " + id;
        String runbook = "pz-" + id + "-runbook";
        assertEquals(201, putComponent(componentKey, display, "Shopping " + id, true, List.of(publicService)));
        components.add(componentKey);
        assertEquals(201, putComponent(componentKey + "-db", "Order database " + id, null, false,
                List.of(internalService)));
        components.add(componentKey + "-db");

        UUID incident = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> services = List.of(publicService, internalService);
        Payloads.Alert alert = poisonedAlert(publicService, t);
        List<Record> events = List.of(
                new Payloads.IncidentOpened(MARKER + " PoisonAlert on " + publicService + " " + URL, "OPEN", "SEV3",
                        services, t.minusSeconds(1), t, alert),
                new Payloads.AlertAttached(poisonedAlert(internalService, t), services, 2),
                new Payloads.IncidentTriaged(1, "SEV3", List.of(MARKER + " error rate 3% > 1% " + URL),
                        new Payloads.RootCause(internalService, "database", 0.9, List.of(STACK, "GET " + URL + "/debug")),
                        List.of(new Payloads.Candidate(internalService, "database", 0.9)), services,
                        List.of(new Payloads.RecommendedAction("rollback", publicService, 0.9, true,
                                MARKER + " deploy 42 at " + URL)), true),
                new Payloads.IncidentAcknowledged("alice", MARKER + " note: looking at " + URL, t),
                new Payloads.RemediationApprovalRequested(execution, runbook, "rollback", publicService,
                        MARKER + " approval because " + URL),
                new Payloads.RemediationStarted(execution, runbook, "rollback", publicService, MARKER + " top action"),
                new Payloads.RemediationStepCompleted(execution, "POST " + URL + "/rollback", "FAILED", 3,
                        "HTTP 500 {\"error\":\"" + MARKER + "\",\"trace\":\"" + STACK + "\"}"),
                new Payloads.RemediationFailed(execution, runbook, "rollback", publicService,
                        "step failed: " + STACK, Payloads.RemediationFailures.STEP_FAILED),
                new Payloads.RemediationOverdue(execution, runbook, "rollback", publicService, "SEV3", 3600, 4000),
                new Payloads.IncidentStatusChanged("TRIAGED", "MITIGATING", MARKER + " manual fix via " + URL, "alice"));
        for (int k = 0; k < events.size(); k++) {
            Record payload = events.get(k);
            EventType type = EventType.valueOf(payload.getClass().getSimpleName());
            broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(type, incident, t.plusMillis(10L * (k + 1)),
                    type.name().startsWith("Remediation") ? "remediation" : "detection", payload));
        }
        await().atMost(DEADLINE).until(() -> timelineSize(incident) >= events.size());
        // the changes among them go out as one coalesced update once the window (2 s in tests) closes
        await().atMost(DEADLINE).until(() -> internalPage().getList("incidents.find { it.id == '" + incident
                + "' }.updates.kind").contains("update"));

        // the poison arrived: the internal view has it, and the page notifications are stored
        JsonPath internal = internalPage();
        String mine = "incidents.find { it.id == '" + incident + "' }";
        List<String> kinds = internal.getList(mine + ".updates.kind");
        assertEquals(3, kinds.stream().filter("page"::equals).count(), kinds.toString());
        assertThat(internal.prettify(), containsString(MARKER));
        assertThat(internal.getString(mine + ".title"), containsString(MARKER));

        String json = publicJson();
        String page = html();
        for (String forbidden : List.of(MARKER, "internal.example", "://", execution.toString(), incident.toString(),
                "IllegalStateException", "Foo.java", "\tat ", "HTTP 500", runbook, publicService, internalService,
                componentKey, "Order database", "PoisonAlert", "Automation", "automation", "Execution", "approval",
                "alice", "rollback", "SEV3", "region", "eu-west-1", "pool exhausted", "error rate")) {
            assertFalse(json.contains(forbidden), "JSON shows " + forbidden + ": " + json);
            assertFalse(page.contains(forbidden), "HTML shows " + forbidden);
        }
        assertFalse(UUID_LIKE.matcher(json).find(), "an id in the JSON");
        assertFalse(UUID_LIKE.matcher(page).find(), "an id in the HTML");

        // ... and the customer still learns that the store is degraded, in words made for customers
        assertEquals("degraded_performance", publicStatus(display));
        JsonPath published = new JsonPath(json);
        String listed = "incidents.find { it.components.contains('" + display + "') }";
        assertEquals("Degraded performance affecting " + display, published.getString(listed + ".title"));
        assertEquals("identified", published.getString(listed + ".status"));
        assertEquals("minor", published.getString(listed + ".impact"));
        assertEquals(List.of(display), published.getList(listed + ".components"));
        assertEquals(List.of("investigating", "identified"), published.getList(listed + ".updates.status"));
        assertEquals("We have identified the cause of the issue affecting " + display
                + " and are working on a fix. Current impact: degraded performance.",
                published.getString(listed + ".updates[1].text"));
        assertThat(page, containsString(display));
        assertThat(page, containsString("Degraded performance"));
        assertThat(page, containsString("We are investigating degraded performance affecting " + display + "."));
        assertTrue(published.getList("components.displayName").contains(display));
    }

    private static Payloads.Alert poisonedAlert(String service, Instant at) {
        return new Payloads.Alert(UUID.randomUUID(), "fp-" + MARKER + "-" + service, "prometheus", service, "PoisonAlert",
                "firing", "SEV3", MARKER + " summary: 5xx on " + URL + "/api", MARKER + " description\n" + STACK,
                Map.of("region", "eu-west-1", "secret", MARKER, "url", URL), at, null,
                new Payloads.AlertMetrics(0.03, 900.0, 200.0, 3.0, null, false, false, false),
                URL + "/runbooks/" + MARKER, URL + "/dashboards/" + MARKER);
    }

    private static int timelineSize(UUID incident) {
        io.restassured.response.Response r = given().auth().oauth2(VIEWER)
                .get("/api/v1/incidents/" + incident + "/timeline");
        // the incident's own events: the stakeholder updates comms adds are not among them
        return r.statusCode() == 200 ? (int) r.jsonPath().getList("type").stream()
                .filter(type -> !"StakeholderUpdate".equals(type)).count() : 0;
    }
}
