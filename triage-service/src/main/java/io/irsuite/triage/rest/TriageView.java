package io.irsuite.triage.rest;

import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/v1/incidents/{id}/triage}: the contract's shape plus {@code version} and {@code triagedAt}. */
public record TriageView(UUID incidentId, int version, Instant triagedAt, String severity, List<String> severityReasons,
                         Payloads.RootCause rootCause, List<Payloads.Candidate> candidates, BlastRadius blastRadius,
                         List<SimilarIncident> similarIncidents, List<Payloads.RecommendedAction> recommendedActions,
                         boolean autoRemediate) {

    public record BlastRadius(List<String> services) {
    }

    public record SimilarIncident(UUID incidentId, double similarity, String resolution) {
    }

    static TriageView of(UUID incidentId, Instant triagedAt, Payloads.IncidentTriaged t) {
        return new TriageView(incidentId, t.version(), triagedAt, t.severity(), t.severityReasons(), t.rootCause(),
                t.candidates(), new BlastRadius(t.blastRadius()), List.of(), t.recommendedActions(), t.autoRemediate());
    }
}
