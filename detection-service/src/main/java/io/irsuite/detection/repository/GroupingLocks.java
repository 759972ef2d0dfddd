package io.irsuite.detection.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Per-service row locks that serialise grouping: while one transaction groups an alert of a
 * service, another one for the same service waits, so both cannot open an incident.
 */
@ApplicationScoped
public class GroupingLocks {

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
