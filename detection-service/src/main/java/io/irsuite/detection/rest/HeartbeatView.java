package io.irsuite.detection.rest;

import io.irsuite.detection.domain.Heartbeat;
import io.irsuite.detection.domain.HeartbeatRules;

import java.time.Instant;

/**
 * A heartbeat as the API shows it. {@code state} is {@code new} (never pinged), {@code ok} or
 * {@code missed}; {@code deadline} is when it misses without a ping; {@code fingerprint} is the one of its
 * HeartbeatMissed alert.
 */
public record HeartbeatView(String name, String service, int intervalSeconds, int graceSeconds, String severity,
                            String state, Instant lastPingAt, long pingCount, Instant deadline, Instant missedAt,
                            String fingerprint, Instant createdAt, Instant updatedAt) {

    static HeartbeatView of(Heartbeat h) {
        return new HeartbeatView(h.name(), h.service(), h.intervalSeconds(), h.graceSeconds(), h.severity().name(),
                h.state().wire(), h.lastPingAt(), h.pingCount(), h.deadline(), h.missedAt(),
                HeartbeatRules.fingerprint(h.name()), h.createdAt(), h.updatedAt());
    }
}
