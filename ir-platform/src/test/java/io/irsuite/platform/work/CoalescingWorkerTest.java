package io.irsuite.platform.work;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs one at a time, kicks during a run coalesce into one more, and in a burst that run waits its linger. */
class CoalescingWorkerTest extends OnVertx {

    /** A job whose runs each do {@code items} and end when the test lets them; it records when each started. */
    static final class Job {
        final List<Long> starts = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Integer>> runs = new CopyOnWriteArrayList<>();
        final AtomicInteger items;

        Job(int items) {
            this.items = new AtomicInteger(items);
        }

        Uni<Integer> run() {
            starts.add(System.nanoTime());
            CompletableFuture<Integer> end = new CompletableFuture<>();
            runs.add(end);
            return Uni.createFrom().completionStage(end);
        }

        /** Kicks during run {@code n} (1-based), then lets it end with its items. */
        void kickDuringAndEnd(CoalescingWorker worker, int n) {
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() >= n);
            worker.kick();
            worker.kick();
            runs.get(n - 1).complete(items.get());
        }

        /** A worker over this job (runs of up to 100 items; a burst is 50 items a second), kicked once. */
        CoalescingWorker kickedWorker(Duration linger) {
            CoalescingWorker worker = new CoalescingWorker("test", vertx, 100, this::run, done -> {
            }).lingerInBursts(50, linger);
            worker.kick();
            return worker;
        }

        long gapMillis(int n) {
            return (starts.get(n) - starts.get(n - 1)) / 1_000_000;
        }
    }

    @Test
    void kicksDuringARunCoalesceIntoOneMoreRunAtOnceBelowTheBurstRate() {
        Job job = new Job(1);
        CoalescingWorker worker = job.kickedWorker(Duration.ofSeconds(30));
        job.kickDuringAndEnd(worker, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> job.starts.size() == 2);
        job.runs.get(1).complete(1);
        // no kick during the second run: nothing more
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == 2);
    }

    @Test
    void inABurstTheRunAskedForAgainWaitsTheLinger() {
        Job job = new Job(60);
        CoalescingWorker worker = job.kickedWorker(Duration.ofMillis(700));
        job.kickDuringAndEnd(worker, 1);     // 60 items in this second: a burst
        await().atMost(Duration.ofSeconds(10)).until(() -> job.starts.size() == 2);
        assertTrue(job.gapMillis(1) >= 650, "the second run waited the linger, started after " + job.gapMillis(1) + " ms");
        job.kickDuringAndEnd(worker, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> job.starts.size() == 3);
        assertTrue(job.gapMillis(2) >= 650, "and so did the third: " + job.gapMillis(2) + " ms");
        job.items.set(0);
        job.runs.get(2).complete(0);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == 3);
    }

    @Test
    void aSteadyRateUnderTheBurstRateNeverWaitsHoweverItsRunsFallIntoTheOneSecondBuckets() {
        // 30 items every 0.7 s is 43 a second, under the 50 of a burst; two buckets of the last one to two seconds
        // hold 60 or 90 items between them, which, counted as the items of one second, made it a burst
        AtomicLong now = new AtomicLong();
        Job job = new Job(30);
        CoalescingWorker worker = new CoalescingWorker("test", vertx, 100, job::run, done -> {
        }).lingerInBursts(50, Duration.ofSeconds(30)).withClock(now::get);
        worker.kick();
        for (int n = 1; n <= 8; n++) {
            now.addAndGet(Duration.ofMillis(700).toNanos());
            job.kickDuringAndEnd(worker, n);
            int next = n + 1;
            // a linger would hold the next run for 30 s
            await().atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == next);
        }
        // and at 50 items every 0.7 s (71 a second) the run asked for again waits
        job.items.set(50);
        now.addAndGet(Duration.ofMillis(700).toNanos());
        job.kickDuringAndEnd(worker, 9);
        now.addAndGet(Duration.ofMillis(700).toNanos());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == 9);
    }

    @Test
    void anUrgentKickDoesNotWaitTheLinger() {
        Job job = new Job(60);
        CoalescingWorker worker = job.kickedWorker(Duration.ofSeconds(30));
        // a burst (60 items in this second): a plain kick during the run waits the 30 s linger ...
        job.kickDuringAndEnd(worker, 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == 1);
        // ... until an urgent kick starts it at once
        worker.kickNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == 2);
        // an urgent kick during a run: the next run starts right after it, burst or not
        await().atMost(Duration.ofSeconds(10)).until(() -> job.runs.size() >= 2);
        worker.kickNow();
        job.runs.get(1).complete(60);
        await().atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == 3);
        // and the next plain kick waits again
        job.kickDuringAndEnd(worker, 3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == 3);
    }

    @Test
    void aFullBatchRunsAgainAtOnceEvenInABurst() {
        Job job = new Job(100);
        CoalescingWorker worker = job.kickedWorker(Duration.ofSeconds(30));
        job.kickDuringAndEnd(worker, 1);     // a full batch: there is a backlog, no waiting
        await().atMost(Duration.ofSeconds(10)).until(() -> job.starts.size() == 2);
        // that run also covers the kicks made during the first: once it ends short, the worker is idle
        job.runs.get(1).complete(3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> job.starts.size() == 2);
        worker.kick();
        await().atMost(Duration.ofSeconds(10)).until(() -> job.starts.size() == 3);
        assertEquals(3, job.starts.size());
    }

    @Test
    void workersOnEventLoopsOfTheirOwnRunOnDifferentThreadsWhoeverKicksThem() {
        List<String> threads = new CopyOnWriteArrayList<>();
        Supplier<Uni<Integer>> job = () -> {
            threads.add(Thread.currentThread().getName());
            return Uni.createFrom().item(0);
        };
        CoalescingWorker first = new CoalescingWorker("first", vertx, 100, job, done -> {
        }).onOwnEventLoop();
        CoalescingWorker second = new CoalescingWorker("second", vertx, 100, job, done -> {
        }).onOwnEventLoop();
        // kicked one after the other on one event loop, as a consumer kicks after its commit
        vertx.runOnContext(ignored -> {
            first.kick();
            second.kick();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() == 2);
        assertTrue(threads.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")), threads.toString());
        assertEquals(2, threads.stream().distinct().count(), threads.toString());
    }
}
