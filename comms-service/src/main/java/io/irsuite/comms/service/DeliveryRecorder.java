package io.irsuite.comms.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.DeliveryBackoff;
import io.irsuite.comms.domain.DeliveryOutcome;
import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.NotificationKind;
import io.irsuite.comms.domain.NotificationRules;
import io.irsuite.comms.repository.NotificationAttemptRepository;
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

/**
 * Records the outcome of one delivery attempt in its attempt row and on the delivery: SENT, a retry with
 * backoff after a temporary failure, or FAILED after a permanent one or the last attempt. Counted in
 * {@code ir_notification_attempts_total{channel_type,outcome}} and, once final,
 * {@code ir_notifications_total{kind,status}}.
 */
@ApplicationScoped
public class DeliveryRecorder {

    private final NotificationRepository notifications;
    private final NotificationAttemptRepository attempts;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final DeliveryBackoff backoff;
    private final ObjectMapper mapper;

    public DeliveryRecorder(NotificationRepository notifications, NotificationAttemptRepository attempts, Outbox outbox,
                            OutboxRelay relay, MeterRegistry registry, IrConfig config, ObjectMapper mapper) {
        this.notifications = notifications;
        this.attempts = attempts;
        this.outbox = outbox;
        this.relay = relay;
        this.registry = registry;
        this.mapper = mapper;
        this.backoff = new DeliveryBackoff(config.comms().retryBaseDelay(), config.comms().maxDeliveryAttempts());
    }

    public Uni<Void> record(NotificationRepository.Claimed claimed, DeliveryOutcome outcome) {
        registry.counter("ir.notification.attempts", "channel_type", String.valueOf(claimed.channelType()),
                "outcome", outcome.kind().name()).increment();
        return persist(claimed, outcome).invoke(emitted -> {
            if (emitted) {
                relay.kick();
            }
        }).replaceWithVoid();
    }

    /** True when an event was added to the outbox. */
    @WithTransaction
    Uni<Boolean> persist(NotificationRepository.Claimed claimed, DeliveryOutcome outcome) {
        Instant now = Instant.now();
        return attempts.complete(claimed.id(), claimed.attempts(), outcome.kind().name(), outcome.error(), now)
                .chain(() -> notifications.findById(claimed.id()))
                .chain(n -> n == null || !Notification.PENDING.equals(n.status) ? Uni.createFrom().item(false)
                        : apply(n, claimed.attempts(), outcome, now));
    }

    private Uni<Boolean> apply(Notification n, int attempt, DeliveryOutcome outcome, Instant now) {
        if (outcome.delivered()) {
            // a delivery is a delivery, even from an attempt a newer one has overtaken
            n.status = Notification.SENT;
            n.sentAt = now;
            n.ackToken = null;
            n.lastError = null;
            n.claimedUntil = null;
            count(n);
            Log.infof("notification %s (%s) delivered to channel %s at attempt %d", n.id, n.kind, n.channel, attempt);
            if (NotificationKind.page.name().equals(n.kind)) {
                return outbox.add(EventType.PageSent, n.incidentId,
                                new Payloads.PageSent(n.channel, n.channelType,
                                        NotificationRules.pageReason(eventTypeOf(n.body))))
                        .replaceWith(true);
            }
            return Uni.createFrom().item(false);
        }
        if (attempt != n.attempts) {
            // a newer attempt holds the delivery now (this one outran its lease): it decides what comes next
            Log.infof("notification %s: late failure of attempt %d ignored, attempt %d is under way", n.id, attempt,
                    n.attempts);
            return Uni.createFrom().item(false);
        }
        n.lastError = outcome.error();
        n.claimedUntil = null;
        Optional<java.time.Duration> retryIn = backoff.nextDelay(attempt, outcome);
        if (retryIn.isPresent()) {
            n.nextAttemptAt = now.plus(retryIn.get());
            Log.infof("notification %s to channel %s failed (attempt %d: %s), retry in %s", n.id, n.channel,
                    attempt, outcome.error(), retryIn.get());
        } else {
            n.status = Notification.FAILED;
            n.ackToken = null;
            count(n);
            Log.warnf("notification %s (%s) to channel %s FAILED after %d attempt(s), %s: %s", n.id, n.kind,
                    n.channel, attempt, outcome.retryable() ? "attempts exhausted" : "permanent failure",
                    outcome.error());
        }
        return Uni.createFrom().item(false);
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
