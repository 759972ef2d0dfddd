package io.irsuite.triage.domain;

import java.util.Map;

/**
 * One root-cause candidate with its category, its confidence in [0, 1], and the feature values it
 * was scored on (kept with the triage so a confirmed outcome can train the model).
 */
public record CandidateScore(String service, Category category, double score, Map<Feature, Double> features) {

    public CandidateScore {
        features = Map.copyOf(features);
    }
}
