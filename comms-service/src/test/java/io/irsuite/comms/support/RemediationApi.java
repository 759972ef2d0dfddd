package io.irsuite.comms.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Remediation's runbook reads on a real HTTP port, for the console's runbook pages in comms' tests: the answers of
 * {@code GET /api/v1/runbooks}, {@code /api/v1/runbooks/{id}} and {@code /api/v1/runbooks/{id}/versions/{n}} as
 * remediation gives them (its {@code RunbookView}, stats after four executions, three of them successful), and its
 * refusals as problem+json: 401 without a bearer token, 403 for a token that may not read, 404 for an unknown runbook.
 * Points the console's {@code ir.console.remediation-url} at itself.
 */
public class RemediationApi implements QuarkusTestResourceLifecycleManager {

    /** The test tokens that hold the viewer role (application.properties, %test.ir.api-tokens). */
    static final Set<String> READERS = Set.of("viewer-token", "responder-token");

    public static final String CURRENT = """
            {"id": "db-failover", "version": 2, "enabled": true, "name": "Database failover",
             "description": "Promote the replica, then restart the app on it.",
             "actions": ["database_failover"], "categories": ["database"], "requiresApproval": true,
             "approvers": ["dba-oncall", "sre-lead"], "estimatedDurationSeconds": 240,
             "steps": [
               {"name": "promote replica", "type": "http", "method": "POST",
                "url": "http://db-adapter:8080/failover/${service}", "expectedStatus": 200, "timeoutSeconds": 60,
                "retries": 1, "retryDelaySeconds": 5,
                "rollback": {"name": "demote", "type": "http", "method": "POST",
                             "url": "http://db-adapter:8080/failback/${service}", "expectedStatus": 200,
                             "timeoutSeconds": 30, "retries": 0, "retryDelaySeconds": 1}},
               {"name": "settle", "type": "wait", "seconds": 30, "timeoutSeconds": 30, "retries": 0,
                "retryDelaySeconds": 1},
               {"name": "restart app", "type": "kubernetes", "operation": "rollout-restart", "timeoutSeconds": 30,
                "retries": 0, "retryDelaySeconds": 1}],
             "verify": {"withinSeconds": 300, "metric": {"prometheus": "http://prometheus:9090",
                        "query": "sum(rate(db_errors_total[1m]))", "max": 0.5}},
             "dryRun": false, "rollbackOnCancel": true, "createdAt": "2026-11-01T09:00:00Z",
             "updatedAt": "2026-11-20T09:00:00Z",
             "stats": {"executions": 4, "succeeded": 3, "successRate": 0.75, "lastUsedAt": "2026-11-28T14:03:00Z",
                       "averageRecoverySeconds": 74}}""";

    static final String FIRST = """
            {"id": "db-failover", "version": 1, "enabled": true, "name": "Database failover (first cut)",
             "actions": ["database_failover"], "categories": [], "requiresApproval": false, "approvers": [],
             "steps": [{"name": "promote replica", "type": "http", "method": "POST",
                        "url": "http://db-adapter:8080/failover/${service}", "expectedStatus": 200,
                        "timeoutSeconds": 30, "retries": 0, "retryDelaySeconds": 1}],
             "dryRun": false, "rollbackOnCancel": false, "createdAt": "2026-11-01T09:00:00Z",
             "updatedAt": "2026-11-01T09:00:00Z"}""";

    static final String NEVER_RAN = """
            {"id": "rate-limit", "version": 1, "enabled": false, "name": "Rate limit the flooding sources",
             "actions": ["rate_limit"], "categories": ["security"], "requiresApproval": true, "approvers": [],
             "steps": [], "dryRun": false, "rollbackOnCancel": false, "createdAt": "2026-11-01T09:00:00Z",
             "updatedAt": "2026-11-01T09:00:00Z",
             "stats": {"executions": 0, "succeeded": 0, "successRate": null, "lastUsedAt": null,
                       "averageRecoverySeconds": null}}""";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/runbooks", this::answer);
        server.start();
        return Map.of("ir.console.remediation-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String path = exchange.getRequestURI().getPath();
        if (auth == null || !auth.startsWith("Bearer ")) {
            send(exchange, 401, problem(401, "a bearer token is required"));
        } else if (!READERS.contains(auth.substring("Bearer ".length()))) {
            send(exchange, 403, problem(403, "this token may not read runbooks (it needs the viewer role)"));
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, problem(405, "only reads here"));
        } else {
            switch (path) {
                case "/api/v1/runbooks" -> send(exchange, 200, "[" + CURRENT + ", " + NEVER_RAN + "]");
                case "/api/v1/runbooks/db-failover" -> send(exchange, 200, CURRENT);
                case "/api/v1/runbooks/db-failover/versions/1" -> send(exchange, 200, FIRST);
                default -> send(exchange, 404, problem(404, "no runbook " + path.substring(path.lastIndexOf('/') + 1)));
            }
        }
    }

    private static String problem(int status, String detail) {
        return "{\"type\": \"about:blank\", \"status\": " + status + ", \"detail\": \"" + detail + "\"}";
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
