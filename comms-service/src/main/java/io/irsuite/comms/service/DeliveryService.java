package io.irsuite.comms.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.client.WebhookClient;
import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.ChannelType;
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
import java.util.List;
import java.util.Map;

/**
 * The sender: claims due deliveries (FOR UPDATE SKIP LOCKED, with a lease), POSTs them in parallel,
 * then records each outcome in its own transaction. Kicked after each commit that queued
 * deliveries, and swept every {@code ir.comms.delivery-interval}.
 */
@ApplicationScoped
public class DeliveryService {

    static final String EMAIL_NOT_CONFIGURED = "e-mail delivery is not configured";
    private static final int PARALLEL_POSTS = 8;

    private final NotificationRepository notifications;
    private final WebhookClient webhooks;
    private final DeliveryRecorder recorder;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final IrConfig.Comms config;

    public DeliveryService(NotificationRepository notifications, WebhookClient webhooks, DeliveryRecorder recorder,
                           ObjectMapper mapper, Vertx vertx, IrConfig config) {
        this.notifications = notifications;
        this.webhooks = webhooks;
        this.recorder = recorder;
        this.mapper = mapper;
        this.vertx = vertx;
        this.config = config.comms();
    }

    /** Sends what is due now; completes with the number of deliveries attempted. */
    public Uni<Integer> sendDue() {
        // The lease outlasts the slowest POST, so no other sender picks the row up meanwhile.
        Duration lease = config.webhookTimeout().multipliedBy(2).plusSeconds(10);
        return notifications.claimDue(Instant.now(), config.deliveryBatchSize(), lease)
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Map.Entry<NotificationRepository.Claimed, WebhookClient.Result>>of())
                        : Multi.createFrom().iterable(claimed)
                        .onItem().transformToUni(c -> attempt(c).map(r -> Map.entry(c, r)))
                        .merge(PARALLEL_POSTS)
                        .collect().asList())
                .chain(results -> Multi.createFrom().iterable(results)
                        .onItem().transformToUniAndConcatenate(r -> recorder.record(r.getKey(), r.getValue())
                                .onFailure().recoverWithItem(e -> {
                                    Log.warnf("delivery %s: outcome not recorded (lease will expire): %s",
                                            r.getKey().id(), e.getMessage());
                                    return null;
                                }))
                        .collect().asList()
                        .map(List::size));
    }

    private Uni<WebhookClient.Result> attempt(NotificationRepository.Claimed c) {
        ChannelType type = ChannelType.parse(c.channelType()).orElse(ChannelType.webhook);
        return switch (type) {
            case email -> Uni.createFrom().item(new WebhookClient.Result(false, EMAIL_NOT_CONFIGURED));
            case slack -> webhooks.postJson(c.target(), slackBody(c.body()));
            case webhook -> webhooks.postJson(c.target(), c.body());
        };
    }

    /** Slack's incoming webhooks take {"text": …}. */
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
