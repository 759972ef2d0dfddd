package io.irsuite.remediation.service;

import io.irsuite.platform.work.SafeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs reactive database work on a fresh, safe Vert.x duplicated context (ir-platform's
 * {@link SafeContext}): the injectable form for the engine after a delay, consumers and start-up.
 */
@ApplicationScoped
public class VertxContexts {

    private final Vertx vertx;

    public VertxContexts(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> onSafeContext(Supplier<Uni<T>> work) {
        return SafeContext.run(vertx, work);
    }
}
