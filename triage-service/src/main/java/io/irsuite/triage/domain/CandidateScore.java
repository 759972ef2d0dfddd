package io.irsuite.triage.domain;

/** One root-cause candidate with its category and score in [0, 1]. */
public record CandidateScore(String service, Category category, double score) {
}
