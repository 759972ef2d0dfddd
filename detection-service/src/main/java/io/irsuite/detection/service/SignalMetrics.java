package io.irsuite.detection.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code ir_signal_samples_total{outcome}} and {@code ir_signal_anomalies_total{signal,decision}}. */
@ApplicationScoped
public class SignalMetrics {

    private final MeterRegistry registry;

    public SignalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Signal values applied or ignored (older than the last applied one). */
    public void samples(String outcome, int n) {
        if (n > 0) {
            Counter.builder("ir.signal.samples").description("Golden-signal values received, applied or ignored")
                    .tag("outcome", outcome).register(registry).increment(n);
        }
    }

    /** A raise or a resolve of an anomaly. */
    public void anomaly(String signal, String decision) {
        Counter.builder("ir.signal.anomalies").description("Anomalies raised and resolved, by signal")
                .tag("signal", signal).tag("decision", decision).register(registry).increment();
    }
}
