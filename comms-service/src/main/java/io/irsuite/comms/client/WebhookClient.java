package io.irsuite.comms.client;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.DeliveryOutcome;
import io.irsuite.comms.domain.EmailNotification;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** POSTs JSON to webhook and Slack URLs without blocking. */
@ApplicationScoped
public class WebhookClient {

    /** The delivery id, the same on every attempt of one delivery, so a receiver can drop a repeat. */
    public static final String DELIVERY_ID_HEADER = EmailNotification.DELIVERY_ID_HEADER;
    /** The same id under the name of the IETF HTTP idempotency-key draft, for receivers that know it. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    /** The outcome of one POST, for callers that only need delivered or not. */
    public record Result(boolean delivered, String error) {
        static Result of(DeliveryOutcome outcome) {
            return new Result(outcome.delivered(), outcome.error());
        }
    }

    private final WebClient client;
    private final long timeoutMillis;

    public WebhookClient(Vertx vertx, IrConfig config) {
        this.timeoutMillis = config.comms().webhookTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setFollowRedirects(false)
                // a claimed batch is sent in parallel: with Vert.x's default of 5 connections per host, the rest
                // of a batch to one slow receiver waited for a connection until its timeout and lost an attempt
                .setMaxPoolSize(Math.max(5, config.comms().deliveryBatchSize()))
                .setUserAgent("ir-comms-service"));
    }

    /**
     * POSTs {@code json} with the delivery id in {@value #DELIVERY_ID_HEADER} (when given): a 2xx is
     * delivered; 408, 429, 5xx, a timeout or a connection error is temporary; any other status permanent.
     */
    public Uni<DeliveryOutcome> post(String url, String json, String deliveryId) {
        HttpRequest<Buffer> request = client.postAbs(url)
                .timeout(timeoutMillis)
                .putHeader("Content-Type", "application/json");
        if (deliveryId != null) {
            request.putHeader(DELIVERY_ID_HEADER, deliveryId).putHeader(IDEMPOTENCY_KEY_HEADER, deliveryId);
        }
        return request.sendBuffer(Buffer.buffer(json))
                .map(response -> DeliveryOutcome.ofHttpStatus(response.statusCode()))
                .onFailure().recoverWithItem(e -> DeliveryOutcome.unreachable(
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    /** A POST without a delivery id; a 2xx is delivered, anything else a failure. */
    public Uni<Result> postJson(String url, String json) {
        return post(url, json, null).map(Result::of);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
