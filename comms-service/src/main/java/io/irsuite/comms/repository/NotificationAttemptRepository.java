package io.irsuite.comms.repository;

import io.irsuite.comms.domain.NotificationAttempt;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The attempt log of deliveries; rows are started by {@link NotificationRepository#claimDue}. */
@ApplicationScoped
public class NotificationAttemptRepository implements PanacheRepositoryBase<NotificationAttempt, UUID> {

    /** Writes the outcome of attempt {@code attempt} of a delivery, in the caller's transaction. */
    public Uni<Integer> complete(UUID notificationId, int attempt, String outcome, String error, Instant at) {
        return update("outcome = ?1, error = ?2, finishedAt = ?3 where notificationId = ?4 and attempt = ?5",
                outcome, error, at, notificationId, attempt);
    }

    /** Every attempt of the given deliveries, by delivery and attempt number. */
    @WithSession
    public Uni<List<NotificationAttempt>> forNotifications(Collection<UUID> notificationIds) {
        if (notificationIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("notificationId in ?1 order by notificationId, attempt", List.copyOf(notificationIds));
    }
}
