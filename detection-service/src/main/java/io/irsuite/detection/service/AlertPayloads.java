package io.irsuite.detection.service;

import io.irsuite.detection.domain.AlertStatus;
import io.irsuite.detection.domain.Severity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.Alert;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.events.Payloads;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Converts between stored alert rows, their JSON columns and the event payload. */
@ApplicationScoped
public class AlertPayloads {

    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public AlertPayloads(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A new active row for {@code alert} in {@code incidentId}. */
    public Alert newRow(NormalizedAlert a, UUID incidentId, Instant now) {
        Alert row = new Alert();
        row.id = UUID.randomUUID();
        row.incidentId = incidentId;
        row.fingerprint = a.fingerprint();
        row.active = true;
        row.source = a.source();
        row.service = a.service();
        row.name = a.name();
        row.status = a.status().wire();
        row.severity = a.severity().name();
        row.summary = a.summary();
        row.description = a.description();
        row.labels = write(a.labels());
        row.metrics = a.metricsJson();
        row.runbookUrl = a.runbookUrl();
        row.dashboardUrl = a.dashboardUrl();
        row.startsAt = a.startsAt();
        row.endsAt = a.endsAt();
        row.firstSeenAt = now;
        row.lastSeenAt = now;
        row.receiveCount = 1;
        return row;
    }

    /** A stored row as the alert that was normalised into it (what grouping and incidents read). */
    public NormalizedAlert normalized(Alert row) {
        return new NormalizedAlert(row.fingerprint, row.source, row.service, row.name,
                AlertStatus.parse(row.status).orElse(AlertStatus.FIRING),
                Severity.fromName(row.severity).orElse(Severity.DEFAULT), row.summary, row.description,
                new TreeMap<>(labels(row)), row.startsAt, row.endsAt, null, row.metrics, row.runbookUrl,
                row.dashboardUrl);
    }

    public Map<String, String> labels(Alert row) {
        try {
            return row.labels == null ? Map.of() : mapper.readValue(row.labels, LABELS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metrics object as sent, unknown keys included; null when the alert had none. */
    public JsonNode metricsNode(Alert row) {
        try {
            return row.metrics == null ? null : mapper.readTree(row.metrics);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Payloads.Alert payload(Alert row) {
        JsonNode metrics = metricsNode(row);
        Payloads.AlertMetrics typed;
        try {
            typed = metrics == null ? null : mapper.treeToValue(metrics, Payloads.AlertMetrics.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Payloads.Alert(row.id, row.fingerprint, row.source, row.service, row.name, row.status,
                row.severity, row.summary, row.description, labels(row), row.startsAt, row.endsAt, typed,
                row.runbookUrl, row.dashboardUrl, row.inhibitedBy);
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
