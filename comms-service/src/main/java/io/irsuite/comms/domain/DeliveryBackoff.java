package io.irsuite.comms.domain;

import java.time.Duration;
import java.util.Optional;

/** Exponential backoff of notification retries: base, 2×base, 4×base … up to the attempt limit. Pure. */
public record DeliveryBackoff(Duration base, int maxAttempts) {

    /**
     * The delay before the next attempt after {@code attemptsMade} failed attempts, or empty when
     * the limit is reached and the delivery is FAILED.
     */
    public Optional<Duration> nextDelay(int attemptsMade) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        int exponent = Math.min(Math.max(attemptsMade - 1, 0), 20);
        return Optional.of(base.multipliedBy(1L << exponent));
    }

    /**
     * The delay before the next attempt after {@code attemptsMade} attempts, the last of which ended with
     * {@code outcome}: empty when it was delivered, failed permanently, or the attempt limit is reached.
     */
    public Optional<Duration> nextDelay(int attemptsMade, DeliveryOutcome outcome) {
        return outcome.retryable() ? nextDelay(attemptsMade) : Optional.empty();
    }
}
