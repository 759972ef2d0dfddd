package io.irsuite.comms.client;

import io.irsuite.comms.config.IrConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** POSTs JSON to webhook and Slack URLs without blocking. */
@ApplicationScoped
public class WebhookClient {

    /** The outcome of one POST. */
    public record Result(boolean delivered, String error) {
        static Result ok() {
            return new Result(true, null);
        }

        static Result failed(String error) {
            return new Result(false, error);
        }
    }

    private final WebClient client;
    private final long timeoutMillis;

    public WebhookClient(Vertx vertx, IrConfig config) {
        this.timeoutMillis = config.comms().webhookTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setFollowRedirects(false)
                .setUserAgent("ir-comms-service"));
    }

    /** A 2xx is delivered; any other status, a timeout or a connection error is a failure to retry. */
    public Uni<Result> postJson(String url, String json) {
        return client.postAbs(url)
                .timeout(timeoutMillis)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(json))
                .map(response -> response.statusCode() / 100 == 2
                        ? Result.ok()
                        : Result.failed("HTTP " + response.statusCode()))
                .onFailure().recoverWithItem(e -> Result.failed(
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
