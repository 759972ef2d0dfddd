package io.irsuite.detection.service;

import io.irsuite.detection.config.IrConfig;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.CoalescingWorker;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Groups the alerts the batched ingest stored without an incident: right after each such batch
 * ({@link #kick()}) and every second as the safety net (a crash, another replica's alerts). Kicks
 * while a run is going coalesce into one more run; a full batch runs again at once. In an alert storm
 * ({@code ir.detection.grouping.burst-rate}) that run waits {@code burst-linger} first, so that it groups
 * what keeps arriving in one go.
 */
@ApplicationScoped
public class GroupingWorker {

    static final int BATCH = 200;

    private final CoalescingWorker worker;

    public GroupingWorker(AlertIngestService ingest, OutboxRelay relay, Vertx vertx, IrConfig config) {
        this.worker = new CoalescingWorker("grouping stored alerts", vertx, BATCH, () -> ingest.groupPending(BATCH),
                grouped -> {
                    if (grouped > 0) {
                        relay.kick();
                    }
                }).lingerInBursts(config.detection().grouping().burstRate(), config.detection().grouping().burstLinger());
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
