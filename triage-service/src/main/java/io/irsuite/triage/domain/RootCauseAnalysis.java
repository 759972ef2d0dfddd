package io.irsuite.triage.domain;

import java.util.List;

/**
 * The analysis of one incident: the root cause, every candidate ranked by score, and the blast
 * radius (the root first, then every service that transitively depends on it, sorted).
 */
public record RootCauseAnalysis(RootCauseFinding rootCause, List<CandidateScore> candidates, List<String> blastRadius) {

    public RootCauseAnalysis {
        candidates = List.copyOf(candidates);
        blastRadius = List.copyOf(blastRadius);
    }
}
