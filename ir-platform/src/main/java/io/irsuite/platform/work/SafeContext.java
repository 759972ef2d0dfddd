package io.irsuite.platform.work;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Runs reactive database work on a fresh, safe Vert.x duplicated context, which Hibernate Reactive needs
 * and which background work (workers, group commits, timers, start-up) is not on by itself.
 */
public final class SafeContext {

    private SafeContext() {
    }

    /** {@code work} started on a new safe duplicated context; its outcome is signalled there. */
    public static <T> Uni<T> run(Vertx vertx, Supplier<? extends Uni<? extends T>> work) {
        return run(vertx.getOrCreateContext(), work);
    }

    /** As {@link #run(Vertx, Supplier)}, on a duplicate of {@code base} (its event loop). */
    public static <T> Uni<T> run(Context base, Supplier<? extends Uni<? extends T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(base);
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> Uni.createFrom().<T>deferred(work::get)
                    .subscribe().with(emitter::complete, emitter::fail));
        });
    }

    /**
     * Runs {@code action} on {@code context}, the one a caller was on, so that the caller continues there
     * (its request, its Hibernate session; an AMQP settlement goes through its connection's context, as
     * proton is not thread-safe); right here when the caller had none.
     */
    public static void resume(Context context, Runnable action) {
        if (context != null) {
            context.runOnContext(ignored -> action.run());
        } else {
            action.run();
        }
    }
}
