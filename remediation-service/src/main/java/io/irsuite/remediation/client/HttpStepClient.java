package io.irsuite.remediation.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The outbound HTTP call of an {@code http} or {@code validate} step. Never fails: every outcome
 * (a status, a timeout, a connection error) comes back as a {@link Result}. Redirects are not
 * followed, so a step only ever talks to the host its runbook names.
 */
@ApplicationScoped
public class HttpStepClient {

    private static final int BODY_EXCERPT_CHARS = 512;

    /** One call's outcome: {@code status} is null when there was no response. */
    public record Result(Integer status, String bodyExcerpt, long millis, boolean timedOut, String error) {
    }

    private final WebClient client;

    public HttpStepClient(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setUserAgent("ir-suite-remediation")
                .setConnectTimeout(10_000));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<Result> call(String method, String url, Map<String, String> headers, String body, int timeoutSeconds) {
        return call(method, url, headers, body, timeoutSeconds, BODY_EXCERPT_CHARS);
    }

    /** A call whose result keeps up to {@code maxBodyChars} of the response body (e.g. a query result to parse). */
    public Uni<Result> call(String method, String url, Map<String, String> headers, String body, int timeoutSeconds,
                            int maxBodyChars) {
        long started = System.nanoTime();
        Uni<HttpResponse<Buffer>> response;
        try {
            HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(method), url)
                    .timeout(timeoutSeconds * 1000L);
            if (headers != null) {
                headers.forEach(request::putHeader);
            }
            response = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(new Result(null, null, 0, false, String.valueOf(e.getMessage())));
        }
        return response
                .ifNoItem().after(Duration.ofSeconds(timeoutSeconds)).failWith(TimeoutException::new)
                .map(r -> new Result(r.statusCode(), excerpt(r.bodyAsString(), maxBodyChars), elapsed(started), false, null))
                .onFailure().recoverWithItem(f -> f instanceof TimeoutException
                        ? new Result(null, null, elapsed(started), true, null)
                        : new Result(null, null, elapsed(started), false, describe(f)));
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    private static String excerpt(String body, int maxChars) {
        if (body == null) {
            return null;
        }
        return body.length() <= maxChars ? body : body.substring(0, maxChars);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
