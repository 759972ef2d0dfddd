package io.irsuite.remediation.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.CoalescingWorker;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Hands executions to runners. Every replica claims, through the ledger (one advisory lock, so the
 * concurrency limits hold across replicas), the RUNNING executions nobody holds: new or approved ones
 * (queued), ones whose verification failed (to roll back), and ones whose runner stopped (lease
 * expired: another replica, or this one after a restart, takes them over from their last recorded
 * step). Kicked after every local change that may free a slot or queue work, and every
 * {@code ir.remediation.dispatch-interval} for what other replicas left. It also emits
 * RemediationOverdue for automation that outlives its incident's MTTR target.
 */
@ApplicationScoped
public class ExecutionDispatcher {

    private static final int BATCH = 20;

    private final ExecutionLedger ledger;
    private final ExecutionEngine engine;
    private final VertxContexts contexts;
    private final OutboxRelay relay;
    private final CoalescingWorker worker;

    public ExecutionDispatcher(ExecutionLedger ledger, ExecutionEngine engine, VertxContexts contexts, OutboxRelay relay,
                               Vertx vertx) {
        this.ledger = ledger;
        this.engine = engine;
        this.contexts = contexts;
        this.relay = relay;
        this.worker = new CoalescingWorker("execution dispatch", vertx, BATCH, this::dispatch, n -> {
        });
    }

    void onStart(@Observes StartupEvent event) {
        contexts.onSafeContext(ledger::releaseMine).subscribe().with(
                released -> {
                    if (released > 0) {
                        Log.warnf("%d execution(s) this runner held before it stopped are taken over again", released);
                    }
                    kick();
                },
                failure -> Log.errorf(failure, "releasing the executions of this runner failed; they are taken over when their lease expires"));
    }

    /** Claims and starts what may run now; never waits. */
    public void kick() {
        worker.kick();
    }

    @Scheduled(every = "${ir.remediation.dispatch-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        kick();
    }

    @Scheduled(every = "${ir.execution.sweep-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> mttrWatch() {
        return contexts.onSafeContext(ledger::markOverdue)
                .invoke(n -> {
                    if (n > 0) {
                        relay.kick();
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("MTTR watch failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One claim: the number of executions started. */
    Uni<Integer> dispatch() {
        return ledger.claim(BATCH).map(ids -> {
            ids.forEach(engine::start);
            return ids.size();
        });
    }
}
