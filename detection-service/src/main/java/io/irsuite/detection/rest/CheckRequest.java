package io.irsuite.detection.rest;

/**
 * Body of {@code PUT /api/v1/checks/{name}}; the rules and defaults (method GET, expectedStatus 200,
 * intervalSeconds 60, timeoutSeconds min(10, interval - 1), failuresBeforeAlert 2, severity high) live in
 * CheckRules.
 */
public record CheckRequest(String service, String url, String method, Integer expectedStatus,
                           Integer intervalSeconds, Integer timeoutSeconds, Integer failuresBeforeAlert,
                           String severity) {
}
