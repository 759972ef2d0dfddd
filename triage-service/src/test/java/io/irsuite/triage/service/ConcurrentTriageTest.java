package io.irsuite.triage.service;

import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.triage.repository.IncidentRepository;
import io.irsuite.triage.support.Events;
import io.irsuite.triage.support.Tokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several consumers (as N replicas would) apply alerts of one incident at the same time. Each stores
 * its alert and asks for a triage under the incident's row lock; the triage worker then computes one
 * version with all of them (a burst is one version, not one per alert), and versions stay consecutive
 * and distinct.
 */
@QuarkusTest
class ConcurrentTriageTest {

    @Inject
    IncidentEventHandler handler;

    @Inject
    TriageWorker worker;

    @Inject
    Pool pool;

    @Inject
    IncidentRepository incidents;

    private Boolean applyOnOwnContext(EventEnvelope envelope) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(List.of(envelope)));
    }

    @Test
    void aBurstOfConcurrentAlertsBecomesOneVersionWithAllOfThem() throws Exception {
        String svc = "conc-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        int parallel = 4;
        List<String> services = new ArrayList<>(List.of(svc));
        IntStream.range(0, parallel).forEach(i -> services.add(svc + "-" + i));

        try (TestBroker broker = TestBroker.connect();
             TestBroker.Reader comms = broker.read(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms"))) {
            EventEnvelope opened = Events.opened(incidentId, Events.alert(svc, "HighErrorRate", Instant.now(), null));
            ExecutorService pool = Executors.newFixedThreadPool(parallel + 1);
            try {
                List<Callable<Boolean>> tasks = new ArrayList<>();
                tasks.add(() -> {
                    try {
                        return applyOnOwnContext(opened);
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                });
                IntStream.range(0, parallel).forEach(i -> {
                    EventEnvelope attached = Events.attached(incidentId,
                            Events.alert(svc + "-" + i, "Alert" + i, Instant.now(), null), services, i + 2);
                    tasks.add(() -> {
                        try {
                            return applyOnOwnContext(attached);
                        } catch (Throwable t) {
                            throw new IllegalStateException(t);
                        }
                    });
                });
                List<Future<Boolean>> results = pool.invokeAll(tasks, 60, TimeUnit.SECONDS);
                for (Future<Boolean> result : results) {
                    assertTrue(result.get(), "every event stored and asked for a triage, none lost to a clash");
                }
            } finally {
                pool.shutdownNow();
            }
            worker.kick();

            // the newest version sees every alert of the burst (the safety-net sweep may have split it once)
            JsonObject latest = await().atMost(Duration.ofSeconds(30)).until(() -> triage(incidentId),
                    t -> t != null && candidates(t).equals(services.stream().sorted().toList()));
            int version = latest.getInteger("version");
            List<JsonObject> emitted = comms.awaitMatching(e -> "IncidentTriaged".equals(e.getString("type"))
                    && incidentId.toString().equals(e.getString("incidentId")), version, Duration.ofSeconds(30));
            List<Integer> versions = emitted.stream().map(e -> e.getJsonObject("payload").getInteger("version"))
                    .sorted().toList();
            assertEquals(IntStream.rangeClosed(1, version).boxed().toList(), versions, "consecutive versions, each once");
            assertTrue(version < parallel + 1, "the burst of " + (parallel + 1) + " alerts was coalesced: " + versions);
        }
    }

    @Test
    void aBatchOfEventsIsAppliedInOrderOnceEachInOneTransaction() throws Throwable {
        String svc = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        Payloads.Alert first = Events.alert(svc, "HighErrorRate", Instant.now(), null);
        Payloads.Alert second = Events.alert(svc + "-db", "ConnectionPoolExhausted", Instant.now(), null);
        EventEnvelope opened = Events.opened(incidentId, first);
        EventEnvelope attached = Events.attached(incidentId, second, List.of(svc, svc + "-db"), 2);
        EventEnvelope resolved = Events.envelope(EventType.AlertResolved, incidentId, new Payloads.AlertResolved(first, 1));
        // the incident is new to triage, an event is redelivered within the batch, an alert resolves in it
        assertTrue(VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(List.of(opened, attached, attached,
                resolved))), "the alert events asked for a triage");
        worker.kick();
        JsonObject latest = await().atMost(Duration.ofSeconds(30)).until(() -> triage(incidentId),
                t -> t != null && t.getInteger("alertCount") == 2);
        assertEquals(List.of(svc, svc + "-db").stream().sorted().toList(), candidates(latest));
        // all of it recorded: the same events again change nothing and ask for nothing
        assertFalse(VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(List.of(attached, opened))));
        assertEquals(latest.getInteger("version"), triage(incidentId).getInteger("version"));
    }

    @Test
    void alertsNewInABatchThatResolvesTheirIncidentAreStoredResolvedAndKeepTheirLaterChanges() throws Throwable {
        String svc = "resolved-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        Payloads.Alert first = Events.alert(svc, "HighErrorRate", Instant.now(), null);
        Payloads.Alert second = Events.alert(svc + "-db", "ConnectionPoolExhausted", Instant.now(), null);
        // the second alert again after the resolution, now with a figure: the row written before the resolution changes
        Payloads.Alert secondAgain = new Payloads.Alert(second.alertId(), second.fingerprint(), second.source(),
                second.service(), second.name(), "firing", second.severity(), second.summary(), second.description(),
                second.labels(), second.startsAt(), null,
                new Payloads.AlertMetrics(0.42, null, null, null, null, null, null, null), null, null, null);
        EventEnvelope resolved = Events.envelope(EventType.IncidentResolved, incidentId,
                new Payloads.IncidentResolved("alice", "fixed", "all alerts resolved", Instant.now(), Instant.now()));
        VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(List.of(Events.opened(incidentId, first),
                Events.attached(incidentId, second, List.of(svc, svc + "-db"), 2), resolved,
                Events.attached(incidentId, secondAgain, List.of(svc, svc + "-db"), 2))));
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("SELECT service, status, body FROM incident_alert WHERE incident_id = $1 ORDER BY service")
                .execute(Tuple.of(incidentId)).await().atMost(Duration.ofSeconds(10))
                .forEach(r -> {
                    JsonObject metrics = new JsonObject(r.getString("body")).getJsonObject("metrics");
                    rows.add(r.getString("service") + " " + r.getString("status") + " error rate "
                            + (metrics == null ? null : metrics.getDouble("errorRate")));
                });
        // the resolution resolved both (a later firing event of the same alert id cannot revive it), and the figure
        // that came after it was stored
        assertEquals(List.of(svc + " resolved error rate null", svc + "-db resolved error rate 0.42"), rows);
    }

    @Test
    void aFullBatchOfAlertsOnManyIncidentsIsStored() throws Throwable {
        String svc = "full-" + UUID.randomUUID().toString().substring(0, 8);
        List<EventEnvelope> batch = new ArrayList<>();
        List<UUID> incidents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            incidents.add(UUID.randomUUID());
        }
        for (int i = 0; i < 64; i++) {
            UUID incident = incidents.get(i % incidents.size());
            Payloads.Alert alert = Events.alert(svc + "-" + (i % 8), "Alert" + i, Instant.now(), null);
            batch.add(i < 8 ? Events.opened(incident, alert) : Events.attached(incident, alert, List.of(alert.service()), i / 8 + 1));
        }
        assertTrue(VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(batch)));
        worker.kick();
        for (UUID incident : incidents) {
            await().atMost(Duration.ofSeconds(30)).until(() -> triage(incident),
                    t -> t != null && t.getInteger("alertCount") == 8);
        }
    }

    @Test
    void anIncidentWhoseTriageFailsDoesNotHoldUpTheOthers() throws Throwable {
        String svc = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        UUID poisoned = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        assertTrue(VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(List.of(
                Events.opened(poisoned, Events.alert(svc, "HighErrorRate", Instant.now(), null))))));
        worker.kick();
        await().atMost(Duration.ofSeconds(30)).until(() -> triage(poisoned), t -> t != null && t.getInteger("version") == 1);
        // a version 2 that is already taken: the next triage of this incident cannot be stored
        pool.preparedQuery("INSERT INTO triage_result (id, incident_id, version, severity, auto_remediate, body, triaged_at) "
                + "VALUES ($1, $2, 2, 'SEV4', false, '{}', now())").execute(Tuple.of(UUID.randomUUID(), poisoned))
                .await().atMost(Duration.ofSeconds(10));
        assertTrue(VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(List.of(
                Events.attached(poisoned, Events.alert(svc, "HighLatency", Instant.now(), null), List.of(svc), 2),
                Events.opened(healthy, Events.alert(svc + "-other", "HighErrorRate", Instant.now(), null))))));
        worker.kick();
        // the failing incident is put back in the queue, and the other one is triaged all the same
        await().atMost(Duration.ofSeconds(30)).until(() -> triage(healthy), t -> t != null && t.getInteger("version") == 1);
    }

    @Test
    void anIncidentNeverTriagedIsTriagedBeforeReTriagesThatAskedEarlier() throws Throwable {
        UUID older = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        List<UUID> firstLane = new ArrayList<>();
        // inserted and read in one transaction that is rolled back: the worker never sees these rows
        List<UUID> order = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("INSERT INTO triage_incident (incident_id, title, services, version, "
                                + "resolved, created_at, updated_at, retriage_requested_at, last_triaged_at) VALUES "
                                + "(:older, NULL, '', 3, false, now(), now(), now() - interval '5 minutes', now() - interval '6 minutes'), "
                                + "(:fresh, NULL, '', 0, false, now(), now(), now(), NULL)")
                        .setParameter("older", older).setParameter("fresh", fresh).executeUpdate())
                // the lane for first triages takes only the new one
                .chain(() -> incidents.lockRetriageRequested(10_000, Instant.now(), true))
                .invoke(due -> due.stream().map(i -> i.incidentId).filter(id -> id.equals(older) || id.equals(fresh))
                        .forEach(firstLane::add))
                .chain(() -> incidents.lockRetriageRequested(10_000, Instant.now(), false))
                .map(due -> due.stream().map(i -> i.incidentId).filter(id -> id.equals(older) || id.equals(fresh)).toList())
                .call(() -> Panache.currentTransaction().invoke(Transaction::markForRollback))));
        assertEquals(List.of(fresh, older), order);
        assertEquals(List.of(fresh), firstLane);
    }

    @Test
    void aReTriageWaitsForItsPaceAndTheFirstTriageNever() throws Throwable {
        UUID paced = UUID.randomUUID();
        UUID due = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        // a big incident triaged a second ago waits until its not-before; one whose pace has passed is due; a new one is
        // never held back. Rolled back: the worker never sees these rows
        List<UUID> taken = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("INSERT INTO triage_incident (incident_id, title, services, version, resolved, "
                                + "created_at, updated_at, retriage_requested_at, last_triaged_at, retriage_not_before) VALUES "
                                + "(:paced, NULL, '', 5, false, now(), now(), now(), now() - interval '1 second', now() + interval '3 seconds'), "
                                + "(:due, NULL, '', 5, false, now(), now(), now(), now() - interval '5 seconds', now() - interval '1 second'), "
                                + "(:first, NULL, '', 0, false, now(), now(), now(), NULL, NULL)")
                        .setParameter("paced", paced).setParameter("due", due).setParameter("first", first).executeUpdate())
                .chain(() -> incidents.lockRetriageRequested(10_000, Instant.now(), false))
                .map(rows -> rows.stream().map(i -> i.incidentId).filter(id -> id.equals(paced) || id.equals(due)
                        || id.equals(first)).toList())
                .call(() -> Panache.currentTransaction().invoke(Transaction::markForRollback))));
        assertEquals(List.of(first, due), taken);
    }

    @Test
    void theReTriagePaceGrowsWithTheIncidentWithinItsBounds() {
        Duration min = Duration.ofSeconds(1), perAlert = Duration.ofMillis(10), max = Duration.ofSeconds(10);
        assertEquals(min, TriageService.retriagePace(3, min, perAlert, max));
        assertEquals(Duration.ofSeconds(4), TriageService.retriagePace(400, min, perAlert, max));
        assertEquals(max, TriageService.retriagePace(20_000, min, perAlert, max));
    }

    @Test
    void aTriageSetsItsIncidentsNextPace() throws Throwable {
        UUID incidentId = UUID.randomUUID();
        String svc = "paced-" + incidentId.toString().substring(0, 8);
        assertTrue(VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(List.of(
                Events.opened(incidentId, Events.alert(svc, "HighErrorRate", Instant.now(), null))))));
        worker.kick();
        await().atMost(Duration.ofSeconds(30)).until(() -> triage(incidentId), t -> t != null && t.getInteger("version") == 1);
        // one alert: the minimum interval (1 s) after the triage
        var row = pool.preparedQuery("SELECT extract(epoch FROM retriage_not_before - last_triaged_at) AS pace "
                + "FROM triage_incident WHERE incident_id = $1").execute(Tuple.of(incidentId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals(1.0, row.getNumeric("pace").doubleValue(), 0.001);
    }

    private static JsonObject triage(UUID incidentId) {
        var response = given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/incidents/" + incidentId + "/triage");
        return response.statusCode() == 200 ? new JsonObject(response.asString()) : null;
    }

    /** The services the root-cause analysis weighed: every alerting service it saw. */
    private static List<String> candidates(JsonObject triage) {
        List<String> out = new ArrayList<>();
        triage.getJsonArray("candidates").forEach(c -> out.add(((JsonObject) c).getString("service")));
        return out.stream().sorted().toList();
    }

}
