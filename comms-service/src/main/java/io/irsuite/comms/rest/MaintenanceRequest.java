package io.irsuite.comms.rest;

import java.time.Instant;
import java.util.List;

/** Body of {@code POST /api/v1/status/maintenances}; the rules live in StatusPageRules. */
public record MaintenanceRequest(String title, List<String> components, Instant from, Instant to, String description) {
}
