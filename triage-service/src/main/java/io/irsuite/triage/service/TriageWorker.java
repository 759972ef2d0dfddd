package io.irsuite.triage.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.CoalescingWorker;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Computes the triages that incident events asked for: right after each such event commits
 * ({@link #kick()}) and every second as the safety net (a crash, another replica's asks). Kicks while
 * a run is going coalesce into one more run, so a burst of alerts on an incident becomes one version;
 * a full batch runs again at once. Each incident is computed in its own transaction, so that the alert
 * events of an incident wait for its row lock only while that one incident is computed, and each result
 * is published at once. Replicas share the work: each takes incidents the others do not hold.
 */
@ApplicationScoped
public class TriageWorker {

    static final int BATCH = 20;

    private final TriageService triage;
    private final OutboxRelay relay;
    private final CoalescingWorker worker;

    public TriageWorker(TriageService triage, OutboxRelay relay, Vertx vertx) {
        this.triage = triage;
        this.relay = relay;
        this.worker = new CoalescingWorker("computing requested triages", vertx, BATCH, () -> next(0), done -> {
        });
    }

    /** Up to {@link #BATCH} incidents, each in its own transaction and published at once; how many. */
    private Uni<Integer> next(int done) {
        if (done == BATCH) {
            return Uni.createFrom().item(done);
        }
        return triage.triageNextRequested().chain(found -> {
            if (!found) {
                return Uni.createFrom().item(done);
            }
            relay.kick();
            return next(done + 1);
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
