package io.irsuite.comms.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** The idempotency records of the consumers. */
@ApplicationScoped
public class ProcessedEventRepository {

    /**
     * Records {@code eventId} in the current transaction; false when it was already there (a
     * redelivery), so the caller skips the effect. The primary key decides, not memory.
     */
    public Uni<Boolean> markProcessed(UUID eventId, String type) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO processed_event (event_id, type, processed_at) VALUES (?1, ?2, now()) "
                        + "ON CONFLICT (event_id) DO NOTHING")
                .setParameter(1, eventId)
                .setParameter(2, type)
                .executeUpdate())
                .map(rows -> rows == 1);
    }
}
