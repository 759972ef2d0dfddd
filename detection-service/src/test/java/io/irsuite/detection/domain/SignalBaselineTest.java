package io.irsuite.detection.domain;

import io.irsuite.detection.domain.SignalBaseline.AlertAction;
import io.irsuite.detection.domain.SignalBaseline.Decision;
import io.irsuite.detection.domain.SignalBaseline.Phase;
import io.irsuite.detection.domain.SignalBaseline.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.irsuite.detection.domain.BaselineRuns.minute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baseline's decisions on synthetic series, one sample a minute, with the shipped defaults. */
class SignalBaselineTest {

    static final SignalParams P = SignalParams.defaults();

    /** Feeds a series and remembers every step; {@code i} continues across calls. */
    static final class Run {
        final Signal signal;
        SignalBaseline state = SignalBaseline.fresh();
        final List<Step> steps = new ArrayList<>();
        int i;

        Run(Signal signal) {
            this.signal = signal;
        }

        Step feed(double value) {
            Step s = state.observe(signal, value, minute(i++), P);
            state = s.next();
            steps.add(s);
            return s;
        }

        /** Gaussian noise around level; values clipped to the signal's range. */
        Run noise(int n, double level, double sd, Random r) {
            for (int k = 0; k < n; k++) {
                feed(Math.min(signal.max(), Math.max(0, level + sd * r.nextGaussian())));
            }
            return this;
        }

        long count(Decision d) {
            return steps.stream().filter(s -> s.decision() == d).count();
        }

        /** Index of the first step with this decision at or after {@code from}, or -1. */
        int first(Decision d, int from) {
            for (int k = from; k < steps.size(); k++) {
                if (steps.get(k).decision() == d) {
                    return k;
                }
            }
            return -1;
        }
    }

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of(Signal.LATENCY_P95_MS, 300.0, 20.0, 900.0),
                Arguments.of(Signal.LATENCY_P95_MS, 300.0, 20.0, 420.0),   // 6σ: still within the confirmation
                Arguments.of(Signal.ERROR_RATE, 0.01, 0.003, 0.2),
                Arguments.of(Signal.SATURATION, 0.5, 0.03, 0.95),
                Arguments.of(Signal.REQUEST_RATE, 1000.0, 50.0, 300.0),    // traffic drop
                Arguments.of(Signal.REQUEST_RATE, 1000.0, 50.0, 3000.0));  // traffic surge
    }

    @ParameterizedTest
    @MethodSource("steps")
    void aStepFiresAfterExactlyTheConfirmationCount(Signal signal, double level, double sd, double stepTo) {
        Random r = new Random(7);
        Run run = new Run(signal).noise(300, level, sd, r);
        assertEquals(0, run.count(Decision.RAISE), "no raise on the noise before the step");
        int stepAt = run.i;
        // the step carries the same noise, so its first samples are not identical
        run.noise(10, stepTo, sd, r);
        assertEquals(stepAt + P.confirmSamples() - 1, run.first(Decision.RAISE, stepAt));
        Step raise = run.steps.get(stepAt + P.confirmSamples() - 1);
        assertEquals(AlertAction.FIRING, raise.alert());
        assertEquals(minute(stepAt), raise.alertAt(), "the alert starts with the step's first sample");
        assertTrue(raise.explanation().startsWith(signal.field() + " "), raise.explanation());
        assertTrue(raise.explanation().endsWith("over 3 samples"), raise.explanation());
        assertEquals(Math.signum(stepTo - level), Math.signum(raise.sigma()));
        assertEquals(1, run.count(Decision.RAISE), "raised once, then re-asserted");
        assertTrue(run.steps.subList(stepAt + 3, run.steps.size()).stream()
                .allMatch(s -> s.alert() == AlertAction.FIRING && s.phase() == Phase.ANOMALOUS));
    }

    @ParameterizedTest
    @CsvSource({
            // signal, from, to, noise sd, samples: a doubling over 1,000 samples (17 hours) is slow drift
            "LATENCY_P95_MS, 300, 600, 20, 1000",
            "REQUEST_RATE, 1000, 500, 40, 1000",
            "REQUEST_RATE, 500, 1000, 30, 1000",
            "SATURATION, 0.3, 0.7, 0.02, 2000",
            "ERROR_RATE, 0.01, 0.03, 0.003, 2000"})
    void aSlowDriftIsFollowedAndNeverFires(Signal signal, double from, double to, double sd, int samples) {
        for (long seed = 1; seed <= 5; seed++) {
            Random r = new Random(seed);
            Run run = new Run(signal).noise(100, from, sd, r);
            for (int k = 0; k < samples; k++) {
                run.feed(Math.max(0, from + (to - from) * k / samples + sd * r.nextGaussian()));
            }
            assertEquals(0, run.count(Decision.RAISE), "seed " + seed);
            assertEquals(to, run.state.mean(), Math.abs(to - from) * 0.1, "the baseline followed the drift");
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "2"})
    void aSpikeShorterThanTheConfirmationOpensNothingAndIsNotLearned(int length) {
        Random r = new Random(3);
        Run run = new Run(Signal.LATENCY_P95_MS).noise(200, 300, 20, r);
        double before = run.state.mean();
        for (int k = 0; k < length; k++) {
            run.feed(3000);
        }
        assertEquals(before, run.state.mean(), "the spike did not move the baseline");
        run.noise(50, 300, 20, r);
        assertEquals(0, run.count(Decision.RAISE));
        assertTrue(run.steps.stream().allMatch(s -> s.alert() == AlertAction.NONE));
    }

    @Test
    void aSpikeLastingTheConfirmationCountFiresThenResolvesWhenItRecovers() {
        Random r = new Random(4);
        Run run = new Run(Signal.LATENCY_P95_MS).noise(200, 300, 20, r);
        int spikeAt = run.i;
        run.feed(2000);
        run.feed(2100);
        Step raise = run.feed(1900);
        assertEquals(Decision.RAISE, raise.decision());
        int recoverAt = run.i;
        run.noise(20, 300, 20, r);
        int resolveAt = run.first(Decision.RESOLVE, recoverAt);
        assertEquals(recoverAt + P.resolveSamples() - 1, resolveAt, "resolved after resolve-samples quiet samples");
        Step resolve = run.steps.get(resolveAt);
        assertEquals(AlertAction.RESOLVED, resolve.alert());
        assertTrue(resolve.explanation().contains("back within 2.0σ of baseline"), resolve.explanation());
        assertTrue(resolve.explanation().contains("anomalous since " + minute(spikeAt)), resolve.explanation());
        assertTrue(resolve.explanation().contains("peak 2,100"), resolve.explanation());
        // the next sample repeats the resolution once (a crash may have lost it), then nothing
        assertEquals(AlertAction.RESOLVED, run.steps.get(resolveAt + 1).alert());
        assertEquals(AlertAction.NONE, run.steps.get(resolveAt + 2).alert());
        assertEquals(1, run.count(Decision.RAISE));
        assertEquals(1, run.count(Decision.RESOLVE));
    }

    @ParameterizedTest
    @CsvSource({"LATENCY_P95_MS, 300, 20, 5", "ERROR_RATE, 0.05, 0.005, 0", "SATURATION, 0.8, 0.02, 0"})
    void latencyErrorsAndSaturationAreOnlyAnomalousUpwards(Signal signal, double level, double sd, double low) {
        Random r = new Random(5);
        Run run = new Run(signal).noise(200, level, sd, r);
        for (int k = 0; k < 50; k++) {
            run.feed(low);
        }
        assertEquals(0, run.count(Decision.RAISE));
    }

    @Test
    void aRequestRateStreakMustKeepItsDirection() {
        Run run = new Run(Signal.REQUEST_RATE).noise(200, 1000, 20, new Random(6));
        run.feed(2000);
        run.feed(2000);
        run.feed(100);
        run.feed(100);
        assertEquals(0, run.count(Decision.RAISE));
        assertEquals(Decision.RAISE, run.feed(100).decision(), "three on the low side");
    }

    @Test
    void noDecisionDuringTheWarmUp() {
        Run run = new Run(Signal.LATENCY_P95_MS);
        for (int k = 0; k < P.warmUpSamples() - 1; k++) {
            Step s = run.feed(k % 3 == 0 ? 5000 : 300);
            assertEquals(Phase.WARMING_UP, s.phase());
            assertEquals(Decision.NONE, s.decision());
            assertNull(s.sigma());
        }
        assertEquals(Phase.NORMAL, run.feed(300).phase(), "the last warm-up sample completes it");
        assertEquals(P.warmUpSamples(), run.state.count());
    }

    @Test
    void theWarmUpLearnsThePlainMeanAndVariance() {
        Run run = new Run(Signal.LATENCY_P95_MS);
        run.feed(100);
        run.feed(200);
        run.feed(300);
        assertEquals(200, run.state.mean(), 1e-9);
        assertEquals(20_000.0 / 3, run.state.variance(), 1e-6);
    }

    @ParameterizedTest
    @CsvSource({
            // signal, flat level, a tiny change that stays normal, a jump that raises, the floored stddev shown
            "LATENCY_P95_MS, 100, 101, 200, 5",
            "LATENCY_P95_MS, 2000, 2050, 3000, 100",
            "ERROR_RATE, 0, 0.004, 0.05, 0.005",
            "REQUEST_RATE, 0, 0.4, 5, 0.5",
            "SATURATION, 0.5, 0.52, 0.9, 0.025"})
    void aPerfectlyFlatSeriesUsesTheVarianceFloor(Signal signal, double flat, double tiny, double jump,
                                                  String floor) {
        Run run = new Run(signal);
        for (int k = 0; k < 100; k++) {
            run.feed(flat);
        }
        Step small = run.feed(tiny);
        assertTrue(Math.abs(small.sigma()) < P.raiseSigma(), "a tiny change is not infinite sigmas: " + small.sigma());
        run.feed(jump);
        run.feed(jump);
        Step raise = run.feed(jump);
        assertEquals(Decision.RAISE, raise.decision());
        assertTrue(raise.explanation().contains(" ± " + floor + ","), raise.explanation());
    }

    @Test
    void aLongOutageIsNotLearnedAndKeepsItsAlertFiring() {
        Random r = new Random(8);
        Run run = new Run(Signal.LATENCY_P95_MS).noise(200, 300, 20, r);
        double baseline = run.state.mean();
        int outageAt = run.i;
        run.noise(300, 1500, 100, r);   // five hours, below the re-baseline time
        assertEquals(1, run.count(Decision.RAISE));
        assertEquals(baseline, run.state.mean(), "frozen while anomalous");
        assertTrue(run.state.anomalous());
        assertTrue(run.steps.subList(outageAt + 2, run.i).stream().allMatch(s -> s.alert() == AlertAction.FIRING
                && minute(outageAt).equals(s.alertAt())), "every anomalous sample re-asserts the alert");
        Step last = run.steps.get(run.i - 1);
        assertTrue(last.explanation().contains("anomalous for 300 samples since " + minute(outageAt)),
                last.explanation());
        run.noise(10, 300, 20, r);
        assertEquals(1, run.count(Decision.RESOLVE));
    }

    @Test
    void aPermanentLevelChangeBecomesTheNewBaselineAfterTheRebaselineTime() {
        Random r = new Random(9);
        Run run = new Run(Signal.LATENCY_P95_MS).noise(200, 300, 20, r);
        int changeAt = run.i;
        int minutes = (int) P.rebaselineAfter().toMinutes();
        run.noise(minutes + 200, 600, 30, r);
        assertEquals(1, run.count(Decision.RAISE));
        int rebaselineAt = run.first(Decision.RESOLVE, changeAt);
        assertEquals(changeAt + minutes, rebaselineAt, "resolved when the anomaly had lasted rebaseline-after");
        Step rebaseline = run.steps.get(rebaselineAt);
        assertTrue(rebaseline.explanation().contains("accepted as its new baseline (was 3"), rebaseline.explanation());
        assertTrue(rebaseline.explanation().contains("for 6h"), rebaseline.explanation());
        assertEquals(600, run.state.mean(), 30, "the new normal");
        assertEquals(1, run.count(Decision.RESOLVE), "and no raise at the new level");
        assertEquals(Phase.NORMAL, run.steps.get(run.i - 1).phase());
    }

    @Test
    void betweenTheThresholdsAnAnomalyNeitherResolvesNorReRaises() {
        Random r = new Random(10);
        Run run = new Run(Signal.LATENCY_P95_MS).noise(200, 300, 20, r);
        double sd = run.state.stddev(Signal.LATENCY_P95_MS, P);
        double mean = run.state.mean();
        run.feed(mean + 10 * sd);
        run.feed(mean + 10 * sd);
        run.feed(mean + 10 * sd);
        for (int k = 0; k < 100; k++) {
            // 2.5σ: below the raise threshold, above the resolve threshold
            run.feed(mean + 2.5 * sd);
        }
        assertEquals(1, run.count(Decision.RAISE));
        assertEquals(0, run.count(Decision.RESOLVE));
        assertTrue(run.state.anomalous());
    }

    @Test
    void aSampleOlderThanTheLastAppliedIsIgnored() {
        SignalBaseline b = SignalBaseline.fresh();
        for (int k = 0; k < 40; k++) {
            b = b.observe(Signal.REQUEST_RATE, 100, minute(10 + k), P).next();
        }
        Step old = b.observe(Signal.REQUEST_RATE, 5000, minute(5), P);
        assertEquals(Phase.IGNORED, old.phase());
        assertEquals(b, old.next());
        Step same = b.observe(Signal.REQUEST_RATE, 100, minute(49), P);
        assertEquals(Phase.NORMAL, same.phase(), "the same time as the last is applied");
        assertEquals(b.count() + 1, same.next().count());
    }

    @Test
    void theExplanationStatesValueBaselineAndDeviation() {
        SignalBaseline b = new SignalBaseline(500, 310, 1600, false, 0, 0, null, 0, null, 0, 0, 0, 0, 0, false,
                minute(0));
        Instant at = minute(1);
        for (int k = 0; k < 2; k++) {
            b = b.observe(Signal.LATENCY_P95_MS, 1840, at.plusSeconds(60L * k), P).next();
        }
        Step raise = b.observe(Signal.LATENCY_P95_MS, 1840, minute(3), P);
        assertEquals("latencyP95Ms 1,840 vs baseline 310 ± 40, 38σ over 3 samples", raise.explanation());
        assertEquals(310, raise.baseline());
        assertEquals(40, raise.stddev());
        assertEquals(38.25, raise.sigma(), 1e-9);
        assertEquals(at, raise.alertAt());
    }

    @ParameterizedTest
    @CsvSource({"1840,'1,840'", "310,310", "40,40", "4.256,4.26", "0.0123456,0.0123", "0.12,0.12", "0,0",
            "123456.7,'123,457'", "-17.5,-17.5"})
    void numbersAreShortAndReadable(double value, String text) {
        assertEquals(text, SignalBaseline.number(value));
    }

    @Test
    void nonsenseParametersAreRefusedAtStart() {
        SignalParams d = SignalParams.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.with(30, 1.5, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> d.with(1, 0.02, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> d.with(30, 0.02, 1.5, 3), "resolve above raise");
        assertThrows(IllegalArgumentException.class, () -> new SignalParams(30, 0.02, 3, 2, 3, 5, 0.05,
                java.util.Map.of(Signal.LATENCY_P95_MS, 5.0), Duration.ofHours(6)), "a floor per signal");
    }
}
