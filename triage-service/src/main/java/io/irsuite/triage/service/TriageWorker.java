package io.irsuite.triage.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.CoalescingWorker;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Computes the triages that incident events asked for: right after each such event commits
 * ({@link #kick()}) and every second as the safety net (a crash, another replica's asks). Kicks while
 * a run is going coalesce into one more run, so a burst of alerts on an incident becomes one version.
 * A run computes one incident in its own transaction, publishes it, and runs again at once while
 * incidents are waiting (each run on a fresh Vert.x context): an incident's row is locked only while
 * that one incident is computed. An incident whose triage fails goes to the back of the queue (logged at
 * ERROR) instead of holding up the others. Replicas share the work: each takes incidents the others do
 * not hold.
 *
 * <p>Two lanes per replica, each on an event loop of its own: one computes only first triages, the other any
 * requested triage (first triages first). A new incident's first triage is what pages and remediates: it must not
 * wait for the re-triage of a big incident that the other lane is computing, neither for its turn nor for the
 * thread (reading and weighing hundreds of alerts is long on the CPU). The two lanes lock rows with
 * {@code SKIP LOCKED}, so they never compute the same incident at once.
 */
@ApplicationScoped
public class TriageWorker {

    /** Computes the triage of the next incident that asked for one; whether there was one. */
    @FunctionalInterface
    interface Next {
        Uni<Boolean> triage(AtomicReference<UUID> attempted, boolean firstOnly);
    }

    private final CoalescingWorker firstTriages;
    private final CoalescingWorker requestedTriages;

    @Inject
    public TriageWorker(TriageService triage, OutboxRelay relay, Vertx vertx) {
        this(vertx, triage::triageNextRequested, triage::postpone, relay::kick);
    }

    /** The lanes over {@code next}; {@code postpone} puts a failed incident back, {@code computed} runs after a triage. */
    TriageWorker(Vertx vertx, Next next, Function<UUID, Uni<Void>> postpone, Runnable computed) {
        this.firstTriages = lane("computing first triages", true, vertx, next, postpone, computed);
        this.requestedTriages = lane("computing requested triages", false, vertx, next, postpone, computed);
    }

    private static CoalescingWorker lane(String name, boolean firstOnly, Vertx vertx, Next next,
                                         Function<UUID, Uni<Void>> postpone, Runnable computed) {
        return new CoalescingWorker(name, vertx, 1, () -> {
            AtomicReference<UUID> attempted = new AtomicReference<>();
            return next.triage(attempted, firstOnly).map(found -> found ? 1 : 0)
                    .onFailure(f -> attempted.get() != null).recoverWithUni(f -> {
                        Log.errorf("triage of incident %s failed, retried after the others: %s", attempted.get(),
                                f.getMessage());
                        return postpone.apply(attempted.get()).replaceWith(1);
                    });
        }, done -> {
                    if (done > 0) {
                        computed.run();
                    }
                }).onOwnEventLoop();
    }

    public void kick() {
        firstTriages.kick();
        requestedTriages.kick();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        kick();
    }
}
