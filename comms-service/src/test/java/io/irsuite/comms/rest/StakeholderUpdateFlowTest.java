package io.irsuite.comms.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.comms.service.StakeholderUpdates;
import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.WebhookReceiver;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.localstack.LocalStackTestResource;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.platform.work.SafeContext;
import io.vertx.core.Vertx;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.irsuite.comms.rest.NotificationFlowTest.field;
import static io.irsuite.comms.rest.NotificationFlowTest.shortId;
import static io.irsuite.comms.rest.NotificationFlowTest.timeline;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, part 4: stakeholders get the first notification at once, one update per burst of changes (the net
 * change, after the coalescing window: 2 s in tests), an update on the severity's cadence (the test moves the
 * database timer instead of waiting 15 minutes) and the resolution, which ends the cadence.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "comms"))
class StakeholderUpdateFlowTest {

    static final String ADMIN = "test-admin-token";
    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    StakeholderUpdates updates;
    @Inject
    Vertx vertx;

    private final List<String> channels = new ArrayList<>();
    private WebhookReceiver hook;
    private TestBroker broker;

    @BeforeEach
    void connect() throws Exception {
        broker = TestBroker.connect();
        hook = WebhookReceiver.start();
        String name = "stakeholders-" + shortId();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("type", "webhook", "url", hook.url()))
                .put("/api/v1/channels/" + name).then().statusCode(201);
        channels.add(name);
    }

    @AfterEach
    void cleanUp() {
        channels.forEach(name -> given().auth().oauth2(ADMIN).delete("/api/v1/channels/" + name));
        hook.close();
        broker.close();
    }

    @Test
    void aBurstOfChangesBecomesOneUpdateWithTheNetChangeThenTheCadenceComesRound() {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now();
        send(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("Checkout errors", "SEV2", "checkout", t0, t0));
        await().atMost(DEADLINE).until(() -> kinds(incident).equals(List.of("initial")));

        // a burst: three triage versions and a severity change, all within the window
        send(EventType.IncidentTriaged, incident, t0.plusSeconds(1), "triage", Payload.triaged(1, "SEV2", "payments-db", "checkout"));
        send(EventType.IncidentTriaged, incident, t0.plusSeconds(2), "triage", Payload.triaged(2, "SEV2", "orders", "checkout"));
        send(EventType.IncidentSeverityChanged, incident, t0.plusSeconds(3), "detection",
                new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of("error rate > 50%"), null));
        send(EventType.IncidentTriaged, incident, t0.plusSeconds(4), "triage", Payload.triaged(3, "SEV1", "payments-db", "checkout"));

        await().atMost(DEADLINE).until(() -> kinds(incident).size() == 2);
        JsonNode update = hook.forIncident(incident.toString()).get(1).json();
        assertEquals("update", update.get("kind").asText());
        assertEquals("SEV1", update.get("severity").asText());
        assertThat(update.get("text").asText(), allOf(
                containsString("[SEV1] Update on Checkout errors: severity raised from SEV2 to SEV1; "
                        + "likely root cause: payments-db (database)"),
                not(containsString("orders"))));
        // the window of that burst is over: nothing else comes of it (waited past a second window to be sure)
        await().pollDelay(Duration.ofSeconds(4)).atMost(DEADLINE).until(() -> true);
        assertEquals(List.of("initial", "update"), kinds(incident));
        Map<String, Object> entry = timeline(incident).stream().filter(e -> "StakeholderUpdate".equals(e.get("type")))
                .findFirst().orElseThrow();
        assertEquals("comms", entry.get("producer"));
        assertThat((String) entry.get("summary"), containsString("4 changes coalesced"));

        // the SEV1 cadence (15 min) comes round: the test moves the database timer rather than wait
        assertEquals(1, dueInSeconds(incident, 14 * 60, 15 * 60 + 5), "next update 15 min after the last one");
        expireCadence(incident);
        await().atMost(DEADLINE).until(() -> kinds(incident).size() == 3);
        JsonNode cadence = hook.forIncident(incident.toString()).get(2).json();
        assertEquals("update", cadence.get("kind").asText());
        assertThat(cadence.get("text").asText(), containsString(": no change since the last update at "));
        assertThat(field(timeline(incident), "summary"), hasItem(containsString("Stakeholder update on the SEV1 cadence")));

        // the resolution goes out at once and ends the cadence
        send(EventType.IncidentResolved, incident, Instant.now(), "detection",
                new Payloads.IncidentResolved(null, null, "all alerts resolved", null, Instant.now()));
        await().atMost(DEADLINE).until(() -> kinds(incident).size() == 4);
        assertEquals("resolution", kinds(incident).get(3));
        await().atMost(DEADLINE).until(() -> timerRow(incident).equals("null/null"));
    }

    @Test
    void changesThatCancelOutInsideTheWindowSendNothingAndAResolutionSupersedesAPendingUpdate() {
        UUID flapping = UUID.randomUUID();
        UUID quick = UUID.randomUUID();
        Instant t0 = Instant.now();
        send(EventType.IncidentOpened, flapping, t0, "detection", Payload.opened("Search latency", "SEV2", "search", t0, t0));
        send(EventType.IncidentOpened, quick, t0, "detection", Payload.opened("Cart errors", "SEV3", "cart", t0, t0));
        await().atMost(DEADLINE).until(() -> kinds(flapping).size() == 1 && kinds(quick).size() == 1);

        send(EventType.IncidentSeverityChanged, flapping, t0.plusSeconds(1), "detection",
                new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of(), null));
        send(EventType.IncidentSeverityChanged, flapping, t0.plusSeconds(2), "detection",
                new Payloads.IncidentSeverityChanged("SEV1", "SEV2", List.of(), null));
        send(EventType.IncidentTriaged, quick, t0.plusSeconds(1), "triage", Payload.triaged(1, "SEV3", "cart-db", "cart"));
        send(EventType.IncidentResolved, quick, t0.plusSeconds(2), "detection",
                new Payloads.IncidentResolved(null, null, "all alerts resolved", null, t0.plusSeconds(2)));

        await().atMost(DEADLINE).until(() -> kinds(quick).size() == 2);
        // both windows closed (2 s) and a sweep ran after them: wait for the timers, then check what was sent
        await().atMost(DEADLINE).until(() -> timerRow(flapping).startsWith("null/"));
        assertEquals(List.of("initial"), kinds(flapping), "a change and its undoing say nothing");
        assertEquals(List.of("initial", "resolution"), kinds(quick), "the resolution says it all");
    }

    @Test
    void twoSweepsRacingOnTheSameDueTimerSendTheUpdateOnce() {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now();
        send(EventType.IncidentOpened, incident, t0, "detection", Payload.opened("Orders down", "SEV1", "orders", t0, t0));
        await().atMost(DEADLINE).until(() -> kinds(incident).size() == 1);
        int before = updatesSent(incident);
        // many concurrent sweeps, as many replicas would run, on the same due timer
        expireCadence(incident);
        List<java.util.concurrent.CompletionStage<Integer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sweeps.add(SafeContext.run(vertx, updates::fireDue).subscribeAsCompletionStage());
        }
        AtomicInteger fired = new AtomicInteger();
        sweeps.forEach(f -> fired.addAndGet(f.toCompletableFuture().join()));
        await().atMost(DEADLINE).until(() -> kinds(incident).size() == 2);
        await().pollDelay(Duration.ofSeconds(2)).atMost(DEADLINE).until(() -> true);
        assertEquals(List.of("initial", "update"), kinds(incident), "one cadence update, whoever swept");
        assertTrue(fired.get() <= 1, "at most one of the racing sweeps sent it (the scheduled one may have): " + fired);
        assertEquals(1, updatesSent(incident) - before);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void send(EventType type, UUID incident, Instant at, String producer, Record payload) {
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(type, incident, at, producer, payload));
    }

    private List<String> kinds(UUID incident) {
        return hook.forIncident(incident.toString()).stream().map(r -> r.json().get("kind").asText()).toList();
    }

    private int updatesSent(UUID incident) {
        return pool.preparedQuery("SELECT count(*) FROM timeline_entry WHERE incident_id = $1 AND type = 'StakeholderUpdate'")
                .execute(Tuple.of(incident)).await().indefinitely().iterator().next().getInteger(0);
    }

    private void expireCadence(UUID incident) {
        pool.preparedQuery("UPDATE update_timer SET next_update_at = now() - interval '1 second' WHERE incident_id = $1")
                .execute(Tuple.of(incident)).await().indefinitely();
    }

    /** 1 when the cadence timer is between {@code min} and {@code max} seconds from now. */
    private int dueInSeconds(UUID incident, long min, long max) {
        return pool.preparedQuery("SELECT count(*) FROM update_timer WHERE incident_id = $1"
                        + " AND next_update_at BETWEEN now() + make_interval(secs => $2) AND now() + make_interval(secs => $3)")
                .execute(Tuple.of(incident, (double) min, (double) max)).await().indefinitely().iterator().next().getInteger(0);
    }

    /** "due_at/next_update_at", each null or "set". */
    private String timerRow(UUID incident) {
        var rows = pool.preparedQuery("SELECT due_at, next_update_at FROM update_timer WHERE incident_id = $1")
                .execute(Tuple.of(incident)).await().indefinitely();
        if (rows.size() == 0) {
            return "none";
        }
        var r = rows.iterator().next();
        return (r.getValue(0) == null ? "null" : "set") + "/" + (r.getValue(1) == null ? "null" : "set");
    }
}
