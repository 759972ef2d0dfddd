package io.irsuite.detection.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The service's own Prometheus metrics ({@code ir_*_total}). */
@ApplicationScoped
public class DetectionMetrics {

    private final MeterRegistry registry;

    public DetectionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An alert stored with its outcome; {@code source} is the entry point: http, alertmanager, amqp, pagerduty or cloudevents. */
    public void alertReceived(String source, String outcome) {
        Counter.builder("ir.alerts.received").description("Alerts accepted, by entry point and outcome")
                .tag("source", source).tag("outcome", outcome).register(registry).increment();
    }

    public void alertRejected(String source) {
        Counter.builder("ir.alerts.rejected").description("Alert bodies refused as invalid, by entry point")
                .tag("source", source).register(registry).increment();
    }

    /** Muted alerts still firing when their silence ended, handed to grouping. */
    public void alertsUnsilenced(int count) {
        Counter.builder("ir.alerts.unsilenced").description("Muted alerts evaluated again after their silence ended")
                .register(registry).increment(count);
    }

    /** An alert attached to its inhibitor's incident instead of being grouped on its own. */
    public void alertInhibited(String rule) {
        Counter.builder("ir.alerts.inhibited").description("Alerts inhibited, by rule (topology for the default)")
                .tag("rule", rule).register(registry).increment();
    }

    public void incidentOpened() {
        Counter.builder("ir.incidents.opened").description("Incidents opened").register(registry).increment();
    }

}
