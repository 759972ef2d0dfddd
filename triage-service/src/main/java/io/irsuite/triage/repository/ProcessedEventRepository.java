package io.irsuite.triage.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** The consumer's idempotency records: one row per event id it has applied. */
@ApplicationScoped
public class ProcessedEventRepository {

    /** Records {@code eventId} in the current transaction; false when it was already recorded (a redelivery). */
    public Uni<Boolean> markProcessed(UUID eventId, String type) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO processed_event (event_id, type, processed_at) VALUES (:id, :type, now()) "
                                + "ON CONFLICT (event_id) DO NOTHING")
                .setParameter("id", eventId)
                .setParameter("type", type == null ? "unknown" : type)
                .executeUpdate())
                .map(inserted -> inserted > 0);
    }
}
