package io.irsuite.detection.domain;

import java.util.Locale;
import java.util.Optional;

/** An alert is firing or resolved; on the wire in lower case. */
public enum AlertStatus {
    FIRING, RESOLVED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code firing} when absent, empty for an unknown value. */
    public static Optional<AlertStatus> parse(String value) {
        if (value == null) {
            return Optional.of(FIRING);
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "firing" -> Optional.of(FIRING);
            case "resolved" -> Optional.of(RESOLVED);
            default -> Optional.empty();
        };
    }
}
