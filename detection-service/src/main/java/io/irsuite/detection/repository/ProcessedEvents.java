package io.irsuite.detection.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** The consumers' idempotency record. */
@ApplicationScoped
public class ProcessedEvents {

    /** Records the event in the current transaction; true if it was new, false if already processed. */
    public Uni<Boolean> markProcessed(UUID eventId, String type) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO processed_event (event_id, type, processed_at) VALUES (:id, :type, :at)
                        ON CONFLICT (event_id) DO NOTHING""")
                .setParameter("id", eventId)
                .setParameter("type", type)
                .setParameter("at", Instant.now())
                .executeUpdate())
                .map(rows -> rows == 1);
    }
}
