package io.irsuite.comms.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.irsuite.platform.testing.TestBroker;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on a free loopback port that records what it is sent. Answers 200 unless
 * given a script of statuses to answer first (e.g. 500, 500, then 200).
 */
public final class WebhookReceiver implements AutoCloseable {

    /**
     * One request as received; {@code deliveryId} is its {@code X-IR-Delivery-Id} header, {@code authorization} its
     * {@code Authorization} header (the console's calls to an owner carry the person's token).
     */
    public record Received(String method, String path, String contentType, JsonNode json, int answeredWith,
                           String deliveryId, String authorization) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();

    private WebhookReceiver(int... firstStatuses) throws IOException {
        for (int s : firstStatuses) {
            script.add(s);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Integer scripted = script.poll();
            int status = scripted == null ? 200 : scripted;
            JsonNode json;
            try {
                json = TestBroker.JSON.readTree(new String(body, StandardCharsets.UTF_8));
            } catch (Exception e) {
                json = null;
            }
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), json, status,
                    exchange.getRequestHeaders().getFirst("X-IR-Delivery-Id"),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static WebhookReceiver start(int... firstStatuses) throws IOException {
        return new WebhookReceiver(firstStatuses);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every request so far. */
    public List<Received> all() {
        return new ArrayList<>(received);
    }

    /** The requests about one incident (webhook bodies carry incidentId). */
    public List<Received> forIncident(String incidentId) {
        return received.stream().filter(r -> r.json() != null && incidentId.equals(r.json().path("incidentId").asText()))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
