package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeliveryBackoffTest {

    @Test
    void delaysDoubleUntilTheAttemptLimit() {
        DeliveryBackoff backoff = new DeliveryBackoff(Duration.ofSeconds(1), 5);
        assertEquals(Optional.of(Duration.ofSeconds(1)), backoff.nextDelay(1));
        assertEquals(Optional.of(Duration.ofSeconds(2)), backoff.nextDelay(2));
        assertEquals(Optional.of(Duration.ofSeconds(4)), backoff.nextDelay(3));
        assertEquals(Optional.of(Duration.ofSeconds(8)), backoff.nextDelay(4));
        assertEquals(Optional.empty(), backoff.nextDelay(5));
        assertEquals(Optional.empty(), backoff.nextDelay(6));
    }

    @Test
    void oneAttemptMeansNoRetry() {
        assertEquals(Optional.empty(), new DeliveryBackoff(Duration.ofSeconds(1), 1).nextDelay(1));
    }
}
