package io.irsuite.triage.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The weight of every {@link Feature}: the root-cause model. Version 0 is the prior
 * ({@link Feature#defaultWeight}); each retraining on confirmed outcomes stores the next version.
 *
 * @param version  0 for the priors, then 1, 2, …
 * @param examples how many confirmed outcomes it was trained on
 */
public record Weights(int version, Map<Feature, Double> values, int examples) {

    public Weights {
        EnumMap<Feature, Double> copy = new EnumMap<>(Feature.class);
        for (Feature f : Feature.values()) {
            Double v = values.get(f);
            copy.put(f, v == null || !Double.isFinite(v) ? f.defaultWeight() : v);
        }
        values = Collections.unmodifiableMap(copy);
    }

    public static Weights defaults() {
        return new Weights(0, Map.of(), 0);
    }

    public double of(Feature feature) {
        return values.get(feature);
    }

    /** The score of a feature vector: Σ weight × value. */
    public double score(Map<Feature, Double> features) {
        double sum = 0;
        for (Map.Entry<Feature, Double> e : features.entrySet()) {
            sum += values.get(e.getKey()) * e.getValue();
        }
        return sum;
    }

    /** By wire name, for storage; unknown names read back as their default. */
    public Map<String, Double> byName() {
        return Feature.byName(values);
    }

    public static Weights fromNames(int version, Map<String, Double> named, int examples) {
        return new Weights(version, Feature.fromNames(named), examples);
    }
}
