package io.irsuite.detection.domain;

import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Noise generators for the baseline tests, each seeded so that a figure can be reproduced. Every
 * generator is stationary (a level and a spread that do not change): whatever it makes raise is a
 * false positive.
 */
final class SyntheticSeries {

    /**
     * A named stationary generator for one signal; {@code make(seed)} gives a fresh, seeded source.
     * {@code sd} is the noise's standard deviation in the signal's unit (what a "5σ step" is measured in).
     */
    record Generator(String name, Signal signal, double level, double spread, double sd, Maker maker) {
        DoubleSupplier make(long seed) {
            return maker.make(new Random(seed), level, spread);
        }
    }

    interface Maker {
        DoubleSupplier make(Random random, double level, double spread);
    }

    private SyntheticSeries() {
    }

    /** Independent normal noise, clipped at 0 (no signal is negative). */
    static Maker gaussian() {
        return (r, level, sd) -> () -> Math.max(0, level + sd * r.nextGaussian());
    }

    /** Autocorrelated noise, AR(1) with coefficient {@code phi} and marginal spread {@code sd}: real metrics are. */
    static Maker ar1(double phi) {
        return (r, level, sd) -> {
            double[] e = {sd * r.nextGaussian()};
            double innovation = sd * Math.sqrt(1 - phi * phi);
            return () -> {
                e[0] = phi * e[0] + innovation * r.nextGaussian();
                return Math.max(0, level + e[0]);
            };
        };
    }

    /** Log-normal around {@code level} with log-spread {@code sd} (latency percentiles are skewed). */
    static Maker logNormal() {
        return (r, level, sd) -> () -> level * Math.exp(sd * r.nextGaussian() - sd * sd / 2);
    }

    /** Heavy tails: Student's t with 3 degrees of freedom, scaled to standard deviation {@code sd}. */
    static Maker studentT3() {
        return (r, level, sd) -> () -> {
            double z = r.nextGaussian();
            double chi2 = 0;
            for (int i = 0; i < 3; i++) {
                double g = r.nextGaussian();
                chi2 += g * g;
            }
            // t3 has variance 3: scale it back to sd
            return Math.max(0, level + sd * z / Math.sqrt(chi2 / 3) / Math.sqrt(3));
        };
    }

    /** Requests per second as counted over a minute: Poisson(level * 60) / 60. */
    static Maker poissonRate() {
        return (r, level, ignored) -> () -> poisson(r, level * 60) / 60.0;
    }

    /** Requests per second over a minute whose true rate wanders (AR(1), coefficient of variation {@code cv}). */
    static Maker overdispersedRate(double phi, double cv) {
        Maker wander = ar1(phi);
        return (r, level, ignored) -> {
            java.util.function.DoubleSupplier rate = wander.make(r, level, level * cv);
            return () -> poisson(r, rate.getAsDouble() * 60) / 60.0;
        };
    }

    /** Failed fraction of {@code spread} requests, each failing with probability {@code level}. */
    static Maker binomialFraction() {
        return (r, p, n) -> () -> {
            double mean = p * n;
            // normal approximation of the binomial count is poor near 0: use Poisson counts instead
            return Math.min(1, poisson(r, mean) / n);
        };
    }

    /** A saturation fraction: AR(1) noise clipped to [0, 1]. */
    static Maker boundedAr1(double phi) {
        Maker inner = ar1(phi);
        return (r, level, sd) -> {
            DoubleSupplier s = inner.make(r, level, sd);
            return () -> Math.min(1, s.getAsDouble());
        };
    }

    private static long poisson(Random r, double mean) {
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = r.nextDouble();
        long k = 0;
        while (product > limit) {
            product *= r.nextDouble();
            k++;
        }
        return k;
    }
}
