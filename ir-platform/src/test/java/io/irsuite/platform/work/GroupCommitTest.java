package io.irsuite.platform.work;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What callers of a group commit see: batches form while one is applied; a bad item fails only itself. */
class GroupCommitTest extends OnVertx {

    @Test
    void itemsThatArriveDuringABatchFormTheNextOneInArrivalOrder() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstMayCommit = new CompletableFuture<>();
        GroupCommit<Integer> commit = new GroupCommit<>("test", vertx, 10, items -> {
            batches.add(items);
            // the first batch is held open until the others have queued up behind it
            return batches.size() == 1 ? Uni.createFrom().completionStage(firstMayCommit) : Uni.createFrom().voidItem();
        });
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            done.add(commit.submit(i).subscribeAsCompletionStage());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !batches.isEmpty());
        assertEquals(List.of(List.of(0)), List.copyOf(batches), "one batch at a time: the rest waits for the first");
        assertTrue(done.stream().noneMatch(CompletableFuture::isDone), "nobody is told before the commit");
        firstMayCommit.complete(null);
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        List<Integer> seen = new ArrayList<>();
        batches.forEach(seen::addAll);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(i);
        }
        assertEquals(expected, seen, "every item once, in arrival order");
        assertEquals(List.of(1, 10, 10, 4), batches.stream().map(List::size).toList(), "at most 10 per batch");
    }

    @Test
    void aFailingBatchIsAppliedItemByItemSoOnlyTheBadItemFails() throws Exception {
        List<List<String>> applied = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> firstMayCommit = new CompletableFuture<>();
        GroupCommit<String> commit = new GroupCommit<>("test", vertx, 10, items -> {
            if (items.contains("hold")) {
                return Uni.createFrom().completionStage(firstMayCommit);
            }
            if (items.contains("bad")) {
                return Uni.createFrom().failure(new IllegalArgumentException("bad item"));
            }
            applied.add(items);
            return Uni.createFrom().voidItem();
        });
        CompletableFuture<Void> hold = commit.submit("hold").subscribeAsCompletionStage();
        CompletableFuture<Void> a = commit.submit("a").subscribeAsCompletionStage();
        CompletableFuture<Void> bad = commit.submit("bad").subscribeAsCompletionStage();
        CompletableFuture<Void> b = commit.submit("b").subscribeAsCompletionStage();
        firstMayCommit.complete(null);
        hold.get(10, TimeUnit.SECONDS);
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
        Exception failure = assertThrows(Exception.class, () -> bad.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof IllegalArgumentException, failure.toString());
        assertEquals(List.of(List.of("a"), List.of("b")), applied, "the neighbours of the bad item, each alone, in order");
        // and the commit goes on with later items
        commit.submit("c").await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of("c"), applied.get(2));
    }
}
