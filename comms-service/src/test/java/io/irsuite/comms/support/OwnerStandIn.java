package io.irsuite.comms.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.irsuite.platform.testing.TestBroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a free loopback port standing in for remediation's and triage's APIs, which a comms test
 * cannot start: it answers what a test told it for a method and path (query included), a 404 problem otherwise,
 * and records every request with its {@code Authorization} header and JSON body. One server per test JVM,
 * {@link #shared()}.
 */
public final class OwnerStandIn {

    /** One request as received. */
    public record Received(String method, String path, String authorization, JsonNode json) {
    }

    private record Answer(int status, String body) {
    }

    private static OwnerStandIn shared;

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private OwnerStandIn(HttpServer server) {
        this.server = server;
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode json;
            try {
                json = body.length == 0 ? null : TestBroker.JSON.readTree(new String(body, StandardCharsets.UTF_8));
            } catch (Exception e) {
                json = null;
            }
            received.add(new Received(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"), json));
            Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
                    new Answer(404, "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"the stand-in knows no " + path + "\"}"));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.status() >= 400
                    ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    public static synchronized OwnerStandIn shared() {
        if (shared == null) {
            try {
                shared = new OwnerStandIn(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
            } catch (IOException e) {
                throw new UncheckedIOException("the stand-in server did not start", e);
            }
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, {@code method path} (path with its query) is answered with {@code status} and {@code json}. */
    public void answer(String method, String path, int status, String json) {
        answers.put(method + " " + path, new Answer(status, json));
    }

    /** The requests for {@code method path} so far, oldest first. */
    public List<Received> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }
}
