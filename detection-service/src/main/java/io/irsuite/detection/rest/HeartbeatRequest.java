package io.irsuite.detection.rest;

/**
 * Body of {@code PUT /api/v1/heartbeats/{name}}; the rules (and defaults: grace 0, severity warning)
 * live in HeartbeatRules.
 */
public record HeartbeatRequest(String service, Integer intervalSeconds, Integer graceSeconds, String severity) {
}
