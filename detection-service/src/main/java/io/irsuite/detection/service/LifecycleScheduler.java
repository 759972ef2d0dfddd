package io.irsuite.detection.service;

import io.irsuite.platform.outbox.OutboxRelay;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Resolves incidents that stayed quiet for the stabilisation window. */
@ApplicationScoped
public class LifecycleScheduler {

    private final LifecycleService lifecycle;
    private final OutboxRelay relay;

    public LifecycleScheduler(LifecycleService lifecycle, OutboxRelay relay) {
        this.lifecycle = lifecycle;
        this.relay = relay;
    }

    @Scheduled(every = "${ir.detection.lifecycle-check-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return lifecycle.resolveStableIncidents()
                .invoke(resolved -> {
                    if (resolved > 0) {
                        relay.kick();
                    }
                })
                .onFailure().invoke(e -> Log.warnf("stabilisation check failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
