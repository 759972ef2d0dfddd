package io.irsuite.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the other services would do, through the broker (ir-platform's {@link TestBroker}) and the HTTP API only. */
public final class Flows {

    public static final String ADMIN = "test-admin-token";
    private static final AtomicLong REVISION = new AtomicLong(System.currentTimeMillis());

    private static TestBroker broker;
    private static TestBroker.Reader comms;

    private Flows() {
    }

    /**
     * The test broker client, shared by every test; from its first use it reads comms' queue on
     * {@code incident-events} (comms does not run here), which gets a copy of every event remediation emits.
     */
    public static synchronized TestBroker broker() {
        if (broker == null) {
            broker = TestBroker.connect();
            comms = broker.read(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms"));
        }
        return broker;
    }

    /** Events on comms' queue about {@code incidentId}, in arrival order. */
    public static List<EventEnvelope> seenByComms(UUID incidentId) {
        broker();
        return comms.matching(json -> incidentId.toString().equals(json.getString("incidentId"))).stream()
                .map(Flows::envelope).toList();
    }

    private static EventEnvelope envelope(JsonObject json) {
        try {
            return TestBroker.JSON.readValue(json.encode(), EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event envelope: " + json, e);
        }
    }

    /** triage publishes a catalog entry; returns once remediation's replica shows it. */
    public static void catalog(String name, String namespace, String deployment) {
        long revision = REVISION.incrementAndGet();
        broker().sendCatalogEvent(EventType.CatalogServiceUpserted,
                new Payloads.CatalogServiceUpserted(name, 1, "team-x", "service", List.of(),
                        namespace == null ? null : new Payloads.KubernetesRef(namespace, deployment), revision));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2("viewer-token")
                .get("/api/v1/catalog/services/" + name).then().extract().jsonPath().get("revision"),
                // a 404 (not replicated yet) has no revision: poll on
                (Object seen) -> seen instanceof Number n && n.longValue() == revision);
    }

    public static void putRunbook(String id, String json) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(json)
                .when().put("/api/v1/runbooks/" + id)
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(200)));
    }

    /** triage publishes IncidentTriaged recommending {@code action} on {@code target}. */
    public static UUID triage(UUID incidentId, int version, String action, String target, boolean autoEligible,
                              boolean autoRemediate, String category) {
        var triaged = new Payloads.IncidentTriaged(version, "SEV2", List.of("errorRate 12% > 10%"),
                new Payloads.RootCause(target, category, 0.93, List.of("deploy 2 minutes before")),
                List.of(new Payloads.Candidate(target, category, 0.93)), List.of(target),
                List.of(new Payloads.RecommendedAction(action, target, autoEligible ? 0.93 : 0.6, autoEligible,
                        "deploy v2.3.1 precedes the errors")),
                autoRemediate);
        return broker().sendEvent(EventType.IncidentTriaged, incidentId, "triage", triaged);
    }

    /** An alert of the incident as detection describes it. */
    public static Payloads.Alert alert(String fingerprint, String service, String status) {
        return new Payloads.Alert(UUID.randomUUID(), fingerprint, "test", service, "HighErrorRate", status, "SEV2",
                "errors", null, java.util.Map.of(), Instant.now(), null, null, null, null);
    }

    /** detection opens the incident with one firing alert, started at {@code startedAt}. */
    public static void opened(UUID incidentId, String fingerprint, String service, Instant startedAt) {
        broker().sendEvent(EventType.IncidentOpened, incidentId, "detection", new Payloads.IncidentOpened("errors on " + service,
                "OPEN", "SEV2", List.of(service), startedAt, startedAt, alert(fingerprint, service, "firing")));
    }

    /** detection reports that one alert of the incident stopped firing. */
    public static void alertResolved(UUID incidentId, String fingerprint, String service) {
        broker().sendEvent(EventType.AlertResolved, incidentId, "detection",
                new Payloads.AlertResolved(alert(fingerprint, service, "resolved"), 0));
    }

    /** detection resolves the incident. */
    public static void resolved(UUID incidentId) {
        broker().sendEvent(EventType.IncidentResolved, incidentId, "detection",
                new Payloads.IncidentResolved("alice", "fixed by hand", "manual", Instant.now(), Instant.now()));
    }

    /** triage publishes IncidentTriaged recommending {@code actions} (each auto-eligible, with its confidence). */
    public static void triageMany(UUID incidentId, String category, List<Payloads.RecommendedAction> actions) {
        var triaged = new Payloads.IncidentTriaged(1, "SEV2", List.of("errorRate 12% > 10%"),
                new Payloads.RootCause(actions.get(0).target(), category, 0.93, List.of("deploy 2 minutes before")),
                List.of(), List.of(), actions, true);
        broker().sendEvent(EventType.IncidentTriaged, incidentId, "triage", triaged);
    }

    public static JsonPath executions(UUID incidentId) {
        return given().auth().oauth2("viewer-token").queryParam("incidentId", incidentId.toString())
                .when().get("/api/v1/executions")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the incident's first execution has {@code status}; the incident's executions (read {@code [0]...}). */
    public static JsonPath awaitExecution(UUID incidentId, String status) {
        AtomicReference<JsonPath> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath list = executions(incidentId);
            last.set(list);
            return status.equals(list.getString("[0].status"));
        });
        return last.get();
    }

    /** Waits until comms' queue has seen an event of {@code type} about the incident. */
    public static EventEnvelope awaitEvent(UUID incidentId, EventType type) {
        AtomicReference<EventEnvelope> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            seenByComms(incidentId).stream().filter(e -> e.type().equals(type.name())).findFirst()
                    .ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }
}
