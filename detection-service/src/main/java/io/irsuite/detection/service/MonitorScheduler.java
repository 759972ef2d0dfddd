package io.irsuite.detection.service;

import io.irsuite.platform.work.SafeContext;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * The tick of heartbeats and synthetic checks. Every replica ticks; the database claims make each due
 * heartbeat miss and each due probe happen on one replica, once. Each step fails on its own.
 */
@ApplicationScoped
public class MonitorScheduler {

    private final HeartbeatService heartbeats;
    private final CheckService checks;
    private final RaisedAlerts raised;
    private final Vertx vertx;

    public MonitorScheduler(HeartbeatService heartbeats, CheckService checks, RaisedAlerts raised, Vertx vertx) {
        this.heartbeats = heartbeats;
        this.checks = checks;
        this.raised = raised;
        this.vertx = vertx;
    }

    @Scheduled(every = "${ir.detection.heartbeats.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return SafeContext.run(vertx, () -> step("heartbeat deadlines", heartbeats::detectMissed)
                .chain(() -> step("due synthetic checks", checks::startDue))
                // last, so that the misses just marked go out in this tick
                .chain(() -> step("raised alerts", raised::deliverPending)));
    }

    private static Uni<Void> step(String what, Supplier<Uni<?>> work) {
        return Uni.createFrom().deferred(work)
                .onFailure().invoke(e -> Log.warnf("tick: %s failed (the next tick retries): %s", what, e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
