package io.irsuite.platform.work;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Group commit for work that arrives one item at a time from concurrent callers (e.g. the copies of a
 * message channel): the items that arrive while a batch is being applied form the next batch, applied
 * in one transaction by {@code apply}, in arrival order. Each caller's Uni completes, on the caller's
 * context, once the batch that holds its item committed, so a message is still acknowledged only after
 * its effect is durable. When a batch of several items fails, each of them is applied alone, so that one
 * bad item fails only its own caller (and its own message is redelivered), never its neighbours'.
 * One batch at a time per instance; each runs on a fresh, safe Vert.x duplicated context ({@link SafeContext}).
 * Everything queued waits for the running batch, so a batch still running after {@link #SLOW_BATCH} is logged
 * at WARN, again every {@link #SLOW_BATCH}, until it ends.
 */
public final class GroupCommit<T> {

    /** A batch running longer than this holds up every item queued behind it: said in the log. */
    static final Duration SLOW_BATCH = Duration.ofSeconds(30);

    private record Item<T>(T value, UniEmitter<? super Void> emitter, Context context) {
    }

    private final String name;
    private final Vertx vertx;
    private final int maxBatch;
    private final Function<List<T>, Uni<Void>> apply;
    private final ConcurrentLinkedQueue<Item<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param name     what a batch does, for the log
     * @param maxBatch at most this many items per transaction
     * @param apply    applies the items in one transaction; its Uni completes after the commit
     */
    public GroupCommit(String name, Vertx vertx, int maxBatch, Function<List<T>, Uni<Void>> apply) {
        this.name = name;
        this.vertx = vertx;
        this.maxBatch = maxBatch;
        this.apply = apply;
    }

    /** Queues {@code item} for the next batch; completes once that batch committed, or fails with its failure. */
    public Uni<Void> submit(T item) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Item<>(item, emitter, Vertx.currentContext()));
            drain();
        });
    }

    private void drain() {
        if (queue.isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        List<Item<T>> batch = new ArrayList<>();
        for (Item<T> item; batch.size() < maxBatch && (item = queue.poll()) != null; ) {
            batch.add(item);
        }
        if (batch.isEmpty()) {
            finish();
            return;
        }
        run(batch).subscribe().with(ok -> {
            finish();
            batch.forEach(i -> complete(i, null));
        }, failure -> {
            if (batch.size() == 1) {
                finish();
                complete(batch.get(0), failure);
                return;
            }
            Log.infof("%s: a batch of %d failed (%s); applying each alone", name, batch.size(), failure.getMessage());
            alone(batch, 0);
        });
    }

    /** After a failed batch: each item in its own transaction, one after the other, still in order. */
    private void alone(List<Item<T>> batch, int next) {
        if (next == batch.size()) {
            finish();
            return;
        }
        Item<T> item = batch.get(next);
        run(List.of(item)).subscribe().with(ok -> {
            complete(item, null);
            alone(batch, next + 1);
        }, failure -> {
            complete(item, failure);
            alone(batch, next + 1);
        });
    }

    private Uni<Void> run(List<Item<T>> batch) {
        List<T> values = batch.stream().map(Item::value).toList();
        long started = System.nanoTime();
        long watch = vertx.setPeriodic(SLOW_BATCH.toMillis(), id -> Log.warnf(
                "%s: a batch of %d has been running for %d s; %d item(s) wait behind it", name, values.size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), queue.size()));
        return SafeContext.run(vertx, () -> apply.apply(values)).onTermination().invoke(() -> vertx.cancelTimer(watch));
    }

    private void finish() {
        running.set(false);
        drain();
    }

    private static <T> void complete(Item<T> item, Throwable failure) {
        // the caller continues on its own context (its message, its channel copy)
        SafeContext.resume(item.context(), () -> {
            if (failure != null) {
                item.emitter().fail(failure);
            } else {
                item.emitter().complete(null);
            }
        });
    }
}
