package io.irsuite.remediation.service;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs reactive database work on a fresh, safe Vert.x duplicated context. Hibernate Reactive
 * needs one; background work (the engine after a delay, consumers, start-up) may not be on one.
 */
@ApplicationScoped
public class VertxContexts {

    private final Vertx vertx;

    public VertxContexts(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> onSafeContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                try {
                    work.get().subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }
}
