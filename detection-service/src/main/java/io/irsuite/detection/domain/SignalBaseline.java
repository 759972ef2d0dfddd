package io.irsuite.detection.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The learned baseline of one signal of one service, and the online rule that judges each new sample
 * against it. Immutable: {@link #observe} returns the next state with what the sample decided.
 * <ul>
 *   <li><b>Baseline</b>: exponentially weighted mean and variance (weight {@code alpha}); during the
 *   warm-up the weight is {@code max(alpha, 1/n)}, so the first samples give the plain mean and
 *   variance instead of a mean dragged towards the first value.</li>
 *   <li><b>Deviation</b>: {@code (value - mean) / sd}, where sd is floored by an absolute and a relative
 *   minimum (a perfectly flat series must not turn every tiny change into infinite sigmas).</li>
 *   <li><b>Raise</b>: {@code confirmSamples} consecutive samples beyond {@code raiseSigma} in one
 *   direction (upwards only, except for the request rate). A sample beyond the threshold is not learned
 *   while it awaits confirmation, so a spike does not pollute the baseline and a step is not half-learned
 *   before it is confirmed.</li>
 *   <li><b>Frozen while anomalous</b>: the baseline learns nothing, so a long outage does not become the
 *   new normal; the anomalous samples go to a shadow baseline instead.</li>
 *   <li><b>Resolve</b> (hysteresis): {@code resolveSamples} consecutive samples within
 *   {@code resolveSigma}; or, once the anomaly has lasted {@code rebaselineAfter} by the samples' times,
 *   the shadow baseline is accepted as the new normal (a genuine permanent level change).</li>
 *   <li><b>Order</b>: a sample older than the last applied one is ignored (an online baseline needs order).</li>
 * </ul>
 *
 * @param count            samples learned (the warm-up is over at {@code warmUpSamples})
 * @param direction        +1 or -1: the side of the pending raise streak, or of the anomaly; 0 when neither
 * @param raiseStreak      consecutive samples beyond raiseSigma so far (not anomalous yet)
 * @param raiseStreakSince time of the first sample of that streak: when the anomaly started
 * @param resolveStreak    consecutive samples within resolveSigma while anomalous
 * @param anomalousSince   start of the current anomaly (null when not anomalous)
 * @param peakValue        the most deviant value of the current anomaly (or of the pending raise streak)
 * @param peakSigma        its deviation
 * @param shadowCount      samples seen while anomalous, learned into the shadow baseline
 * @param resolveEcho      the previous sample resolved: the next one repeats the resolution once
 *                         (a crash between the baseline's commit and the alert's must not lose it)
 * @param lastAt           time of the last applied sample (null before the first)
 */
public record SignalBaseline(long count, double mean, double variance, boolean anomalous, int direction,
                             int raiseStreak, Instant raiseStreakSince, int resolveStreak, Instant anomalousSince,
                             double peakValue, double peakSigma, long shadowCount, double shadowMean,
                             double shadowVariance, boolean resolveEcho, Instant lastAt) {

    /** Where the baseline stands after a sample. */
    public enum Phase {
        WARMING_UP("warming-up"), NORMAL("normal"), ANOMALOUS("anomalous"), IGNORED("ignored");

        private final String wire;

        Phase(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** A change of the anomaly state. */
    public enum Decision { NONE, RAISE, RESOLVE }

    /** What the alert of this signal must be told: nothing, firing (raise or re-assert), or resolved. */
    public enum AlertAction { NONE, FIRING, RESOLVED }

    /**
     * What one sample did.
     *
     * @param baseline    the mean the value was judged against (before the sample); null before any sample
     * @param stddev      the floored standard deviation used; null during the warm-up
     * @param sigma       the value's deviation in standard deviations; null during the warm-up or when ignored
     * @param explanation the alert's text when {@code alert} is not NONE
     * @param alertAt     startsAt of a firing alert (the anomaly's start), endsAt of a resolved one
     */
    public record Step(SignalBaseline next, Phase phase, Decision decision, AlertAction alert, double value,
                       Double baseline, Double stddev, Double sigma, String explanation, Instant alertAt) {
    }

    /**
     * How far from the mean a judged sample is learned at most, in standard deviations. 2.5 keeps the
     * variance of normal noise within 2.5% of the unclipped estimate.
     */
    public static final double LEARN_CLIP_SIGMA = 2.5;

    /** No sample yet. */
    public static SignalBaseline fresh() {
        return new SignalBaseline(0, 0, 0, false, 0, 0, null, 0, null, 0, 0, 0, 0, 0, false, null);
    }

    /** Judges {@code value} observed at {@code at} and learns it where the rules allow. */
    public Step observe(Signal signal, double value, Instant at, SignalParams p) {
        if (lastAt != null && at.isBefore(lastAt)) {
            return new Step(this, Phase.IGNORED, Decision.NONE, AlertAction.NONE, value, count == 0 ? null : mean,
                    null, null, null, null);
        }
        boolean echo = resolveEcho && !anomalous;
        if (count < p.warmUpSamples()) {
            SignalBaseline next = learned(value, p.alpha()).at(at).withEcho(false);
            return new Step(next, next.count < p.warmUpSamples() ? Phase.WARMING_UP : Phase.NORMAL, Decision.NONE,
                    echo ? AlertAction.RESOLVED : AlertAction.NONE, value, count == 0 ? null : mean, null, null,
                    echo ? backToNormal(signal) : null, echo ? at : null);
        }
        double sd = stddev(signal, p);
        double sigma = (value - mean) / sd;
        return anomalous ? whileAnomalous(signal, value, at, sd, sigma, p)
                : whileNormal(signal, value, at, sd, sigma, echo, p);
    }

    private Step whileNormal(Signal signal, double value, Instant at, double sd, double sigma, boolean echo,
                             SignalParams p) {
        int side = side(signal, sigma, p.raiseSigma());
        AlertAction alert = echo ? AlertAction.RESOLVED : AlertAction.NONE;
        String echoText = echo ? backToNormal(signal) : null;
        if (side == 0) {
            // learned clipped at LEARN_CLIP_SIGMA (Huber): the dips of a step just below the threshold cannot
            // inflate the variance enough to hide the step, and slow drift is still followed
            double clipped = mean + Math.max(-LEARN_CLIP_SIGMA * sd, Math.min(LEARN_CLIP_SIGMA * sd, value - mean));
            SignalBaseline next = learned(clipped, p.alpha()).streak(0, 0, null).at(at).withEcho(false);
            return new Step(next, Phase.NORMAL, Decision.NONE, alert, value, mean, sd, sigma, echoText,
                    echo ? at : null);
        }
        boolean continues = raiseStreak > 0 && direction == side;
        int streak = continues ? raiseStreak + 1 : 1;
        Instant since = continues ? raiseStreakSince : at;
        // the peak of the streak so far, so that the anomaly's peak includes the samples that confirmed it
        boolean peak = !continues || side * sigma > side * peakSigma;
        double pValue = peak ? value : peakValue;
        double pSigma = peak ? sigma : peakSigma;
        if (streak < p.confirmSamples()) {
            // awaiting confirmation: not learned, so a spike leaves the baseline as it was
            SignalBaseline next = new SignalBaseline(count, mean, variance, false, side, streak, since, 0, null,
                    pValue, pSigma, 0, 0, 0, false, at);
            return new Step(next, Phase.NORMAL, Decision.NONE, alert, value, mean, sd, sigma, echoText,
                    echo ? at : null);
        }
        SignalBaseline next = new SignalBaseline(count, mean, variance, true, side, 0, null, 0, since, pValue, pSigma,
                1, value, 0, false, at);
        String text = "%s %s vs baseline %s ± %s, %sσ over %d samples".formatted(signal.field(), number(value),
                number(mean), number(sd), sigmas(sigma), streak);
        return new Step(next, Phase.ANOMALOUS, Decision.RAISE, AlertAction.FIRING, value, mean, sd, sigma, text,
                since);
    }

    private Step whileAnomalous(Signal signal, double value, Instant at, double sd, double sigma, SignalParams p) {
        long n = shadowCount + 1;
        double a = Math.max(p.alpha(), 1.0 / n);
        double diff = value - shadowMean;
        double sMean = shadowMean + a * diff;
        double sVariance = (1 - a) * (shadowVariance + diff * a * diff);
        boolean peak = direction * sigma > direction * peakSigma;
        double pValue = peak ? value : peakValue;
        double pSigma = peak ? sigma : peakSigma;
        boolean within = signal.bothWays() ? Math.abs(sigma) < p.resolveSigma() : sigma < p.resolveSigma();
        int resolved = within ? resolveStreak + 1 : 0;
        if (resolved >= p.resolveSamples()) {
            SignalBaseline next = new SignalBaseline(count, mean, variance, false, 0, 0, null, 0, null, 0, 0, 0, 0, 0,
                    true, at);
            String text = "%s %s back within %sσ of baseline %s ± %s for %d samples; anomalous since %s, peak %s (%sσ)"
                    .formatted(signal.field(), number(value), sigmas(p.resolveSigma()), number(mean), number(sd),
                            resolved, anomalousSince, number(pValue), sigmas(pSigma));
            return new Step(next, Phase.NORMAL, Decision.RESOLVE, AlertAction.RESOLVED, value, mean, sd, sigma, text,
                    at);
        }
        if (!Duration.between(anomalousSince, at).minus(p.rebaselineAfter()).isNegative()) {
            // a level held this long is the new normal (a release that made it slower, traffic that grew):
            // the shadow baseline takes over, and is warmed up further if it saw too few samples
            SignalBaseline next = new SignalBaseline(n, sMean, sVariance, false, 0, 0, null, 0, null, 0, 0, 0, 0, 0,
                    true, at);
            double newSd = next.stddev(signal, p);
            String text = ("%s has held at %s ± %s for %s (since %s): accepted as its new baseline (was %s ± %s); "
                    + "peak %s (%sσ)").formatted(signal.field(), number(sMean), number(newSd),
                    Durations.human(Duration.between(anomalousSince, at)), anomalousSince, number(mean), number(sd),
                    number(pValue), sigmas(pSigma));
            return new Step(next, n < p.warmUpSamples() ? Phase.WARMING_UP : Phase.NORMAL, Decision.RESOLVE,
                    AlertAction.RESOLVED, value, mean, sd, sigma, text, at);
        }
        SignalBaseline next = new SignalBaseline(count, mean, variance, true, direction, 0, null, resolved,
                anomalousSince, pValue, pSigma, n, sMean, sVariance, false, at);
        // every sample of an anomaly re-asserts its alert: a lost raise is repaired by the next sample
        // the samples that confirmed the anomaly were part of it too
        String text = "%s %s vs baseline %s ± %s, %sσ; anomalous for %d samples since %s".formatted(signal.field(),
                number(value), number(mean), number(sd), sigmas(sigma), n + p.confirmSamples() - 1, anomalousSince);
        return new Step(next, Phase.ANOMALOUS, Decision.NONE, AlertAction.FIRING, value, mean, sd, sigma, text,
                anomalousSince);
    }

    /** The standard deviation the deviation is measured in: learned, but never below the floors. */
    public double stddev(Signal signal, SignalParams p) {
        return Math.max(Math.sqrt(Math.max(variance, 0)),
                Math.max(p.minAbsoluteStddev().get(signal), p.minRelativeStddev() * Math.abs(mean)));
    }

    /** +1 or -1 when the deviation is beyond the threshold in a direction that counts, else 0. */
    private static int side(Signal signal, double sigma, double threshold) {
        if (sigma >= threshold) {
            return 1;
        }
        return signal.bothWays() && sigma <= -threshold ? -1 : 0;
    }

    private SignalBaseline learned(double value, double alpha) {
        long n = count + 1;
        double a = Math.max(alpha, 1.0 / n);
        double diff = value - mean;
        double incr = a * diff;
        return new SignalBaseline(n, mean + incr, (1 - a) * (variance + diff * incr), anomalous, direction,
                raiseStreak, raiseStreakSince, resolveStreak, anomalousSince, peakValue, peakSigma, shadowCount,
                shadowMean, shadowVariance, resolveEcho, lastAt);
    }

    private SignalBaseline streak(int side, int streak, Instant since) {
        return new SignalBaseline(count, mean, variance, anomalous, side, streak, since, resolveStreak,
                anomalousSince, peakValue, peakSigma, shadowCount, shadowMean, shadowVariance, resolveEcho, lastAt);
    }

    private SignalBaseline at(Instant at) {
        return new SignalBaseline(count, mean, variance, anomalous, direction, raiseStreak, raiseStreakSince,
                resolveStreak, anomalousSince, peakValue, peakSigma, shadowCount, shadowMean, shadowVariance,
                resolveEcho, at);
    }

    private SignalBaseline withEcho(boolean echo) {
        return new SignalBaseline(count, mean, variance, anomalous, direction, raiseStreak, raiseStreakSince,
                resolveStreak, anomalousSince, peakValue, peakSigma, shadowCount, shadowMean, shadowVariance, echo,
                lastAt);
    }

    private String backToNormal(Signal signal) {
        return "%s back to normal (baseline %s)".formatted(signal.field(), number(mean));
    }

    /** {@code 1,840}, {@code 310}, {@code 4.25}, {@code 0.0123}: three significant digits below 100. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** {@code 38} above 10, one decimal below: {@code 4.6}. */
    public static String sigmas(double sigma) {
        return Math.abs(sigma) >= 10 ? String.format(Locale.ROOT, "%.0f", sigma)
                : String.format(Locale.ROOT, "%.1f", sigma);
    }
}
