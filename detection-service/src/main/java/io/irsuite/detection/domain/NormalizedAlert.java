package io.irsuite.detection.domain;

import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.SortedMap;

/**
 * An alert that passed {@link AlertRules}: severity normalised, fingerprint known, startsAt set.
 *
 * @param metricsJson the metrics object as sent, unknown keys included (null when absent)
 */
public record NormalizedAlert(String fingerprint, String source, String service, String name,
                              AlertStatus status, Severity severity, String summary, String description,
                              SortedMap<String, String> labels, Instant startsAt, Instant endsAt,
                              Payloads.AlertMetrics metrics, String metricsJson,
                              String runbookUrl, String dashboardUrl) {
}
