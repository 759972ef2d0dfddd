package io.irsuite.remediation.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * What running one step came to: its status, attempts used, what a responder reads, and when;
 * {@code undo}, for a kubernetes step that changed a Deployment, what its rollback step restores;
 * {@code unreachable}, for a failure, that the suite could not reach or was refused by the target
 * (no answer, connection refused, Kubernetes API unreachable or 401/403, namespace not allowed, no
 * coordinates), which says nothing about whether the action works.
 */
public record StepResult(StepStatus status, int attempts, String output, Instant startedAt, Instant finishedAt,
                         KubernetesUndo undo, boolean unreachable) {

    public StepResult(StepStatus status, int attempts, String output, Instant startedAt, Instant finishedAt) {
        this(status, attempts, output, startedAt, finishedAt, null, false);
    }

    public StepResult(StepStatus status, int attempts, String output, Instant startedAt, Instant finishedAt,
                      KubernetesUndo undo) {
        this(status, attempts, output, startedAt, finishedAt, undo, false);
    }

    public boolean succeeded() {
        return status == StepStatus.SUCCEEDED;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
