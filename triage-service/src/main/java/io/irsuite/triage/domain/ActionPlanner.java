package io.irsuite.triage.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.irsuite.triage.domain.Numbers.fmt;
import static io.irsuite.triage.domain.Numbers.round2;

/**
 * Turns a root cause into recommended actions, in order of preference, each gated by its
 * confidence threshold and by risk: data-modifying and security actions always wait for a person.
 */
public final class ActionPlanner {

    private final ActionThresholds thresholds;
    private final Map<Action, Double> priors;

    public ActionPlanner(ActionThresholds thresholds) {
        this(thresholds, Map.of());
    }

    /** @param priors per-action multiplier of the root-cause confidence (1.0 when absent), for learned outcomes later */
    public ActionPlanner(ActionThresholds thresholds, Map<Action, Double> priors) {
        this.thresholds = thresholds;
        this.priors = priors.isEmpty() ? Map.of() : new EnumMap<>(priors);
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
            case NETWORK, SECURITY -> List.of(Action.TRAFFIC_REDIRECT);
            case CERTIFICATE -> List.of(Action.CERTIFICATE_RENEW);
            case UNKNOWN -> List.of(Action.RESTART);
        };
    }

    public List<PlannedAction> plan(RootCauseFinding root) {
        if (root == null || root.service() == null) {
            return List.of();
        }
        List<PlannedAction> planned = new ArrayList<>();
        for (Action action : actionsFor(root.category(), root.changeType())) {
            double confidence = round2(Math.min(1.0, root.confidence() * priors.getOrDefault(action, 1.0)));
            double threshold = thresholds.of(action);
            boolean confident = confidence >= threshold;
            String because = root.category().wire() + " on " + root.service() + " → " + action.wire() + ": ";
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
