package io.irsuite.triage.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model learns from confirmed outcomes, stays near its priors on little data, and is calibrated. */
class ModelTrainerTest {

    private static Map<Feature, Double> x(Object... pairs) {
        Map<Feature, Double> m = new EnumMap<>(Feature.class);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Feature) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return m;
    }

    private static double[] softmax(Weights w, List<Map<Feature, Double>> candidates) {
        double[] p = new double[candidates.size() + 1];
        p[0] = Math.exp(w.of(Feature.ELSEWHERE));
        double total = p[0];
        for (int i = 0; i < candidates.size(); i++) {
            p[i + 1] = Math.exp(w.score(candidates.get(i)));
            total += p[i + 1];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    @Test
    void withoutOutcomesTheModelIsThePriors() {
        Weights w = ModelTrainer.train(List.of(), 1);
        assertEquals(1, w.version());
        for (Feature f : Feature.values()) {
            assertEquals(f.defaultWeight(), w.of(f), 1e-9, f.name());
        }
    }

    @Test
    void confirmedOutcomesThatContradictAPriorMoveItOnlyAsFarAsTheirNumberWarrants() {
        // The priors say a service whose dependencies alert is probably a victim; here it is always the cause.
        List<Map<Feature, Double>> incident = List.of(
                x(Feature.ALERTING, 1, Feature.ALERTING_DEPENDENCY, 1),
                x(Feature.ALERTING, 1, Feature.COVERAGE, 1, Feature.DEEPEST, 1));
        assertTrue(softmax(Weights.defaults(), incident)[1] < 0.1, "the priors rank the caller low");

        List<ModelTrainer.Example> few = List.of(new ModelTrainer.Example(incident, 0));
        List<ModelTrainer.Example> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new ModelTrainer.Example(incident, 0));
        }
        Weights afterOne = ModelTrainer.train(few, 1);
        Weights afterForty = ModelTrainer.train(many, 2);
        double pOne = softmax(afterOne, incident)[1];
        double pForty = softmax(afterForty, incident)[1];
        assertTrue(pOne > softmax(Weights.defaults(), incident)[1] && pOne < 0.5, "one outcome nudges: " + pOne);
        assertTrue(pForty > 0.8, "forty outcomes convince: " + pForty);
        assertTrue(afterForty.of(Feature.ALERTING_DEPENDENCY) > Feature.ALERTING_DEPENDENCY.defaultWeight());
        assertEquals(Feature.LOAD_VICTIM.defaultWeight(), afterForty.of(Feature.LOAD_VICTIM), 1e-9,
                "a feature never seen keeps its prior");
    }

    @Test
    void outcomesOutsideTheCandidatesTeachThatTheCauseMayBeElsewhere() {
        List<Map<Feature, Double>> incident = List.of(x(Feature.ALERTING, 1, Feature.CAUSE_IN_NAME, 1));
        List<ModelTrainer.Example> elsewhere = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            elsewhere.add(new ModelTrainer.Example(incident, -1));
        }
        Weights w = ModelTrainer.train(elsewhere, 1);
        assertTrue(w.of(Feature.ELSEWHERE) > Feature.ELSEWHERE.defaultWeight());
        assertTrue(softmax(w, incident)[1] < softmax(Weights.defaults(), incident)[1]);
    }

    /**
     * Outcomes drawn from a "true" model unlike the priors: after training on 1,500 of them, the confidence
     * on 1,500 held-out incidents matches how often the top candidate is right, bucket by bucket.
     */
    @Test
    void theLearnedConfidenceIsCalibratedOnHeldOutIncidents() {
        Map<Feature, Double> truth = new EnumMap<>(Feature.class);
        for (Feature f : Feature.values()) {
            truth.put(f, f.defaultWeight());
        }
        truth.put(Feature.COVERAGE, 0.5);
        truth.put(Feature.CAUSE_IN_NAME, 3.5);
        truth.put(Feature.EARLIEST, 1.5);
        truth.put(Feature.ELSEWHERE, 0.5);
        Weights trueModel = new Weights(0, truth, 0);
        Random random = new Random(7);
        Feature[] pool = {Feature.ALERTING, Feature.CAUSE_IN_NAME, Feature.CAUSE_IN_TEXT, Feature.COVERAGE,
                Feature.DEEPEST, Feature.EARLIEST, Feature.ALERTING_DEPENDENCY, Feature.CHANGE};
        List<ModelTrainer.Example> train = new ArrayList<>();
        List<ModelTrainer.Example> test = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            List<Map<Feature, Double>> candidates = new ArrayList<>();
            int size = 1 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                Map<Feature, Double> c = x(Feature.ALERTING, 1);
                for (Feature f : pool) {
                    if (random.nextDouble() < 0.3) {
                        c.put(f, f == Feature.COVERAGE ? random.nextDouble() : 1.0);
                    }
                }
                candidates.add(c);
            }
            double[] p = softmax(trueModel, candidates);
            double u = random.nextDouble();
            int pick = 0;
            for (double acc = p[0]; acc < u && pick < p.length - 1; acc += p[pick]) {
                pick++;
            }
            (n < 1500 ? train : test).add(new ModelTrainer.Example(candidates, pick - 1));
        }
        Weights learned = ModelTrainer.train(train, 1);

        double[] sum = new double[5];
        double[] right = new double[5];
        int[] count = new int[5];
        double brierLearned = 0;
        double brierPriors = 0;
        for (ModelTrainer.Example e : test) {
            double[] p = softmax(learned, e.candidates());
            double[] p0 = softmax(Weights.defaults(), e.candidates());
            int top = 1;
            for (int i = 2; i < p.length; i++) {
                if (p[i] > p[top]) {
                    top = i;
                }
            }
            boolean hit = top - 1 == e.truth();
            int bucket = Math.min(4, (int) (p[top] * 5));
            sum[bucket] += p[top];
            right[bucket] += hit ? 1 : 0;
            count[bucket]++;
            brierLearned += Math.pow(p[top] - (hit ? 1 : 0), 2);
            int top0 = 1;
            for (int i = 2; i < p0.length; i++) {
                if (p0[i] > p0[top0]) {
                    top0 = i;
                }
            }
            brierPriors += Math.pow(p0[top0] - (top0 - 1 == e.truth() ? 1 : 0), 2);
        }
        for (int b = 0; b < 5; b++) {
            if (count[b] >= 100) {
                double meanConfidence = sum[b] / count[b];
                double accuracy = right[b] / count[b];
                assertEquals(meanConfidence, accuracy, 0.07,
                        "bucket " + b + ": mean confidence " + meanConfidence + ", accuracy " + accuracy + " of " + count[b]);
            }
        }
        assertTrue(brierLearned < brierPriors, "learning improves the Brier score: " + brierLearned / test.size()
                + " < " + brierPriors / test.size());
        assertEquals(3.5, learned.of(Feature.CAUSE_IN_NAME), 0.6);
    }
}
