package io.irsuite.detection.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * A dead man's switch: {@code service} promises a ping every {@code intervalSeconds}; one missing for
 * longer than interval + grace raises {@code HeartbeatMissed} until the next ping.
 *
 * @param deadline when the heartbeat counts as missed without a ping
 */
public record Heartbeat(String name, String service, int intervalSeconds, int graceSeconds, Severity severity,
                        State state, Instant lastPingAt, long pingCount, Instant deadline, Instant missedAt,
                        Instant createdAt, Instant updatedAt) {

    public enum State {
        /** Never pinged yet; misses like any other once its deadline passes. */
        NEW,
        OK,
        /** HeartbeatMissed is raised until the next ping. */
        MISSED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }
}
