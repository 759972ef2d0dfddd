package io.irsuite.triage.domain;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measurable fact about a root-cause candidate. A candidate's score is the weighted sum of its
 * features (log-odds), so the weights are what the model learns; {@link #defaultWeight} are the priors
 * a fresh installation starts from, chosen by hand from the playbooks' reasoning.
 */
public enum Feature {
    /** The "the cause is somewhere we do not see" hypothesis: its only feature, always 1. */
    ELSEWHERE(2.0),
    ALERTING(1.0),
    /** Named by the incident, without an alert. */
    LISTED(0.5),
    /** A dependency that does not alert, brought in by a recent change. */
    QUIET(-1.5),
    /** A deploy, config or feature-flag change within the change window before its first alert. */
    CHANGE(2.5),
    /** How recent that change is: 1 at the first alert, 0 at the window's start. */
    CHANGE_RECENCY(1.0),
    /** A quiet dependency's change, halving every 15 minutes of age. */
    QUIET_CHANGE(3.5),
    /** An infrastructure change (node pool, network, storage) within the window: says less than a deploy. */
    INFRA_CHANGE(1.0),
    CAUSE_IN_NAME(2.0),
    CAUSE_IN_TEXT(1.5),
    /** Config, deploy or crash words without a recorded change. */
    WEAK_CAUSE(1.0),
    /** Words that point further down the call chain. */
    DOWNSTREAM(0.3),
    CORROBORATED(0.3),
    SECURITY_BREACH(2.5),
    /** At the edge, alerts that report blocks, threats, floods or a request rate from few sources. */
    EDGE_ATTACK(2.5),
    EXTERNAL(1.5),
    DATASTORE(0.3),
    /** Share of the other unhealthy services that depend on it (halved for a quiet candidate). */
    COVERAGE(2.0),
    DEEPEST(0.5),
    ALERTING_DEPENDENCY(-1.5),
    EARLIEST(0.3),
    LOAD_VICTIM(-3.0),
    FLOODS(0.5),
    /** Similarity to a past incident whose confirmed cause was this service. */
    SIMILAR_PAST(2.0);

    private final double defaultWeight;

    Feature(double defaultWeight) {
        this.defaultWeight = defaultWeight;
    }

    public double defaultWeight() {
        return defaultWeight;
    }

    /** lowerCamelCase, as stored and shown. */
    public String wire() {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char ch : name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** The feature of a stored name, or null when this version does not know it. */
    public static Feature fromWire(String wire) {
        for (Feature f : values()) {
            if (f.wire().equals(wire)) {
                return f;
            }
        }
        return null;
    }

    /** Feature values by wire name, in feature order, as stored. */
    public static Map<String, Double> byName(Map<Feature, Double> values) {
        Map<String, Double> named = new LinkedHashMap<>();
        new EnumMap<>(values).forEach((f, v) -> named.put(f.wire(), v));
        return named;
    }

    /** Stored feature values back by feature; names this version does not know are left out. */
    public static Map<Feature, Double> fromNames(Map<String, Double> named) {
        Map<Feature, Double> values = new EnumMap<>(Feature.class);
        named.forEach((name, v) -> {
            Feature f = fromWire(name);
            if (f != null) {
                values.put(f, v);
            }
        });
        return values;
    }
}
