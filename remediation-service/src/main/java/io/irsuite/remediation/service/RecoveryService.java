package io.irsuite.remediation.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * Executions survive restarts: at start-up the RUNNING executions this runner left behind (it
 * crashed mid-run) are failed with "interrupted by a restart"; periodically, RUNNING executions of
 * any replica whose lease expired are failed too. Both emit RemediationFailed.
 */
@ApplicationScoped
public class RecoveryService {

    private final ExecutionLedger ledger;
    private final VertxContexts contexts;
    private final OutboxRelay relay;
    private final RemediationMetrics metrics;

    public RecoveryService(ExecutionLedger ledger, VertxContexts contexts, OutboxRelay relay, RemediationMetrics metrics) {
        this.ledger = ledger;
        this.contexts = contexts;
        this.relay = relay;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        recoverAtStartup().subscribe().with(
                failed -> {
                },
                failure -> Log.errorf(failure, "start-up recovery of interrupted executions failed; the lease sweep retries"));
    }

    @Scheduled(every = "${ir.execution.sweep-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sweepExpiredLeases()
                .onFailure().invoke(failure -> Log.warnf("lease sweep failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Fails what this runner left RUNNING (and any expired lease); the number failed. */
    public Uni<Integer> recoverAtStartup() {
        return contexts.onSafeContext(() -> ledger.failAbandoned(true)).map(this::after);
    }

    public Uni<Integer> sweepExpiredLeases() {
        return contexts.onSafeContext(() -> ledger.failAbandoned(false)).map(this::after);
    }

    private int after(List<ExecutionLedger.Transition> failed) {
        if (!failed.isEmpty()) {
            relay.kick();
            failed.forEach(t -> metrics.execution(t.action(), t.status()));
        }
        return failed.size();
    }
}
