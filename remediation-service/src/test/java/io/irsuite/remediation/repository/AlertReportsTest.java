package io.irsuite.remediation.repository;

import io.irsuite.remediation.Flows;
import io.irsuite.remediation.repository.IncidentStateRepository.AlertReport;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A storm's batch of alert reports on the real PostgreSQL: one statement per {@link
 * IncidentStateRepository#ALERTS_PER_STATEMENT} alerts leaves what applying the reports one by one in order would.
 */
@QuarkusTest
class AlertReportsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Inject
    IncidentStateRepository incidents;

    private static AlertReport report(UUID incident, String fingerprint, boolean firing, Instant at) {
        return new AlertReport(incident, Flows.alert(fingerprint, "svc-" + fingerprint, firing ? "firing" : "resolved"),
                firing, at);
    }

    private void record(List<AlertReport> reports) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> incidents.recordAlerts(reports)));
    }

    private List<String> firing(UUID incident) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> incidents.firingAlerts(incident)));
    }

    private long count(UUID incident) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> incidents.alertCount(incident)));
    }

    @Test
    void aBatchLeavesTheNewestReportOfEachAlertAcrossSeveralStatements() throws Throwable {
        UUID incident = UUID.randomUUID();
        List<AlertReport> batch = new ArrayList<>();
        int alerts = IncidentStateRepository.ALERTS_PER_STATEMENT * 2 + 50; // three statements
        for (int i = 0; i < alerts; i++) {
            batch.add(report(incident, "fp-" + i, true, T0.plusSeconds(i)));
        }
        batch.add(report(incident, "fp-1", false, T0.plusSeconds(1000)));    // resolved later in the same batch
        batch.add(report(incident, "fp-2", false, T0));                      // an older report, later in the batch
        batch.add(report(incident, "fp-3", false, T0.plusSeconds(3)));       // as new as the firing one: the last wins
        record(batch);

        assertEquals(alerts, count(incident));
        List<String> firing = firing(incident);
        assertEquals(alerts - 2, firing.size());
        assertEquals(false, firing.contains("HighErrorRate on svc-fp-1"));
        assertEquals(true, firing.contains("HighErrorRate on svc-fp-2"));
        assertEquals(false, firing.contains("HighErrorRate on svc-fp-3"));

        // a later batch with an older report changes nothing; a newer one does
        record(List.of(report(incident, "fp-1", true, T0.plusSeconds(999)), report(incident, "fp-4", false, T0.plusSeconds(5000))));
        firing = firing(incident);
        assertEquals(false, firing.contains("HighErrorRate on svc-fp-1"));
        assertEquals(false, firing.contains("HighErrorRate on svc-fp-4"));
        assertEquals(alerts - 3, firing.size());
    }

    @Test
    void twoReplicasRecordingTheSameAlertsInOtherOrdersDoNotDeadlock() throws Throwable {
        UUID incident = UUID.randomUUID();
        List<AlertReport> forward = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            forward.add(report(incident, "fp-" + i, true, T0));
        }
        List<AlertReport> backward = new ArrayList<>(forward);
        java.util.Collections.reverse(backward);
        // replica A writes the first 200 alerts, keeps its transaction open while replica B starts on all 300 in the
        // opposite order, then writes the other 100: unless both lock in one order, each waits for the other's rows
        java.util.concurrent.CompletableFuture<Void> firstWritten = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> replicaA = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> incidents
                        .recordAlerts(forward.subList(0, 200))
                        .invoke(() -> firstWritten.complete(null))
                        .chain(() -> io.smallrye.mutiny.Uni.createFrom().<Void>emitter(e -> io.vertx.core.Vertx.currentContext()
                                .owner().setTimer(500, id -> e.complete(null))))
                        .chain(() -> incidents.recordAlerts(forward.subList(200, 300)))));
            } catch (Throwable e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        firstWritten.get(30, java.util.concurrent.TimeUnit.SECONDS);
        record(backward);
        replicaA.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(300, count(incident));
        assertEquals(300, firing(incident).size());
    }
}
