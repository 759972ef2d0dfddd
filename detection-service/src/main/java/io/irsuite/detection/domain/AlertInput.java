package io.irsuite.detection.domain;

import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.Map;

/**
 * One alert as a source sends it (the contract's shape), before the rules of {@link AlertRules}:
 * HTTP, Alertmanager and AMQP all end up here.
 */
public record AlertInput(String source, String service, String name, String status, String severity,
                         String summary, String description, Map<String, String> labels,
                         Instant startsAt, Instant endsAt, String fingerprint,
                         Payloads.AlertMetrics metrics, String runbookUrl, String dashboardUrl) {
}
