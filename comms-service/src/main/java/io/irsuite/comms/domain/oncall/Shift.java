package io.irsuite.comms.domain.oncall;

import java.time.Instant;

/**
 * {@code user} is on call from {@code from} to {@code to} (exclusive): the stretch around an instant in which the
 * answer stays the same. A null bound means the answer does not change within {@link OnCall#HORIZON}.
 */
public record Shift(String user, Instant from, Instant to) {
}
