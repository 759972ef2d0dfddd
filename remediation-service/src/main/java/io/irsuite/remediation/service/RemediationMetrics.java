package io.irsuite.remediation.service;

import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.StepResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/** ir_remediations_total{action,status} and ir_remediation_step_duration_seconds{type,status}; ir-platform counts failed messages. */
@ApplicationScoped
public class RemediationMetrics {

    private final MeterRegistry registry;

    public RemediationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An execution reached {@code status} (terminal, or PENDING_APPROVAL / RUNNING when it was created). */
    public void execution(String action, ExecutionStatus status) {
        Counter.builder("ir.remediations")
                .description("Remediation executions by action and the status they reached")
                .tag("action", action == null ? "unknown" : action)
                .tag("status", status.name())
                .register(registry).increment();
    }

    public void step(String type, StepResult result) {
        Timer.builder("ir.remediation.step.duration")
                .description("Duration of runbook steps, all attempts included")
                .tag("type", type)
                .tag("status", result.status().name())
                .register(registry).record(result.duration());
    }
}
