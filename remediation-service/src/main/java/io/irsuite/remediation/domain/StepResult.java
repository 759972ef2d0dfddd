package io.irsuite.remediation.domain;

import java.time.Duration;
import java.time.Instant;

/** What running one step came to: its status, attempts used, what a responder reads, and when. */
public record StepResult(StepStatus status, int attempts, String output, Instant startedAt, Instant finishedAt) {

    public boolean succeeded() {
        return status == StepStatus.SUCCEEDED;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
