package io.irsuite.detection.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Metrics of heartbeats and synthetic checks ({@code ir_heartbeats_*}, {@code ir_checks_*}). */
@ApplicationScoped
public class MonitorMetrics {

    private final MeterRegistry registry;

    public MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A heartbeat's deadline passed without a ping (counted once across replicas). */
    public void heartbeatMissed() {
        Counter.builder("ir.heartbeats.missed").description("Heartbeats that missed their deadline")
                .register(registry).increment();
    }

    /** {@code via} is http or alertmanager (a Watchdog alert). */
    public void heartbeatPinged(String via) {
        Counter.builder("ir.heartbeats.pings").description("Heartbeat pings received, by entry point")
                .tag("via", via).register(registry).increment();
    }

    /** {@code result} is pass or fail. */
    public void probed(boolean passed) {
        Counter.builder("ir.checks.probes").description("Synthetic check probes, by result")
                .tag("result", passed ? "pass" : "fail").register(registry).increment();
    }

    /** {@code status} is firing or resolved. */
    public void raisedAlertDelivered(String status) {
        Counter.builder("ir.raised.alerts").description("Alerts detection raised itself, handed to ingest")
                .tag("status", status).register(registry).increment();
    }
}
