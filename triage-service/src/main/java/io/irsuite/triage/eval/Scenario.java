package io.irsuite.triage.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** One incident scenario in the shared format ({@code shared/scenarios/README.md}); unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Scenario(String id, List<Node> topology, List<Change> changes, List<ScenarioAlert> alerts, Truth truth) {

    public Scenario {
        topology = topology == null ? List.of() : List.copyOf(topology);
        changes = changes == null ? List.of() : List.copyOf(changes);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(String name, Integer tier, String owner, List<String> dependsOn, String kind) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(String service, String type, String version, String previousVersion, String description,
                         double offsetSeconds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScenarioAlert(double offsetSeconds, Double startsAtOffsetSeconds, String role, Integer duplicateOf,
                                Alert alert) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String source, String service, String name, String status, String severity, String summary,
                        String description, Map<String, String> labels, Metrics metrics, String fingerprint) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metrics(Double errorRate, Double latencyP95Ms, Double baselineP95Ms, Double usersAffectedPct,
                          Double revenueImpactPerHour, Boolean slaBreach, Boolean dataLoss, Boolean securityBreach) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Truth(String rootService, String category, String severity, List<String> acceptableActions,
                        Integer incidentCount, String faultKind, List<String> victims) {

        public Truth {
            acceptableActions = acceptableActions == null ? List.of() : List.copyOf(acceptableActions);
            victims = victims == null ? List.of() : List.copyOf(victims);
        }
    }
}
