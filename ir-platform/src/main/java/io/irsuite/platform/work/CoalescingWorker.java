package io.irsuite.platform.work;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs a batch job right away when kicked, one run at a time: kicks while a run is going coalesce into
 * one more run, and a full batch runs again at once. This is how work that many events ask for (publish
 * the outbox, group stored alerts, compute requested triages) is done once per burst instead of once per
 * event. Each run gets a fresh, safe Vert.x duplicated context ({@link SafeContext}), which Hibernate
 * Reactive needs. The owner adds its own {@code @Scheduled} sweep that kicks, as the safety net for work
 * another replica or a crash left.
 */
public final class CoalescingWorker {

    private final String name;
    private final Vertx vertx;
    private final int batchSize;
    private final Supplier<Uni<Integer>> batch;
    private final IntConsumer afterBatch;
    /** 0 idle, 1 running, 2 running and asked to run again. */
    private final AtomicInteger state = new AtomicInteger();

    /**
     * @param name       what the job does, for the log
     * @param batchSize  a run that did this many items runs again at once
     * @param batch      one run; emits how many items it did
     * @param afterBatch called with that number after each run (e.g. to kick the outbox relay)
     */
    public CoalescingWorker(String name, Vertx vertx, int batchSize, Supplier<Uni<Integer>> batch,
                            IntConsumer afterBatch) {
        this.name = name;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.batch = batch;
        this.afterBatch = afterBatch;
    }

    /** Runs now, or once more after the run that is going; never waits. */
    public void kick() {
        if (state.getAndUpdate(s -> s == 0 ? 1 : 2) == 0) {
            run();
        }
    }

    private void run() {
        SafeContext.run(vertx, batch)
                .subscribe().with(done -> {
                    afterBatch.accept(done);
                    if (done >= batchSize || state.getAndUpdate(s -> s == 2 ? 1 : 0) == 2) {
                        state.set(1);
                        run();
                    }
                }, failure -> {
                    Log.warnf("%s failed (the next kick or sweep retries): %s", name, failure.getMessage());
                    state.set(0);
                });
    }
}
