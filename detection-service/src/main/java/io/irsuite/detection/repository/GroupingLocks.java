package io.irsuite.detection.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The locks of ingest. Per-service rows serialise dedup (two copies of one new alert cannot both
 * insert it); one transaction-scoped advisory lock serialises grouping decisions across replicas.
 * Order: service rows (sorted), then the advisory lock, then incident rows — never the reverse.
 */
@ApplicationScoped
public class GroupingLocks {

    /** Key of the advisory lock for grouping decisions (any constant no other code uses). */
    static final long GROUPING_DECISIONS_KEY = 0x1d6e0b5ec7100001L;

    /**
     * Serialises grouping decisions until the transaction ends (re-entrant within it). Which
     * incidents an alert joins or merges depends on every open incident near it in the graph, so
     * one lock for all decisions is the simple way to make two concurrent alerts of one failure
     * see each other.
     */
    public Uni<Void> lockGroupingDecisions() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT CAST(1 AS integer) FROM pg_advisory_xact_lock(" + GROUPING_DECISIONS_KEY + ")",
                        Integer.class)
                .getSingleResult()).replaceWithVoid();
    }

    /** Locks every key until the transaction ends; sorted so that two batches cannot deadlock. */
    public Uni<Void> lock(Collection<String> keys) {
        return Multi.createFrom().iterable(new TreeSet<>(keys))
                .onItem().transformToUniAndConcatenate(this::lockOne)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Integer> lockOne(String key) {
        // DO UPDATE (unlike DO NOTHING) takes the row lock whether the row is new or not
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO grouping_lock (service) VALUES (:key)
                        ON CONFLICT (service) DO UPDATE SET service = EXCLUDED.service""")
                .setParameter("key", key)
                .executeUpdate());
    }
}
