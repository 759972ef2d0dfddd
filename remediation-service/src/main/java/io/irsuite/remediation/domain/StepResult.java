package io.irsuite.remediation.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * What running one step came to: its status, attempts used, what a responder reads, and when;
 * {@code undo}, for a kubernetes step that changed a Deployment, what its rollback step restores.
 */
public record StepResult(StepStatus status, int attempts, String output, Instant startedAt, Instant finishedAt,
                         KubernetesUndo undo) {

    public StepResult(StepStatus status, int attempts, String output, Instant startedAt, Instant finishedAt) {
        this(status, attempts, output, startedAt, finishedAt, null);
    }

    public boolean succeeded() {
        return status == StepStatus.SUCCEEDED;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
