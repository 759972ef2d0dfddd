package io.irsuite.triage.service;

import io.irsuite.triage.domain.BlastRadius;
import io.irsuite.triage.domain.CandidateScore;
import io.irsuite.triage.domain.Category;
import io.irsuite.triage.domain.Feature;
import io.irsuite.triage.domain.RootCauseAnalysis;
import io.irsuite.triage.domain.SimilarIncident;

import java.util.List;
import java.util.Map;

/**
 * What a triage result was computed from, stored with it: the model version, every candidate with its
 * feature values (so a later confirmation can train the model on exactly what was seen), the incident's
 * signature, the similar past incidents shown, the blast radius with its impact, and how many of the
 * incident's alerts it saw (a burst of alerts is triaged once, so versions do not count alerts).
 */
public record StoredAnalysis(int modelVersion, List<StoredCandidate> candidates, List<String> signature,
                             List<SimilarIncident> similarIncidents, BlastRadius blastRadius, Integer alertCount) {

    public record StoredCandidate(String service, String category, double score, Map<String, Double> features) {
    }

    public static StoredAnalysis of(int modelVersion, RootCauseAnalysis analysis, int alertCount) {
        return new StoredAnalysis(modelVersion,
                analysis.candidates().stream().map(c -> new StoredCandidate(c.service(), c.category().wire(),
                        c.score(), Feature.byName(c.features()))).toList(),
                analysis.signature().stream().sorted().toList(),
                analysis.similarIncidents(), analysis.blastRadius(), alertCount);
    }

    /** The candidates as the analyzer ranked them. */
    public List<CandidateScore> ranked() {
        return candidates.stream().map(c -> {
            Category category = Category.fromWire(c.category());
            return new CandidateScore(c.service(), category == null ? Category.UNKNOWN : category, c.score(),
                    Feature.fromNames(c.features()));
        }).toList();
    }
}
