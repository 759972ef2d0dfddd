package io.irsuite.detection.domain;

import java.time.Instant;

/**
 * A synthetic HTTP probe of {@code url} every {@code intervalSeconds}; {@code failuresBeforeAlert}
 * failures in a row raise {@code SyntheticCheckFailed}, the next pass resolves it.
 *
 * @param configVersion bumped by every replacement, so a probe of an older configuration records nothing
 * @param failingSince  first failure of the current run of failures (null while passing)
 * @param alerting      SyntheticCheckFailed is raised
 */
public record SyntheticCheck(String name, String service, String url, String method, int expectedStatus,
                             int intervalSeconds, int timeoutSeconds, int failuresBeforeAlert, Severity severity,
                             int configVersion, Instant nextRunAt, Instant lastRunAt, int consecutiveFailures,
                             Instant failingSince, boolean alerting, Instant createdAt, Instant updatedAt) {

    /** {@code new} before the first result, then {@code passing} or {@code failing} (the last result). */
    public String state() {
        if (lastRunAt == null) {
            return "new";
        }
        return consecutiveFailures > 0 ? "failing" : "passing";
    }
}
