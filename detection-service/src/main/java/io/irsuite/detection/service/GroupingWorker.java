package io.irsuite.detection.service;

import io.irsuite.detection.config.IrConfig;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.CoalescingWorker;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Groups the alerts the batched ingest stored without an incident: right after each such batch
 * ({@link #kick}) and every second as the safety net (a crash, another replica's alerts). Kicks
 * while a run is going coalesce into one more run; a full batch runs again at once. In an alert storm
 * ({@code ir.detection.grouping.burst-rate}) that run waits {@code burst-linger} first, so that it groups
 * what keeps arriving in one go; but not for a new alert of a service that had none for a minute, which may
 * open a new incident: a new failure is not held back to batch a storm's attachments.
 */
@ApplicationScoped
public class GroupingWorker {

    private final CoalescingWorker worker;
    private final QuietServices quietServices = new QuietServices();

    public GroupingWorker(AlertIngestService ingest, OutboxRelay relay, Vertx vertx, IrConfig config) {
        int batch = config.detection().grouping().batchSize();
        this.worker = new CoalescingWorker("grouping stored alerts", vertx, batch, () -> ingest.groupPending(batch),
                grouped -> {
                    if (grouped > 0) {
                        relay.kick();
                    }
                }).lingerInBursts(config.detection().grouping().burstRate(), config.detection().grouping().burstLinger());
    }

    /** After a batch stored new alerts of {@code services}. */
    public void kick(Collection<String> services) {
        if (quietServices.anyQuietUntil(services, System.nanoTime())) {
            worker.kickNow();
        } else {
            worker.kick();
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        worker.kick();
    }

    /**
     * Per service, when this replica last stored a new alert of it: a hint for latency only (another replica's
     * alerts are not seen, and a forgotten service only costs one run that does not wait).
     */
    static final class QuietServices {

        /** A service with no new alert for this long is new to the storm: its next new alert is grouped at once. */
        static final Duration QUIET = Duration.ofMinutes(1);
        /** The most services remembered; past it, those quiet for {@link #QUIET} are forgotten, or all of them. */
        static final int REMEMBERED = 10_000;

        private final Map<String, Long> lastNewAlert = new ConcurrentHashMap<>();

        /** Whether one of {@code services} had no new alert for {@link #QUIET} before {@code now} (nanoseconds); records them. */
        boolean anyQuietUntil(Collection<String> services, long now) {
            long quiet = QUIET.toNanos();
            boolean any = false;
            for (String service : services) {
                Long last = lastNewAlert.put(service, now);
                any |= last == null || now - last >= quiet;
            }
            if (lastNewAlert.size() > REMEMBERED) {
                lastNewAlert.values().removeIf(last -> now - last >= quiet);
                if (lastNewAlert.size() > REMEMBERED) {
                    lastNewAlert.clear();
                }
            }
            return any;
        }

        int remembered() {
            return lastNewAlert.size();
        }
    }
}
