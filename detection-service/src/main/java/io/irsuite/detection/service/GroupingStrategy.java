package io.irsuite.detection.service;

import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.NormalizedAlert;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Set;

/** Decides which open incident a new firing alert joins; swap the bean to group differently. */
public interface GroupingStrategy {

    /** The per-service keys to lock before dedup and grouping (so concurrent alerts of one service serialise). */
    Set<String> lockKeys(NormalizedAlert alert);

    /**
     * Where the alert goes: an open incident (row-locked) plus open incidents to merge into it, or
     * no target (open a new incident). Runs in the ingest transaction.
     */
    Uni<Grouping> group(NormalizedAlert alert);

    /** {@code alert} joined (or opened) {@code incident}: keep what later decisions read of the incident. */
    void joined(Incident incident, NormalizedAlert alert);

    /** The decision; {@code target} null means "open a new incident". {@code reason} says why, for people. */
    record Grouping(Incident target, List<Incident> merged, String reason) {

        public static Grouping open(String reason) {
            return new Grouping(null, List.of(), reason);
        }
    }
}
