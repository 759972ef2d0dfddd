package io.irsuite.platform.work;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.function.Function;

/**
 * Runs a step per item, one after the other, each after the previous one completed. Built on a concatenating
 * Multi, not on {@code chain} nested once per item: a chain of a few hundred steps that complete at once (a
 * Hibernate Reactive {@code persist} queues, it does not wait) unwinds as one deep call stack, and a stack
 * overflow inside a callback left the whole Uni silently unfinished (a storm's AlertAttached of 200 alerts
 * hung triage's transaction that way).
 */
public final class InOrder {

    private InOrder() {
    }

    /** {@code step} for each item in order; completes after the last one, fails with the first failure. */
    public static <T> Uni<Void> each(Iterable<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(step)
                .collect().last().replaceWithVoid();
    }
}
