package io.irsuite.detection.domain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The knobs of {@link SignalBaseline}; see detection-service/README.md (Anomaly detection) for the
 * defaults and why.
 *
 * @param warmUpSamples      samples learned before the first decision
 * @param alpha              EWMA weight of a new sample (half-life ln 0.5 / ln(1 - alpha) samples)
 * @param raiseSigma         deviation (in standard deviations) beyond which a sample counts towards a raise
 * @param resolveSigma       deviation within which a sample counts towards a resolve (below raiseSigma: hysteresis)
 * @param confirmSamples     consecutive samples beyond raiseSigma that raise
 * @param resolveSamples     consecutive samples within resolveSigma that resolve
 * @param minRelativeStddev  floor of the standard deviation as a fraction of the baseline mean
 * @param minAbsoluteStddev  floor of the standard deviation per signal, in the signal's unit
 * @param rebaselineAfter    an anomaly that lasts this long (by the samples' times) is accepted as the new normal
 */
public record SignalParams(int warmUpSamples, double alpha, double raiseSigma, double resolveSigma,
                           int confirmSamples, int resolveSamples, double minRelativeStddev,
                           Map<Signal, Double> minAbsoluteStddev, Duration rebaselineAfter) {

    public SignalParams {
        require(warmUpSamples >= 2, "warm-up-samples must be at least 2");
        require(alpha > 0 && alpha < 1, "alpha must be in (0, 1)");
        require(resolveSigma > 0 && resolveSigma < raiseSigma, "resolve-sigma must be in (0, raise-sigma)");
        require(confirmSamples >= 1, "confirm-samples must be at least 1");
        require(resolveSamples >= 1, "resolve-samples must be at least 1");
        require(minRelativeStddev >= 0, "min-relative-stddev must be at least 0");
        require(rebaselineAfter != null && !rebaselineAfter.isNegative() && !rebaselineAfter.isZero(),
                "rebaseline-after must be positive");
        EnumMap<Signal, Double> floors = new EnumMap<>(Signal.class);
        for (Signal s : Signal.values()) {
            Double floor = minAbsoluteStddev == null ? null : minAbsoluteStddev.get(s);
            require(floor != null && floor > 0, "min-stddev of " + s.field() + " must be positive");
            floors.put(s, floor);
        }
        minAbsoluteStddev = Map.copyOf(floors);
    }

    /** The shipped defaults (the same as IrConfig's). */
    public static SignalParams defaults() {
        return new SignalParams(30, 0.02, 3.0, 2.0, 3, 5, 0.05,
                Map.of(Signal.LATENCY_P95_MS, 5.0, Signal.REQUEST_RATE, 0.5, Signal.ERROR_RATE, 0.005,
                        Signal.SATURATION, 0.02),
                Duration.ofHours(6));
    }

    public SignalParams with(int warmUp, double alpha, double raise, int confirm) {
        return new SignalParams(warmUp, alpha, raise, resolveSigma, confirm, resolveSamples, minRelativeStddev,
                minAbsoluteStddev, rebaselineAfter);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("ir.detection.signals: " + message);
        }
    }
}
