package io.irsuite.triage.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.CoalescingWorker;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Computes the triages that incident events asked for: right after each such event commits
 * ({@link #kick()}) and every second as the safety net (a crash, another replica's asks). Kicks while
 * a run is going coalesce into one more run, so a burst of alerts on an incident becomes one version;
 * a full batch runs again at once. Replicas share the work: each takes incidents the others do not hold.
 */
@ApplicationScoped
public class TriageWorker {

    static final int BATCH = 20;

    private final CoalescingWorker worker;

    public TriageWorker(TriageService triage, OutboxRelay relay, Vertx vertx) {
        this.worker = new CoalescingWorker("computing requested triages", vertx, BATCH,
                () -> triage.triageRequested(BATCH), done -> {
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
