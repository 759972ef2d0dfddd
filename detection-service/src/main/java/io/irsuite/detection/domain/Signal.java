package io.irsuite.detection.domain;

import java.util.Optional;

/**
 * The four golden signals a service pushes, by their JSON field names. Latency, errors and saturation
 * are only anomalous upwards (lower is never a failure); request rate both ways, because a drop in
 * traffic is a classic symptom (clients cannot reach the service, an upstream stopped calling).
 */
public enum Signal {
    LATENCY_P95_MS("latencyP95Ms", false, Double.POSITIVE_INFINITY),
    REQUEST_RATE("requestRate", true, Double.POSITIVE_INFINITY),
    ERROR_RATE("errorRate", false, 1.0),
    SATURATION("saturation", false, 1.0);

    private final String field;
    private final boolean bothWays;
    private final double max;

    Signal(String field, boolean bothWays, double max) {
        this.field = field;
        this.bothWays = bothWays;
        this.max = max;
    }

    /** The JSON field name, also the signal's name in texts and labels. */
    public String field() {
        return field;
    }

    /** True when a value far below the baseline is an anomaly too. */
    public boolean bothWays() {
        return bothWays;
    }

    /** Inclusive upper bound of a valid value (every signal is at least 0). */
    public double max() {
        return max;
    }

    /** {@code AnomalousLatencyP95Ms}: the name of the alert this signal raises. */
    public String alertName() {
        return "Anomalous" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    /** Range check of one value: null when valid, else the message for the field error. */
    public String rangeError(double value) {
        if (!Double.isFinite(value)) {
            return "must be a finite number";
        }
        if (value < 0) {
            return "must be at least 0";
        }
        if (value > max) {
            return "must be at most " + (max == 1.0 ? "1 (a fraction, 0.05 = 5%)" : String.valueOf(max));
        }
        return null;
    }

    public static Optional<Signal> byField(String field) {
        for (Signal s : values()) {
            if (s.field.equals(field)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
