package io.irsuite.comms.service;

import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.NotificationAttempt;
import io.irsuite.comms.repository.NotificationAttemptRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The deliveries of an incident with every attempt of each, for readers. */
@ApplicationScoped
public class DeliveryLog {

    /** One delivery and its attempts, oldest first. */
    public record Delivery(Notification notification, List<NotificationAttempt> attempts) {
    }

    private final IncidentQueries queries;
    private final NotificationAttemptRepository attempts;

    public DeliveryLog(IncidentQueries queries, NotificationAttemptRepository attempts) {
        this.queries = queries;
        this.attempts = attempts;
    }

    /** 404 (from {@link IncidentQueries}) for an incident comms never saw. */
    public Uni<List<Delivery>> forIncident(UUID incidentId) {
        return queries.notifications(incidentId).chain(deliveries -> attempts
                .forNotifications(deliveries.stream().map(n -> n.id).toList())
                .map(all -> {
                    Map<UUID, List<NotificationAttempt>> byDelivery = all.stream()
                            .collect(Collectors.groupingBy(a -> a.notificationId));
                    return deliveries.stream()
                            .map(n -> new Delivery(n, byDelivery.getOrDefault(n.id, List.of())))
                            .toList();
                }));
    }
}
