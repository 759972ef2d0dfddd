package io.irsuite.detection.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/** Runs a {@link SignalBaseline} over synthetic series, one sample a minute, and counts what it decided. */
final class BaselineRuns {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Raises on a stationary series, and how many samples were judged (after the warm-up). */
    record FalsePositives(long raises, long judged) {
        double per10k() {
            return judged == 0 ? 0 : raises * 10_000.0 / judged;
        }

        FalsePositives plus(FalsePositives o) {
            return new FalsePositives(raises + o.raises, judged + o.judged);
        }
    }

    private BaselineRuns() {
    }

    static Instant minute(long i) {
        return T0.plus(Duration.ofMinutes(i));
    }

    static FalsePositives falsePositives(SignalParams p, SyntheticSeries.Generator g, long seed, int length) {
        DoubleSupplier source = g.make(seed);
        SignalBaseline b = SignalBaseline.fresh();
        long raises = 0;
        long judged = 0;
        for (int i = 0; i < length; i++) {
            SignalBaseline.Step s = b.observe(g.signal(), source.getAsDouble(), minute(i), p);
            if (s.sigma() != null) {
                judged++;
            }
            if (s.decision() == SignalBaseline.Decision.RAISE) {
                raises++;
            }
            b = s.next();
        }
        return new FalsePositives(raises, judged);
    }

    /**
     * Samples from a step of {@code sigmas} standard deviations of the noise (at sample {@code at}) to the
     * raise; -1 when nothing was raised within {@code within} samples of the step.
     */
    static int detectionDelay(SignalParams p, SyntheticSeries.Generator g, long seed, int at, double sigmas,
                              int within) {
        DoubleSupplier source = g.make(seed);
        SignalBaseline b = SignalBaseline.fresh();
        for (int i = 0; i < at + within; i++) {
            double v = source.getAsDouble() + (i >= at ? sigmas * g.sd() : 0);
            SignalBaseline.Step s = b.observe(g.signal(), v, minute(i), p);
            if (s.decision() == SignalBaseline.Decision.RAISE && i >= at) {
                return i - at + 1;
            }
            b = s.next();
        }
        return -1;
    }
}
