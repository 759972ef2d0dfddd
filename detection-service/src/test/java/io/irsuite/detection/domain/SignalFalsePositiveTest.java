package io.irsuite.detection.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The false-positive rate of the shipped defaults on stationary noise, measured on data the tuning
 * ({@link SignalTuningTest}) never saw: other seeds for its generators, and generators it did not use
 * at all (stronger autocorrelation, heavy tails, counts, fractions). One sample a minute, 100,000 samples
 * (about 69 days) per seed, ten seeds per generator. Prints the table the README quotes.
 */
class SignalFalsePositiveTest {

    static final long[] HELD_OUT_SEEDS = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110};
    static final int LENGTH = 100_000;

    static final List<SyntheticSeries.Generator> HELD_OUT = List.of(
            new SyntheticSeries.Generator("latency AR(1) 0.8", Signal.LATENCY_P95_MS, 300, 30, 30,
                    SyntheticSeries.ar1(0.8)),
            new SyntheticSeries.Generator("latency Student t3", Signal.LATENCY_P95_MS, 300, 30, 30,
                    SyntheticSeries.studentT3()),
            new SyntheticSeries.Generator("requestRate Poisson, rate AR(1) 0.5 cv 10%", Signal.REQUEST_RATE, 200,
                    0, 20, SyntheticSeries.overdispersedRate(0.5, 0.1)),
            new SyntheticSeries.Generator("errorRate 2% of 500 requests", Signal.ERROR_RATE, 0.02, 500, 0.0063,
                    SyntheticSeries.binomialFraction()),
            new SyntheticSeries.Generator("saturation AR(1) 0.9", Signal.SATURATION, 0.6, 0.05, 0.05,
                    SyntheticSeries.boundedAr1(0.9)));

    @Test
    void falsePositiveRateOnHeldOutSeedsAndGenerators() {
        SignalParams p = SignalParams.defaults();
        System.out.println("false raises on stationary noise, defaults, held-out seeds " + HELD_OUT_SEEDS[0] + "-"
                + HELD_OUT_SEEDS[HELD_OUT_SEEDS.length - 1] + ", " + LENGTH + " samples each");
        System.out.println("generator | tuned on it | raises | judged samples | per 10,000 | per day at 1/min");
        BaselineRuns.FalsePositives seen = measure(SignalTuningTest.TUNING, p, "yes (other seeds)");
        BaselineRuns.FalsePositives unseen = measure(HELD_OUT, p, "no");
        System.out.printf("all generators tuned on (new seeds): %.3f per 10,000; never tuned on: %.3f per 10,000%n",
                seen.per10k(), unseen.per10k());
        // a regression guard set after the measurement, not a tuning target
        assertTrue(seen.per10k() < 0.1, "tuning generators on new seeds: " + seen.per10k());
        assertTrue(unseen.per10k() < 1.0, "held-out generators: " + unseen.per10k());
    }

    private static BaselineRuns.FalsePositives measure(List<SyntheticSeries.Generator> generators, SignalParams p,
                                                       String tuned) {
        BaselineRuns.FalsePositives all = new BaselineRuns.FalsePositives(0, 0);
        for (SyntheticSeries.Generator g : generators) {
            BaselineRuns.FalsePositives one = new BaselineRuns.FalsePositives(0, 0);
            for (long seed : HELD_OUT_SEEDS) {
                one = one.plus(BaselineRuns.falsePositives(p, g, seed, LENGTH));
            }
            System.out.printf("%s | %s | %d | %d | %.3f | %.4f%n", g.name(), tuned, one.raises(), one.judged(),
                    one.per10k(), one.per10k() * 1440 / 10_000);
            all = all.plus(one);
        }
        return all;
    }
}
