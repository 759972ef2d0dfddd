package io.irsuite.detection.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Groups the alerts the batched ingest stored without an incident: right after each such batch
 * ({@link #kick()}) and every second as the safety net (a crash, another replica's alerts). Kicks
 * while a run is going coalesce into one more run; a full batch runs again at once.
 */
@ApplicationScoped
public class GroupingWorker {

    static final int BATCH = 200;

    private final AlertIngestService ingest;
    private final OutboxRelay relay;
    private final Vertx vertx;
    /** 0 idle, 1 running, 2 running and asked to run again. */
    private final AtomicInteger state = new AtomicInteger();

    public GroupingWorker(AlertIngestService ingest, OutboxRelay relay, Vertx vertx) {
        this.ingest = ingest;
        this.relay = relay;
        this.vertx = vertx;
    }

    public void kick() {
        if (state.getAndUpdate(s -> s == 0 ? 1 : 2) == 0) {
            run();
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        kick();
    }

    private void run() {
        // a fresh, safe duplicated context: Hibernate Reactive keeps its session there
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> Uni.createFrom().deferred(() -> ingest.groupPending(BATCH))
                .subscribe().with(grouped -> {
                    if (grouped > 0) {
                        relay.kick();
                    }
                    if (grouped >= BATCH || state.getAndUpdate(s -> s == 2 ? 1 : 0) == 2) {
                        state.set(1);
                        run();
                    }
                }, failure -> {
                    Log.warnf("grouping stored alerts failed (retried within a second): %s", failure.getMessage());
                    state.set(0);
                }));
    }
}
