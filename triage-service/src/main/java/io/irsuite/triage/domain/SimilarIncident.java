package io.irsuite.triage.domain;

/** A past incident that resembles the one analysed; {@code similarity} in [0, 1]. */
public record SimilarIncident(String incidentId, double similarity, String rootService, Category category,
                              String resolution) {
}
