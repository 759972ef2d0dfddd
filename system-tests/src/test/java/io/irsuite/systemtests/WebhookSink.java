package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.irsuite.localstack.LocalStack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhook receivers for comms, on one loopback port of the test JVM (JDK HttpServer, a thread per request so
 * that slow answers do not queue): every path is one receiver (a user's webhook, a channel). It records each
 * POST as it arrives, before answering, so a request whose sender dies while waiting for the answer is
 * recorded; then it holds the answer for {@code hold} (a slow receiver) and answers 200.
 */
final class WebhookSink implements AutoCloseable {

    /** One request as it arrived: the delivery id from both headers, the JSON body, when, and from which port. */
    record Received(String path, String deliveryIdHeader, String idempotencyKey, String body, JsonNode json, Instant at,
                    int remotePort) {

        String incidentId() {
            return json.path("incidentId").asText("");
        }

        String kind() {
            return json.path("kind").asText("");
        }

        String text() {
            return json.path("text").asText("");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-sink");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Requests received and not answered yet, by the sender's port. */
    private final Map<Integer, Received> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong holdMillis = new AtomicLong();

    private WebhookSink(HttpServer server) {
        this.server = server;
    }

    static WebhookSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.HOST, 0), 64);
        WebhookSink sink = new WebhookSink(server);
        server.createContext("/", sink::handle);
        server.setExecutor(sink.threads);
        server.start();
        return sink;
    }

    /** From now on every answer waits this long (a slow receiver); zero answers at once. */
    WebhookSink hold(Duration hold) {
        holdMillis.set(hold.toMillis());
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URL of the receiver at {@code path}, e.g. {@code /alice}. */
    String url(String path) {
        return "http://" + LocalStack.HOST + ":" + port() + path;
    }

    List<Received> all() {
        return List.copyOf(received);
    }

    /** What the receiver at {@code path} got about {@code incidentId}, in arrival order. */
    List<Received> at(String path, String incidentId) {
        return received.stream().filter(r -> r.path().equals(path) && r.incidentId().equals(incidentId)).toList();
    }

    /** As {@link #at(String, String)}, only notifications of {@code kind}. */
    List<Received> at(String path, String incidentId, String kind) {
        return at(path, incidentId).stream().filter(r -> r.kind().equals(kind)).toList();
    }

    /** The requests waiting for their answer now. */
    List<Received> inFlight() {
        return List.copyOf(inFlight.values());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException notJson) {
                json = JSON.createObjectNode();
            }
            int port = exchange.getRemoteAddress().getPort();
            Received r = new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-IR-Delivery-Id"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body, json, Instant.now(), port);
            received.add(r);
            inFlight.put(port, r);
            try {
                long hold = holdMillis.get();
                if (hold > 0) {
                    Thread.sleep(hold); // the slow receiver itself, not a wait of the test
                }
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.remove(port, r);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
