package io.irsuite.platform.work;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs a batch job right away when kicked, one run at a time: kicks while a run is going coalesce into
 * one more run, and a full batch runs again at once. This is how work that many events ask for (publish
 * the outbox, group stored alerts, compute requested triages) is done once per burst instead of once per
 * event. Each run gets a fresh, safe Vert.x duplicated context ({@link SafeContext}), which Hibernate
 * Reactive needs. The owner adds its own {@code @Scheduled} sweep that kicks, as the safety net for work
 * another replica or a crash left.
 *
 * <p>In a burst ({@link #lingerInBursts}), a run asked for again waits a little first, so that it takes in one
 * go what keeps arriving instead of many small runs one after the other (each with its own transaction, and
 * often its own events for every service downstream); {@link #kickNow()} asks for a run that does not wait.
 */
public final class CoalescingWorker {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final Vertx vertx;
    private final int batchSize;
    private final Supplier<Uni<Integer>> batch;
    private final IntConsumer afterBatch;
    /** 0 idle, 1 running (or waiting to), 2 running and asked to run again. */
    private final AtomicInteger state = new AtomicInteger();
    private int burstPerSecond = Integer.MAX_VALUE;
    private long lingerMillis;
    private LongSupplier clock = System::nanoTime;
    // items done in the current and the previous bucket of at least a second, and how long that one lasted;
    // touched only after a run, and runs are one at a time
    private long bucketStart = clock.getAsLong();
    private long inBucket;
    private long inPreviousBucket;
    private long previousBucketNanos;

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

    /**
     * While the runs of the last second or two did at least {@code burstPerSecond} items a second, a run asked for again
     * during the one before starts {@code linger} after it instead of at once (a full batch still runs again at
     * once: there is a backlog). Below that rate nothing waits. Returns this worker.
     */
    public CoalescingWorker lingerInBursts(int burstPerSecond, Duration linger) {
        this.burstPerSecond = burstPerSecond;
        this.lingerMillis = linger.toMillis();
        return this;
    }

    /** Runs now, or once more after the run that is going (after its linger in a burst). */
    public void kick() {
        if (state.getAndUpdate(s -> s == 0 ? 1 : 2) == 0) {
            run();
        }
    }

    /**
     * As {@link #kick()}, but for work that must not wait for a burst's linger (e.g. an alert that may open a new
     * incident): the run asked for starts right after the one going, and a run waiting its linger starts now.
     */
    public void kickNow() {
        urgent = true;
        Runnable waiting = lingering;
        if (waiting != null) {
            waiting.run();
        }
        kick();
    }

    /** An urgent kick came since the current run started. */
    private volatile boolean urgent;
    /** Starts the run that waits its linger (once, whoever calls it first: the timer or an urgent kick); or null. */
    private volatile Runnable lingering;

    /** The context whose event loop every run is on; null: the kicker's. */
    private volatile Context home;

    /**
     * Every run on one event loop of its own, picked now (the next of Vert.x's event loops), instead of the one
     * that kicked it. For workers whose runs are long on the CPU (parsing and computing between queries): two of
     * them kicked by one consumer would otherwise take turns on that consumer's thread. Returns this worker.
     */
    public CoalescingWorker onOwnEventLoop() {
        // Vert.x has no public way to ask for a new event-loop context; Quarkus uses the same internal call
        home = ((VertxInternal) vertx).createEventLoopContext();
        return this;
    }

    private void run() {
        lingering = null;
        urgent = false;
        SafeContext.run(home != null ? home : vertx.getOrCreateContext(), batch)
                .subscribe().with(done -> {
                    afterBatch.accept(done);
                    boolean burst = perSecond(done) >= burstPerSecond;
                    if (done >= batchSize) {
                        state.set(1);
                        run();
                    } else if (state.getAndUpdate(s -> s == 2 ? 1 : 0) == 2) {
                        if (burst && lingerMillis > 0 && !urgent) {
                            AtomicBoolean started = new AtomicBoolean();
                            Runnable start = () -> {
                                if (started.compareAndSet(false, true)) {
                                    run();
                                }
                            };
                            lingering = start;
                            vertx.setTimer(lingerMillis, timer -> start.run());
                            if (urgent) {
                                start.run(); // an urgent kick came while the linger was being set up
                            }
                        } else {
                            run();
                        }
                    }
                }, failure -> {
                    Log.warnf("%s failed (the next kick or sweep retries): %s", name, failure.getMessage());
                    state.set(0);
                });
    }

    /**
     * Adds a run's items and returns the items a second of the last one to two seconds: the items of the current
     * bucket and of the one before it, over the time they span. A bucket closes with the first run that ends a
     * second or more after it opened; one that stayed open two seconds or more (a quiet spell) counts as that last
     * run's items in one second.
     */
    private double perSecond(int done) {
        long now = clock.getAsLong();
        long age = now - bucketStart;
        inBucket += done;
        if (age < SECOND) {
            return (inBucket + inPreviousBucket) * (double) SECOND / Math.max(SECOND, previousBucketNanos + age);
        }
        boolean quiet = age >= 2 * SECOND;
        inPreviousBucket = quiet ? done : inBucket;
        previousBucketNanos = quiet ? SECOND : age;
        inBucket = 0;
        bucketStart = now;
        return inPreviousBucket * (double) SECOND / previousBucketNanos;
    }

    /** Tests: the clock the burst rate is measured with (nanoseconds, as {@link System#nanoTime()}). */
    CoalescingWorker withClock(LongSupplier nanoTime) {
        this.clock = nanoTime;
        this.bucketStart = nanoTime.getAsLong();
        return this;
    }
}
