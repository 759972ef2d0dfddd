package io.irsuite.detection.domain;

import java.time.Instant;

/**
 * One probe of a synthetic check.
 *
 * @param status the HTTP status received (null when there was no response)
 * @param error  what failed, in words (null when it passed); never the response body
 */
public record CheckResult(Instant at, boolean passed, Integer status, long durationMs, String error) {
}
