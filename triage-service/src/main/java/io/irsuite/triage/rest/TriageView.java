package io.irsuite.triage.rest;

import io.irsuite.events.Payloads;
import io.irsuite.triage.service.StoredAnalysis;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/incidents/{id}/triage}: the contract's shape plus {@code version}, {@code triagedAt},
 * {@code modelVersion} (the learned model it used, 0 for the priors) and {@code alertCount} (how many of the
 * incident's alerts it saw; a burst of alerts is triaged once, so versions do not count alerts).
 */
public record TriageView(UUID incidentId, int version, Instant triagedAt, int modelVersion, Integer alertCount,
                         String severity,
                         List<String> severityReasons, Payloads.RootCause rootCause, List<Payloads.Candidate> candidates,
                         BlastRadius blastRadius, List<SimilarIncident> similarIncidents,
                         List<Payloads.RecommendedAction> recommendedActions, boolean autoRemediate) {

    /** The contract's {@code services}, plus each one's tier and whether it alerts, counts per tier, and the impact. */
    public record BlastRadius(List<String> services, List<io.irsuite.triage.domain.BlastRadius.Impact> impact,
                              Map<String, Integer> byTier, Double usersAffectedPct, Double revenuePerHour,
                              String summary) {

        static BlastRadius of(List<String> services, io.irsuite.triage.domain.BlastRadius detail) {
            return detail == null ? new BlastRadius(services, null, null, null, null, null)
                    : new BlastRadius(services, detail.impact(), detail.byTier(), detail.usersAffectedPct(),
                    detail.revenuePerHour(), detail.summary());
        }
    }

    /** A past incident with a confirmed cause that resembles this one. */
    public record SimilarIncident(UUID incidentId, double similarity, String resolution, String rootService,
                                  String category) {
    }

    static TriageView of(UUID incidentId, Instant triagedAt, Payloads.IncidentTriaged t, StoredAnalysis analysis) {
        List<SimilarIncident> similar = analysis == null ? List.of() : analysis.similarIncidents().stream()
                .map(s -> new SimilarIncident(UUID.fromString(s.incidentId()), s.similarity(), s.resolution(),
                        s.rootService(), s.category().wire()))
                .toList();
        return new TriageView(incidentId, t.version(), triagedAt, analysis == null ? 0 : analysis.modelVersion(),
                analysis == null ? null : analysis.alertCount(), t.severity(), t.severityReasons(), t.rootCause(), t.candidates(), BlastRadius.of(t.blastRadius(), analysis == null ? null : analysis.blastRadius()),
                similar, t.recommendedActions(), t.autoRemediate());
    }
}
