package io.irsuite.triage.domain;

import java.util.EnumMap;
import java.util.Map;

/** The confidence each action needs before it may run unattended. */
public record ActionThresholds(Map<Action, Double> byAction) {

    /** Used for an action without a configured threshold: strict, so nothing new runs unattended by accident. */
    public static final double FALLBACK = 0.95;

    public ActionThresholds {
        byAction = Map.copyOf(byAction);
    }

    /** The playbook defaults. */
    public static ActionThresholds defaults() {
        Map<Action, Double> m = new EnumMap<>(Action.class);
        m.put(Action.RESTART, 0.95);
        m.put(Action.SCALE_UP, 0.90);
        m.put(Action.CIRCUIT_BREAKER, 0.85);
        m.put(Action.CACHE_CLEAR, 0.80);
        m.put(Action.TRAFFIC_REDIRECT, 0.95);
        m.put(Action.ROLLBACK, 0.90);
        m.put(Action.DATABASE_FAILOVER, 0.85);
        m.put(Action.FEATURE_FLAG_DISABLE, 0.90);
        m.put(Action.CERTIFICATE_RENEW, 0.90);
        m.put(Action.RATE_LIMIT, 0.95);
        return new ActionThresholds(m);
    }

    public double of(Action action) {
        return byAction.getOrDefault(action, FALLBACK);
    }
}
