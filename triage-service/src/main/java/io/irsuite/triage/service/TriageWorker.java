package io.irsuite.triage.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.CoalescingWorker;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Computes the triages that incident events asked for: right after each such event commits
 * ({@link #kick()}) and every second as the safety net (a crash, another replica's asks). Kicks while
 * a run is going coalesce into one more run, so a burst of alerts on an incident becomes one version.
 * A run computes one incident in its own transaction, publishes it, and runs again at once while
 * incidents are waiting (each run on a fresh Vert.x context): an incident's row is locked only while
 * that one incident is computed. An incident whose triage fails goes to the back of the queue (logged at
 * ERROR) instead of holding up the others. Replicas share the work: each takes incidents the others do
 * not hold.
 */
@ApplicationScoped
public class TriageWorker {

    private final CoalescingWorker worker;

    public TriageWorker(TriageService triage, OutboxRelay relay, Vertx vertx) {
        this.worker = new CoalescingWorker("computing requested triages", vertx, 1, () -> {
            AtomicReference<UUID> attempted = new AtomicReference<>();
            return triage.triageNextRequested(attempted).map(found -> found ? 1 : 0)
                    .onFailure(f -> attempted.get() != null).recoverWithUni(f -> {
                        Log.errorf("triage of incident %s failed, retried after the others: %s", attempted.get(),
                                f.getMessage());
                        return triage.postpone(attempted.get()).replaceWith(1);
                    });
        }, done -> {
                    if (done > 0) {
                        relay.kick();
                    }
                });
    }

    public void kick() {
        worker.kick();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        kick();
    }
}
