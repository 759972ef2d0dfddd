package io.irsuite.detection.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored alert of an incident; {@code metrics} is the object as sent, unknown keys included;
 * {@code groupingReason} says why it is in this incident.
 */
public record AlertView(UUID id, String fingerprint, String source, String service, String name, String status,
                        String severity, String summary, String description, Map<String, String> labels,
                        Instant startsAt, Instant endsAt, JsonNode metrics, String runbookUrl,
                        String dashboardUrl, Instant firstSeenAt, Instant lastSeenAt, int receiveCount,
                        String groupingReason) {
}
