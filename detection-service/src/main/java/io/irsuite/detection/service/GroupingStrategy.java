package io.irsuite.detection.service;

import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.Inhibition;
import io.irsuite.detection.domain.NormalizedAlert;
import io.smallrye.mutiny.Uni;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Decides which open incident a new firing alert joins; swap the bean to group differently. */
public interface GroupingStrategy {

    /** The per-service keys to lock before dedup and grouping (so concurrent alerts of one service serialise). */
    Set<String> lockKeys(NormalizedAlert alert);

    /**
     * Reads, and row-locks, everything the decisions for {@code alerts} may depend on, in the caller's
     * transaction under the grouping-decisions lock. The decisions are then made in memory, one alert
     * after the other, each seeing what the ones before it did.
     */
    Uni<Decisions> prepare(Collection<NormalizedAlert> alerts);

    /** Decisions over one batch of alerts; not thread-safe, lives as long as its transaction. */
    interface Decisions {

        /** Where a firing alert of the batch goes. */
        Grouping decide(NormalizedAlert alert);

        /** {@code alert} joined {@code incident}, or opened it (then later decisions see it as a candidate). */
        void joined(Incident incident, NormalizedAlert alert);
    }

    /**
     * The decision; {@code target} null means "open a new incident". {@code reason} says why, for people.
     * {@code inhibitedBy} set: the alert is inhibited, attached to its inhibitor's incident {@code target}.
     */
    record Grouping(Incident target, List<Incident> merged, String reason, Inhibition.Match inhibitedBy) {

        public Grouping(Incident target, List<Incident> merged, String reason) {
            this(target, merged, reason, null);
        }

        public static Grouping open(String reason) {
            return new Grouping(null, List.of(), reason);
        }

        public static Grouping inhibited(Incident inhibitor, Inhibition.Match match) {
            return inhibited(inhibitor, List.of(), match);
        }

        /** Inhibited into {@code inhibitor}, merging the incidents it shows to be the same failure. */
        public static Grouping inhibited(Incident inhibitor, List<Incident> merged, Inhibition.Match match) {
            StringBuilder reason = new StringBuilder("inhibited by " + match.describe());
            merged.forEach(m -> reason.append("; merged incident ").append(m.id));
            return new Grouping(inhibitor, merged, reason.toString(), match);
        }
    }
}
