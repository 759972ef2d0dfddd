package io.irsuite.detection.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored alert of an incident; {@code metrics} is the object as sent, unknown keys included;
 * {@code groupingReason} says why it is in {@code incidentId}'s incident (both null while a newly stored
 * alert waits, for a moment, to be grouped). {@code silenced}: muted by the silence {@code silencedBy}
 * now; {@code silencedBy} stays set once the alert was evaluated again after the silence ended.
 * {@code inhibitedBy} names the firing alert (fingerprint, name, service, rule) that inhibits it.
 */
public record AlertView(UUID id, String fingerprint, String source, String service, String name, String status,
                        String severity, String summary, String description, Map<String, String> labels,
                        Instant startsAt, Instant endsAt, JsonNode metrics, String runbookUrl,
                        String dashboardUrl, Instant firstSeenAt, Instant lastSeenAt, int receiveCount,
                        String groupingReason, UUID incidentId, boolean silenced, UUID silencedBy,
                        String inhibitedBy, String inhibitRule) {

    public static AlertView of(io.irsuite.detection.domain.Alert a, java.util.Map<String, String> labels, JsonNode metrics) {
        return new AlertView(a.id, a.fingerprint, a.source, a.service, a.name, a.status, a.severity, a.summary,
                a.description, labels, a.startsAt, a.endsAt, metrics, a.runbookUrl, a.dashboardUrl, a.firstSeenAt,
                a.lastSeenAt, a.receiveCount, a.groupingReason, a.incidentId, a.silenced, a.silencedBy,
                a.inhibitedBy, a.inhibitRule);
    }
}
