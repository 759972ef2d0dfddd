package io.irsuite.detection.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irsuite.detection.domain.CheckResult;
import io.irsuite.detection.domain.CheckRules;
import io.irsuite.detection.domain.SyntheticCheck;

import java.time.Instant;
import java.util.List;

/**
 * A synthetic check as the API shows it. {@code state} is {@code new} (no result yet), {@code passing} or
 * {@code failing} (the last result); {@code alerting} says whether SyntheticCheckFailed is raised;
 * {@code results} (newest first) only in {@code GET /api/v1/checks/{name}}.
 */
public record CheckView(String name, String service, String url, String method, int expectedStatus,
                        int intervalSeconds, int timeoutSeconds, int failuresBeforeAlert, String severity,
                        String state, boolean alerting, int consecutiveFailures, Instant failingSince,
                        Instant lastRunAt, Instant nextRunAt, String fingerprint, Instant createdAt,
                        Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<Result> results) {

    /** One probe: {@code status} null when there was no response, {@code error} what failed. */
    public record Result(Instant at, boolean passed, Integer status, long durationMs, String error) {
    }

    static CheckView of(SyntheticCheck c, List<CheckResult> results) {
        return new CheckView(c.name(), c.service(), c.url(), c.method(), c.expectedStatus(), c.intervalSeconds(),
                c.timeoutSeconds(), c.failuresBeforeAlert(), c.severity().name(), c.state(), c.alerting(),
                c.consecutiveFailures(), c.failingSince(), c.lastRunAt(), c.nextRunAt(),
                CheckRules.fingerprint(c.name()), c.createdAt(), c.updatedAt(),
                results == null ? null : results.stream()
                        .map(r -> new Result(r.at(), r.passed(), r.status(), r.durationMs(), r.error())).toList());
    }
}
