package io.irsuite.comms.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.comms.client.EmailClient;
import io.irsuite.comms.client.WebhookClient;
import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.ChannelRules;
import io.irsuite.comms.domain.ChannelType;
import io.irsuite.comms.domain.DeliveryOutcome;
import io.irsuite.comms.domain.EmailNotification;
import io.irsuite.comms.domain.NotificationMessage;
import io.irsuite.comms.repository.NotificationRepository;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The sender: claims due deliveries (FOR UPDATE SKIP LOCKED, with a lease; the claim records the attempt
 * before anything is sent), sends them in parallel (webhook and Slack POSTs, e-mail through the reactive
 * mailer), each with its delivery id (the row id), then records each outcome in its own transaction.
 * Kicked after each commit that queued deliveries, and swept every {@code ir.comms.delivery-interval}.
 */
@ApplicationScoped
public class DeliveryService {

    private static final int PARALLEL_POSTS = 8;

    private final NotificationRepository notifications;
    private final WebhookClient webhooks;
    private final EmailClient email;
    private final DeliveryRecorder recorder;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final IrConfig.Comms config;

    public DeliveryService(NotificationRepository notifications, WebhookClient webhooks, EmailClient email,
                           DeliveryRecorder recorder, ObjectMapper mapper, Vertx vertx, IrConfig config) {
        this.notifications = notifications;
        this.webhooks = webhooks;
        this.email = email;
        this.recorder = recorder;
        this.mapper = mapper;
        this.vertx = vertx;
        this.config = config.comms();
    }

    /** Sends what is due now; completes with the number of deliveries attempted. */
    public Uni<Integer> sendDue() {
        // The lease outlasts the slowest POST or SMTP exchange, so no other sender picks the row up meanwhile.
        Duration slowest = config.webhookTimeout().compareTo(config.emailTimeout()) >= 0
                ? config.webhookTimeout() : config.emailTimeout();
        Duration lease = slowest.multipliedBy(2).plusSeconds(10);
        // Sends run in parallel; each outcome is recorded as soon as it is known, one transaction at a time.
        return notifications.claimDue(Instant.now(), config.deliveryBatchSize(), lease)
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(claimed)
                        .onItem().transformToUni(c -> attempt(c).map(r -> Map.entry(c, r)))
                        .merge(PARALLEL_POSTS)
                        .onItem().transformToUniAndConcatenate(r -> recorder.record(r.getKey(), r.getValue())
                                .onFailure().recoverWithItem(e -> {
                                    Log.warnf(e, "delivery %s: outcome not recorded (lease will expire): %s",
                                            r.getKey().id(), e.getMessage());
                                    return null;
                                }))
                        .collect().asList()
                        // record() is a Uni<Void>: the list holds no item; every claimed one was attempted
                        .replaceWith(claimed.size()));
    }

    /** One attempt; the delivery id is the row's id, the same on every attempt and after a crash. */
    Uni<DeliveryOutcome> attempt(NotificationRepository.Claimed c) {
        ChannelType type = ChannelType.parse(c.channelType()).orElse(ChannelType.webhook);
        String deliveryId = c.id().toString();
        return switch (type) {
            case email -> emailOf(c).map(email::send).orElseGet(() -> Uni.createFrom().item(
                    DeliveryOutcome.permanent("not sendable as e-mail: bad address or unreadable body")));
            case slack -> webhooks.post(c.target(), slackBody(c.body()), deliveryId);
            case webhook -> webhooks.post(c.target(), webhookBody(c.body(), deliveryId), deliveryId);
        };
    }

    /** The e-mail of a claimed delivery, to the address the channel had when it was queued. */
    Optional<EmailNotification> emailOf(NotificationRepository.Claimed c) {
        if (!ChannelRules.isPlainAddress(c.target())) {
            // validated when the channel was saved; checked again because it becomes a header
            Log.warnf("delivery %s: target is not one plain e-mail address, not sent", c.id());
            return Optional.empty();
        }
        try {
            NotificationMessage message = mapper.readValue(c.body(), NotificationMessage.class);
            return Optional.of(EmailNotification.of(message, c.target(), c.id()));
        } catch (Exception e) {
            Log.warnf("delivery %s: body unreadable as a notification: %s", c.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The stored webhook JSON with this delivery's {@code deliveryId}. */
    private String webhookBody(String body, String deliveryId) {
        try {
            ObjectNode json = (ObjectNode) mapper.readTree(body);
            json.put("deliveryId", deliveryId);
            return mapper.writeValueAsString(json);
        } catch (Exception e) {
            return body;
        }
    }

    /** Slack's incoming webhooks take {"text": …}; the delivery id travels in the header only. */
    private String slackBody(String body) {
        try {
            String text = mapper.readTree(body).path("text").asText("");
            return mapper.writeValueAsString(Map.of("text", text));
        } catch (Exception e) {
            return "{\"text\":\"incident notification\"}";
        }
    }

    /** Fire and forget after a commit, on a fresh context so it shares no session with the caller. */
    public void kick() {
        SafeContext.run(vertx, this::sendDue).subscribe().with(
                n -> Log.debugf("sender attempted %d deliveries", n),
                e -> Log.warnf("sender failed: %s", e.getMessage()));
    }

    @Scheduled(every = "${ir.comms.delivery-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sendDue().replaceWithVoid().onFailure().recoverWithUni(e -> {
            Log.warnf("delivery sweep failed: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }
}
