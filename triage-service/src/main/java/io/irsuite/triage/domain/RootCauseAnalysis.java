package io.irsuite.triage.domain;

import java.util.List;
import java.util.Set;

/**
 * The analysis of one incident: the root cause, every candidate ranked by score, the blast radius
 * (the root first, then every service that transitively depends on it, sorted, with tiers and impact), the past incidents
 * that resemble it, and its signature (to remember it by once its cause is confirmed).
 */
public record RootCauseAnalysis(RootCauseFinding rootCause, List<CandidateScore> candidates, BlastRadius blastRadius,
                                List<SimilarIncident> similarIncidents, Set<String> signature) {

    public RootCauseAnalysis {
        candidates = List.copyOf(candidates);
        similarIncidents = List.copyOf(similarIncidents);
        signature = Set.copyOf(signature);
    }
}
