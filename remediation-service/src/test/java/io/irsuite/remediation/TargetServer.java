package io.irsuite.remediation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port standing in for the systems a runbook calls. It
 * records every call and answers by path: {@code /status/<code>/...} with that code,
 * {@code /flaky/<n>/...} with 503 for the first n calls of that path and 200 afterwards,
 * {@code /prom/<value>/api/v1/query} with a Prometheus instant-query vector holding that one value,
 * {@code /slow/<ms>/...} after that many milliseconds; anything else 200.
 */
public final class TargetServer implements AutoCloseable {

    /** One call: method, raw path (as sent, still percent-encoded) and body. */
    public record Call(String method, String path, String body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    private TargetServer(HttpServer server) {
        this.server = server;
    }

    public static TargetServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TargetServer target = new TargetServer(server);
        server.createContext("/", target::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return target;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls whose path starts with {@code prefix}. */
    public List<Call> calls(String prefix) {
        return calls.stream().filter(c -> c.path().startsWith(prefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new Call(exchange.getRequestMethod(), path, body));
        String[] parts = path.split("/");
        int status = 200;
        try {
            if (parts.length > 2 && parts[1].equals("status")) {
                status = Integer.parseInt(parts[2]);
            } else if (parts.length > 2 && parts[1].equals("flaky")) {
                int failures = Integer.parseInt(parts[2]);
                int seen = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                status = seen <= failures ? 503 : 200;
            } else if (parts.length > 2 && parts[1].equals("slow")) {
                Thread.sleep(Long.parseLong(parts[2]));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            status = 500;
        }
        String text = "answer " + status;
        if (parts.length > 2 && parts[1].equals("prom")) {
            text = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1764460800,\""
                    + parts[2] + "\"]}]}}";
        }
        byte[] answer = text.getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException e) {
            // the caller gave up (timeout test); nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
