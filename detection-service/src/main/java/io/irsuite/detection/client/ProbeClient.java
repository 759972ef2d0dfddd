package io.irsuite.detection.client;

import io.irsuite.platform.work.SafeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP request of a synthetic check, non-blocking. Never fails: a status, a timeout or a connection
 * error all come back as a {@link Response}. Redirects are never followed (a probe talks only to the
 * host an admin configured) and the body is discarded unread.
 */
@ApplicationScoped
public class ProbeClient {

    private static final int MAX_FAILURE_CHARS = 200;

    /**
     * @param status   the status received, or null when there was no response
     * @param timedOut no response within the timeout
     * @param failure  why there was no response, in words (null otherwise)
     */
    public record Response(Integer status, long millis, boolean timedOut, String failure) {
    }

    private final WebClient client;

    public ProbeClient(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setUserAgent("ir-suite-synthetic-check")
                // a probe tests a fresh connection each time, as a new visitor would
                .setKeepAlive(false)
                .setMaxPoolSize(64));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** {@code method} is GET or HEAD; {@code url} an absolute http(s) URL an admin configured. */
    public Uni<Response> probe(String method, String url, int timeoutSeconds) {
        long started = System.nanoTime();
        long timeoutMillis = timeoutSeconds * 1000L;
        Uni<Integer> status;
        try {
            status = client.requestAbs(HttpMethod.valueOf(method), url)
                    .followRedirects(false)
                    .connectTimeout(timeoutMillis)
                    .timeout(timeoutMillis)
                    .as(BodyCodec.none())
                    .send()
                    .map(r -> r.statusCode());
        } catch (RuntimeException e) {
            return Uni.createFrom().item(new Response(null, 0, false, describe(e)));
        }
        Context caller = io.vertx.core.Vertx.currentContext();
        return status
                // the request's own timeout is an idle timeout: this one bounds the whole exchange
                .ifNoItem().after(Duration.ofMillis(timeoutMillis)).failWith(TimeoutException::new)
                .map(s -> new Response(s, elapsed(started), false, null))
                .onFailure().recoverWithItem(f -> isTimeout(f)
                        ? new Response(null, elapsed(started), true, null)
                        : new Response(null, elapsed(started), false, describe(f)))
                // the timeout fires on a Mutiny thread: the caller continues on its own (safe) context
                .emitOn(task -> SafeContext.resume(caller, task));
    }

    private static boolean isTimeout(Throwable f) {
        return f instanceof TimeoutException || f.getClass().getSimpleName().contains("Timeout");
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /** What failed, in words; never anything the probed server sent. */
    static String describe(Throwable f) {
        Throwable cause = f;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof SSLException) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host";
        }
        if (cause instanceof SSLException) {
            return "TLS failed: " + shorten(cause.getMessage());
        }
        if (cause instanceof ConnectException) {
            String m = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(java.util.Locale.ROOT);
            return m.contains("refused") ? "connection refused" : "connection failed: " + shorten(cause.getMessage());
        }
        String m = f.getMessage();
        return "request failed: " + (m == null || m.isBlank() ? f.getClass().getSimpleName() : shorten(m));
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_FAILURE_CHARS ? s : s.substring(0, MAX_FAILURE_CHARS) + "…";
    }
}
