package io.irsuite.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the outside world of a demo or a system test, on a loopback port: the
 * deployment API the runbooks' {@code http} steps call, and the webhook that receives
 * notifications. It records every request and answers 200.
 */
public final class DemoTarget implements AutoCloseable {

    /** One request the target received. */
    public record Call(String method, String path, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final PrintStream out;

    private DemoTarget(HttpServer server, PrintStream out) {
        this.server = server;
        this.out = out;
    }

    /** Starts on a free loopback port; {@code out} gets a line per request, or null for none. */
    public static DemoTarget start(PrintStream out) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.HOST, 0), 0);
        DemoTarget target = new DemoTarget(server, out);
        server.createContext("/", target::handle);
        server.start();
        return target;
    }

    /** e.g. {@code http://127.0.0.1:40123} */
    public String baseUrl() {
        return "http://" + LocalStack.HOST + ":" + server.getAddress().getPort();
    }

    public String webhookUrl() {
        return baseUrl() + "/webhook";
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The notification bodies the webhook received, oldest first. */
    public List<String> notifications() {
        return calls.stream().filter(c -> c.path().equals("/webhook")).map(Call::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
        calls.add(call);
        if (out != null) {
            out.println(call.path().equals("/webhook")
                    ? "[webhook] " + readable(body)
                    : "[target] " + call.method() + " " + call.path() + " (a runbook step called the deployment API)");
        }
        byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    /** A notification as a person in the channel reads it: its kind and text. */
    private static String readable(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.path("kind").asText("?") + ": " + n.path("text").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
