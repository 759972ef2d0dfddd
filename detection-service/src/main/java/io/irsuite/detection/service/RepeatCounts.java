package io.irsuite.detection.service;

import io.irsuite.detection.repository.IngestBatches;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Repeats of firing alerts, counted in memory and added to their rows every second in one statement:
 * a storm of re-sent alerts (Alertmanager re-sends every firing alert of a group) then costs a read per
 * batch and no write per request. The alert itself is already stored; what a crash can lose is at most
 * a second of repeat counts and last-seen times (the dedup cooldown is 30 minutes). Each replica adds
 * its own counts, so replicas add up.
 */
@ApplicationScoped
public class RepeatCounts {

    private final IngestBatches batches;
    private Map<UUID, Integer> counts = new HashMap<>();
    private Map<UUID, Instant> lastSeen = new HashMap<>();

    public RepeatCounts(IngestBatches batches) {
        this.batches = batches;
    }

    public synchronized void add(UUID alertId, int repeats, Instant seen) {
        counts.merge(alertId, repeats, Integer::sum);
        lastSeen.merge(alertId, seen, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        Map<UUID, Integer> c;
        Map<UUID, Instant> s;
        synchronized (this) {
            if (counts.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            c = counts;
            s = lastSeen;
            counts = new HashMap<>();
            lastSeen = new HashMap<>();
        }
        return batches.countRepeats(c, s).onFailure().invoke(f -> {
            Log.warnf("adding %d alerts' repeat counts failed, kept for the next second: %s", c.size(), f.getMessage());
            c.forEach((id, n) -> add(id, n, s.get(id)));
        }).onFailure().recoverWithNull();
    }

    void onStop(@Observes ShutdownEvent stop) {
        flush().await().atMost(Duration.ofSeconds(5));
    }
}
