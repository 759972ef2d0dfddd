package io.irsuite.detection.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Payloads;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grouping scenario: a topology and alerts sent at offsets, each alert labelled with the failure it
 * belongs to ({@code failure} ≥ 0) or as noise ({@code failure} -1). Truth: each failure's alerts are
 * one incident, and no noise alert is in a failure's incident.
 */
record Scenario(String id, Map<String, List<String>> dependsOn, List<Sent> alerts) {

    /** Marks noise in {@link Sent#failure}. */
    static final int NOISE = -1;

    /** One alert sent {@code offsetSeconds} after the scenario's zero, started at {@code startsAtOffsetSeconds}. */
    record Sent(double offsetSeconds, double startsAtOffsetSeconds, String role, int failure, String service,
                String name, String severity, Map<String, String> labels, Payloads.AlertMetrics metrics) {

        boolean noise() {
            return failure == NOISE;
        }
    }

    /** Reads a scenario of {@code shared/scenarios} (format in its README): one failure, the root's. */
    static Scenario read(ObjectMapper mapper, Path file) throws IOException {
        JsonNode root = mapper.readTree(file.toFile());
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (JsonNode n : root.path("topology")) {
            List<String> d = new ArrayList<>();
            n.path("dependsOn").forEach(x -> d.add(x.asText()));
            deps.put(n.path("name").asText(), d);
        }
        List<Sent> alerts = new ArrayList<>();
        for (JsonNode a : root.path("alerts")) {
            JsonNode body = a.path("alert");
            String role = a.path("role").asText();
            Map<String, String> labels = new TreeMap<>();
            body.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            Payloads.AlertMetrics metrics = body.hasNonNull("metrics")
                    ? mapper.treeToValue(body.get("metrics"), Payloads.AlertMetrics.class) : null;
            alerts.add(new Sent(a.path("offsetSeconds").asDouble(), a.path("startsAtOffsetSeconds").asDouble(),
                    role, role.equals("noise") ? NOISE : 0, body.path("service").asText(), body.path("name").asText(),
                    body.path("severity").asText(null), labels, metrics));
        }
        return new Scenario(root.path("id").asText(file.getFileName().toString()), deps, alerts);
    }
}
