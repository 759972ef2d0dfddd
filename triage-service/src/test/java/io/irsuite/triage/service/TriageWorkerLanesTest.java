package io.irsuite.triage.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The worker's two lanes, over a stand-in for the triage computation: a new incident's first triage is computed
 * while a re-triage of a big incident is still going, instead of waiting for it.
 */
class TriageWorkerLanesTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void aFirstTriageIsComputedWhileAReTriageIsStillGoing() {
        CompletableFuture<Boolean> reTriage = new CompletableFuture<>();
        AtomicInteger firstTriagesWaiting = new AtomicInteger(1);
        List<String> computed = new CopyOnWriteArrayList<>();
        List<Boolean> asked = new CopyOnWriteArrayList<>();
        TriageWorker worker = new TriageWorker(vertx, (attempted, firstOnly) -> {
            asked.add(firstOnly);
            if (firstOnly) {
                // the new incident, once; then no first triage is waiting
                return Uni.createFrom().item(firstTriagesWaiting.getAndDecrement() > 0).invoke(found -> {
                    if (found) {
                        computed.add("first");
                    }
                });
            }
            // the big incident's re-triage, until the test lets it end; then nothing waits
            return asked.stream().filter(f -> !f).count() == 1
                    ? Uni.createFrom().completionStage(reTriage).invoke(found -> computed.add("re-triage"))
                    : Uni.createFrom().item(false);
        }, incident -> Uni.createFrom().voidItem(), () -> {
        });

        worker.kick();
        await().atMost(Duration.ofSeconds(10)).until(() -> computed.contains("first"));
        assertFalse(reTriage.isDone(), "the re-triage was still going");
        assertEquals(List.of("first"), computed);

        reTriage.complete(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> computed.contains("re-triage"));
    }

    @Test
    void aFailedTriageIsPostponedAndTheLaneGoesOn() {
        UUID failing = UUID.randomUUID();
        List<UUID> postponed = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger afterComputed = new AtomicInteger();
        TriageWorker worker = new TriageWorker(vertx, (attempted, firstOnly) -> {
            if (!firstOnly) {
                return Uni.createFrom().item(false);
            }
            if (runs.incrementAndGet() == 1) {
                attempted.set(failing);
                return Uni.createFrom().failure(new IllegalStateException("a version clash"));
            }
            return Uni.createFrom().item(false);
        }, incident -> {
            postponed.add(incident);
            return Uni.createFrom().voidItem();
        }, afterComputed::incrementAndGet);

        worker.kick();
        // postponed counts as work done: the lane runs again at once and finds nothing more
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 2);
        assertEquals(List.of(failing), postponed);
        assertEquals(1, afterComputed.get());
    }
}
