package io.irsuite.triage.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.irsuite.triage.domain.Numbers.fmt;
import static io.irsuite.triage.domain.Numbers.round2;

/**
 * Turns a root cause into recommended actions, each gated by its confidence threshold and by risk:
 * data-modifying and security actions always wait for a person. The actions of a category come in
 * playbook order, re-ordered by their learned success rate for that category; an action's confidence
 * is the root cause's times its {@link ActionOutcomes#factor}.
 */
public final class ActionPlanner {

    private final ActionThresholds thresholds;

    public ActionPlanner(ActionThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The actions for {@code category}, most preferred first. */
    public static List<Action> actionsFor(Category category, ChangeType changeType) {
        return switch (category) {
            case DEPLOY -> List.of(Action.ROLLBACK);
            case CONFIG -> List.of(changeType == ChangeType.FEATURE_FLAG ? Action.FEATURE_FLAG_DISABLE : Action.ROLLBACK);
            case RESOURCE_EXHAUSTION -> List.of(Action.RESTART, Action.SCALE_UP);
            case CAPACITY -> List.of(Action.SCALE_UP);
            case DATABASE -> List.of(Action.DATABASE_FAILOVER);
            case DEPENDENCY, EXTERNAL -> List.of(Action.CIRCUIT_BREAKER);
            case NETWORK -> List.of(Action.TRAFFIC_REDIRECT);
            // an attack: move the traffic off the target, or throttle the few sources flooding it
            case SECURITY -> List.of(Action.TRAFFIC_REDIRECT, Action.RATE_LIMIT);
            case CERTIFICATE -> List.of(Action.CERTIFICATE_RENEW);
            case UNKNOWN -> List.of(Action.RESTART);
        };
    }

    /**
     * A root whose alerts only describe load or connection counts shows no fault a failover would cure: scaling
     * comes first and the failover, still offered, after it, whatever its record.
     */
    private static void heldBack(List<Action> actions) {
        if (actions.remove(Action.DATABASE_FAILOVER)) {
            actions.remove(Action.SCALE_UP);
            actions.add(0, Action.SCALE_UP);
            actions.add(Action.DATABASE_FAILOVER);
        }
    }

    public List<PlannedAction> plan(RootCauseFinding root) {
        return plan(root, ActionOutcomes.none());
    }

    public List<PlannedAction> plan(RootCauseFinding root, ActionOutcomes outcomes) {
        if (root == null || root.service() == null) {
            return List.of();
        }
        Category category = root.category();
        List<Action> actions = new ArrayList<>(actionsFor(category, root.changeType()));
        actions.sort(Comparator.comparingDouble((Action a) -> outcomes.successRate(category, a)).reversed());
        if (root.loadOnly()) {
            heldBack(actions);
        }
        List<PlannedAction> planned = new ArrayList<>();
        for (Action action : actions) {
            double confidence = round2(Math.min(1.0, root.confidence() * outcomes.factor(category, action)));
            String record = outcomes.tally(category, action)
                    .map(t -> " (verified recovery " + t.succeeded() + " of " + t.total() + " times for "
                            + category.wire() + ")").orElse("");
            double threshold = thresholds.of(action);
            boolean confident = confidence >= threshold;
            String because = root.category().wire() + " on " + root.service() + " → " + action.wire() + record + ": ";
            String gate = "confidence " + fmt(confidence) + (confident ? " ≥ " : " < ") + action.wire()
                    + " threshold " + fmt(threshold);
            boolean auto;
            String reason;
            if (action.neverAutomatic()) {
                auto = false;
                reason = because + gate + ", but " + action.wire() + " modifies data or security: a person approves it";
            } else if (root.category() == Category.SECURITY) {
                auto = false;
                reason = because + gate + ", but security incidents always wait for a person";
            } else if (confident) {
                auto = true;
                reason = because + gate + " and the action is reversible: may run unattended";
            } else {
                auto = false;
                reason = because + gate + ": a person decides";
            }
            planned.add(new PlannedAction(action, root.service(), confidence, auto, reason));
        }
        return planned;
    }
}
