package io.irsuite.comms.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.client.WebhookClient;
import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.DeliveryBackoff;
import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.NotificationKind;
import io.irsuite.comms.domain.NotificationRules;
import io.irsuite.comms.repository.NotificationRepository;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/** Records the outcome of one delivery attempt: SENT, a retry with backoff, or FAILED. */
@ApplicationScoped
public class DeliveryRecorder {

    private final NotificationRepository notifications;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final DeliveryBackoff backoff;
    private final ObjectMapper mapper;

    public DeliveryRecorder(NotificationRepository notifications, Outbox outbox, OutboxRelay relay,
                            MeterRegistry registry, IrConfig config, ObjectMapper mapper) {
        this.notifications = notifications;
        this.outbox = outbox;
        this.relay = relay;
        this.registry = registry;
        this.mapper = mapper;
        this.backoff = new DeliveryBackoff(config.comms().retryBaseDelay(), config.comms().maxDeliveryAttempts());
    }

    public Uni<Void> record(NotificationRepository.Claimed claimed, WebhookClient.Result result) {
        return persist(claimed, result).invoke(emitted -> {
            if (emitted) {
                relay.kick();
            }
        }).replaceWithVoid();
    }

    /** True when an event was added to the outbox. */
    @WithTransaction
    Uni<Boolean> persist(NotificationRepository.Claimed claimed, WebhookClient.Result result) {
        return notifications.findById(claimed.id()).chain(n -> {
            if (n == null || !Notification.PENDING.equals(n.status)) {
                return Uni.createFrom().item(false);
            }
            Instant now = Instant.now();
            n.attempts = n.attempts + 1;
            n.claimedUntil = null;
            if (result.delivered()) {
                n.status = Notification.SENT;
                n.sentAt = now;
                n.lastError = null;
                count(n);
                Log.infof("notification %s (%s) delivered to channel %s after %d attempt(s)", n.id, n.kind, n.channel,
                        n.attempts);
                if (NotificationKind.page.name().equals(n.kind)) {
                    return outbox.add(EventType.PageSent, n.incidentId,
                                    new Payloads.PageSent(n.channel, n.channelType,
                                            NotificationRules.pageReason(eventTypeOf(n.body))))
                            .replaceWith(true);
                }
                return Uni.createFrom().item(false);
            }
            n.lastError = result.error();
            Optional<java.time.Duration> retryIn = DeliveryService.EMAIL_NOT_CONFIGURED.equals(result.error())
                    ? Optional.empty() : backoff.nextDelay(n.attempts);
            if (retryIn.isPresent()) {
                n.nextAttemptAt = now.plus(retryIn.get());
                Log.infof("notification %s to channel %s failed (attempt %d: %s), retry in %s", n.id, n.channel,
                        n.attempts, result.error(), retryIn.get());
            } else {
                n.status = Notification.FAILED;
                count(n);
                Log.warnf("notification %s (%s) to channel %s FAILED after %d attempt(s): %s", n.id, n.kind, n.channel,
                        n.attempts, result.error());
            }
            return Uni.createFrom().item(false);
        });
    }

    /** The type of the event that caused a notification, as its stored webhook body names it. */
    private String eventTypeOf(String body) {
        try {
            return body == null ? null : mapper.readTree(body).path("eventType").asText(null);
        } catch (JsonProcessingException e) {
            Log.warnf("notification body unreadable, page reason left generic: %s", e.getOriginalMessage());
            return null;
        }
    }

    private void count(Notification n) {
        registry.counter("ir.notifications", "kind", n.kind, "status", n.status).increment();
    }
}
