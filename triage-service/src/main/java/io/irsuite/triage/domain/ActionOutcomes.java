package io.irsuite.triage.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How often each action verified recovery, per root-cause category, learned from remediation
 * outcomes. An action's success rate is the mean of a Beta posterior whose prior (9 successes,
 * 1 failure: a runbook is trusted until it fails) is the cold start; its confidence factor is that
 * rate over the prior's, at most 1, so failures lower the confidence of an action and successes win
 * it back, but no history makes it surer than the root cause itself.
 */
public record ActionOutcomes(Map<Key, Tally> tallies) {

    static final double PRIOR_SUCCESSES = 9;
    static final double PRIOR_FAILURES = 1;
    static final double PRIOR_RATE = PRIOR_SUCCESSES / (PRIOR_SUCCESSES + PRIOR_FAILURES);

    public record Key(Category category, Action action) {
    }

    public record Tally(int succeeded, int failed) {

        public int total() {
            return succeeded + failed;
        }

        /** The posterior mean probability of success: the prior's pseudo-outcomes plus these. */
        public double successRate() {
            return (PRIOR_SUCCESSES + succeeded) / (PRIOR_SUCCESSES + PRIOR_FAILURES + total());
        }
    }

    public ActionOutcomes {
        tallies = Map.copyOf(tallies);
    }

    public static ActionOutcomes none() {
        return new ActionOutcomes(Map.of());
    }

    public Optional<Tally> tally(Category category, Action action) {
        return Optional.ofNullable(tallies.get(new Key(category, action)));
    }

    /** The posterior mean probability that {@code action} verifies recovery from a {@code category} cause. */
    public double successRate(Category category, Action action) {
        return tallies.getOrDefault(new Key(category, action), new Tally(0, 0)).successRate();
    }

    /** What the root-cause confidence is multiplied by for this action: 1 at cold start, lower after failures. */
    public double factor(Category category, Action action) {
        return Math.min(1.0, successRate(category, action) / PRIOR_RATE);
    }

    /** These outcomes plus one more. */
    public ActionOutcomes with(Category category, Action action, boolean succeeded) {
        Map<Key, Tally> next = new HashMap<>(tallies);
        next.merge(new Key(category, action), succeeded ? new Tally(1, 0) : new Tally(0, 1),
                (a, b) -> new Tally(a.succeeded() + b.succeeded(), a.failed() + b.failed()));
        return new ActionOutcomes(next);
    }
}
