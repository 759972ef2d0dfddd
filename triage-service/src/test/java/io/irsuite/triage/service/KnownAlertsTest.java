package io.irsuite.triage.service;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.triage.domain.AlertFacts;
import io.irsuite.triage.domain.IncidentAlert;
import io.irsuite.triage.repository.IncidentRepository;
import io.irsuite.triage.support.Events;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A re-triage reads only the alert rows changed since the last read, and still sees every alert as the database
 * has it: new ones, ones updated by a later event (Hibernate's flush), ones resolved one by one and all at once (a
 * bulk update), whichever replica wrote them. Each "replica" here is a {@link KnownAlerts} of its own over a
 * repository that counts the rows it returns.
 */
@QuarkusTest
class KnownAlertsTest {

    @Inject
    IncidentEventHandler handler;

    @Inject
    StoredJson stored;

    private final AtomicInteger rowsRead = new AtomicInteger();

    private final IncidentRepository counting = new IncidentRepository() {
        @Override
        public Uni<List<IncidentAlert>> alertsChangedSince(UUID incidentId, long sinceChange) {
            return super.alertsChangedSince(incidentId, sinceChange).invoke(rows -> rowsRead.addAndGet(rows.size()));
        }
    };

    @Test
    void aReadAfterTheFirstTakesOnlyTheRowsChangedSinceAndSeesThemAll() throws Throwable {
        KnownAlerts replica = new KnownAlerts(counting, stored, KnownAlerts.CAPACITY);
        String svc = "known-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(60);
        Payloads.Alert first = Events.alert(svc, "HighErrorRate", start, null);
        apply(Events.opened(incidentId, first));

        List<KnownAlerts.Known> read = read(replica, incidentId);
        assertEquals(1, rowsRead.getAndSet(0));
        assertEquals(List.of("HighErrorRate"), read.stream().map(k -> k.facts().name()).toList());
        assertTrue(read.get(0).facts().firing());

        // nothing changed: no row read, the same alerts
        assertEquals(read, read(replica, incidentId));
        assertEquals(0, rowsRead.getAndSet(0));

        // two new alerts (one inhibited, one started earlier), the first one re-sent with another summary
        Payloads.Alert db = Events.alert(svc + "-db", "ConnectionPoolExhausted", start.minusSeconds(30), null);
        Payloads.Alert inhibited = withInhibitor(Events.alert(svc, "HighLatency", start.plusSeconds(5), null), "x");
        Payloads.Alert resent = new Payloads.Alert(first.alertId(), first.fingerprint(), first.source(), svc,
                first.name(), "firing", first.severity(), "error rate 40%", null, Map.of(), start, null, null, null,
                null, null);
        apply(Events.attached(incidentId, db, List.of(svc, svc + "-db"), 2),
                Events.attached(incidentId, inhibited, List.of(svc, svc + "-db"), 3),
                Events.attached(incidentId, resent, List.of(svc, svc + "-db"), 3));
        read = read(replica, incidentId);
        assertEquals(3, rowsRead.getAndSet(0), "the two new rows and the updated one");
        assertEquals(List.of("ConnectionPoolExhausted", "HighErrorRate", "HighLatency"),
                read.stream().map(k -> k.facts().name()).toList(), "in the order they started");
        assertEquals("error rate 40%", read.get(1).facts().summary());
        assertEquals(List.of(false, false, true), read.stream().map(KnownAlerts.Known::inhibited).toList());

        // another replica, which never read this incident, reads it whole and sees the same
        KnownAlerts other = new KnownAlerts(counting, stored, KnownAlerts.CAPACITY);
        assertEquals(read, read(other, incidentId));
        assertEquals(3, rowsRead.getAndSet(0));

        // one alert resolved: only its row again
        apply(Events.envelope(EventType.AlertResolved, incidentId, new Payloads.AlertResolved(db, 2)));
        read = read(replica, incidentId);
        assertEquals(1, rowsRead.getAndSet(0));
        assertEquals(List.of(false, true, true), read.stream().map(k -> k.facts().firing()).toList());

        // the incident resolved (one bulk update of every alert): the database's trigger numbers those rows too
        read(other, incidentId);
        rowsRead.set(0);
        apply(Events.envelope(EventType.IncidentResolved, incidentId,
                new Payloads.IncidentResolved("alice", "fixed", null, start, Instant.now())));
        read = read(other, incidentId);
        assertEquals(2, rowsRead.getAndSet(0), "the two alerts still firing");
        assertFalse(read.stream().anyMatch(k -> k.facts().firing()));
    }

    @Test
    void atMostItsCapacityIsKeptTheIncidentsReadLeastRecentlyGoingFirst() throws Throwable {
        KnownAlerts replica = new KnownAlerts(counting, stored, 3);
        UUID big = incidentWith(2);
        UUID other = incidentWith(2);
        UUID tooBig = incidentWith(4);
        read(replica, big);
        assertEquals(2, replica.kept());
        read(replica, other);
        assertEquals(2, replica.kept(), "the incident read least recently made room");
        read(replica, tooBig);
        assertEquals(2, replica.kept(), "an incident bigger than the capacity is not kept");
        rowsRead.set(0);
        assertEquals(4, read(replica, tooBig).size());
        assertEquals(4, rowsRead.getAndSet(0), "and so read whole each time");
        read(replica, other);
        assertEquals(0, rowsRead.get(), "the one kept is read from what is kept");
        replica.forget(other);
        assertEquals(0, replica.kept());
    }

    /**
     * The alerts kept share one copy of each text they repeat (incident id, service, name, summary, label keys
     * and values), so that a storm's alerts take less heap each; what differs stays as it was.
     */
    @Test
    void keptAlertsShareTheTextsTheyRepeat() throws Throwable {
        KnownAlerts replica = new KnownAlerts(counting, stored, KnownAlerts.CAPACITY);
        UUID incidentId = incidentWith(3);
        List<KnownAlerts.Known> read = read(replica, incidentId);
        assertEquals(3, read.size());
        AlertFacts a = read.get(0).facts(), b = read.get(2).facts();
        assertSame(a.incidentId(), b.incidentId());
        assertEquals(incidentId.toString(), a.incidentId());
        assertSame(a.service(), b.service());
        assertSame(a.labels().get("region"), b.labels().get("region"));
        assertEquals(List.of("Alert0", "Alert1", "Alert2"), read.stream().map(k -> k.facts().name()).sorted().toList());
        assertEquals(a.labels().keySet(), b.labels().keySet());
        for (String key : a.labels().keySet()) {
            String keyOfB = b.labels().keySet().stream().filter(key::equals).findFirst().orElseThrow();
            assertSame(key, keyOfB, "label key " + key);
        }
        // a second incident of the same service: the service is the one already kept
        UUID another = incidentWith(1, a.service());
        assertSame(a.service(), read(replica, another).get(0).facts().service());
    }

    @Test
    void theSharedTextsAreBoundedAndStartAgainWhenFull() {
        KnownAlerts.Texts texts = new KnownAlerts.Texts();
        String first = texts.shared(new String("svc-a"));
        assertSame(first, texts.shared(new String("svc-a")));
        for (int i = 0; texts.size() < KnownAlerts.Texts.MAX; i++) {
            texts.shared("text-" + i);
        }
        String after = texts.shared(new String("svc-a"));
        assertEquals(1, texts.size(), "full: it started again with this text");
        assertNotSame(first, after);
        assertEquals("svc-a", after);
    }

    private UUID incidentWith(int alerts) throws Throwable {
        return incidentWith(alerts, "cap-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private UUID incidentWith(int alerts, String svc) throws Throwable {
        UUID incidentId = UUID.randomUUID();
        apply(Events.opened(incidentId, Events.alert(svc, "Alert0", Instant.now(), null)));
        for (int i = 1; i < alerts; i++) {
            apply(Events.attached(incidentId, Events.alert(svc, "Alert" + i, Instant.now(), null), List.of(svc), i + 1));
        }
        return incidentId;
    }

    private static Payloads.Alert withInhibitor(Payloads.Alert a, String inhibitor) {
        return new Payloads.Alert(a.alertId(), a.fingerprint(), a.source(), a.service(), a.name(), a.status(),
                a.severity(), a.summary(), a.description(), a.labels(), a.startsAt(), a.endsAt(), a.metrics(),
                a.runbookUrl(), a.dashboardUrl(), inhibitor);
    }

    private void apply(EventEnvelope... events) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> handler.applyAll(List.of(events)));
    }

    /** A read as a triage does it: in a transaction, with the incident's row locked. */
    private List<KnownAlerts.Known> read(KnownAlerts replica, UUID incidentId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> counting.lock(incidentId).chain(locked -> replica.of(incidentId))));
    }
}
