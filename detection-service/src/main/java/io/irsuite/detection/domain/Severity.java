package io.irsuite.detection.domain;

import java.util.Locale;
import java.util.Optional;

/** Incident and alert severity, SEV1 (worst) to SEV4. */
public enum Severity {
    SEV1, SEV2, SEV3, SEV4;

    /** What an alert gets when it names no severity. */
    public static final Severity DEFAULT = SEV4;

    /**
     * Normalises the severity vocabularies alert sources use: critical/high/warning/info,
     * SEV1-SEV4 and P0-P4, case-insensitive. Empty for anything else.
     */
    public static Optional<Severity> parse(String hint) {
        if (hint == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (hint.trim().toLowerCase(Locale.ROOT)) {
            case "critical", "sev1", "p0" -> SEV1;
            case "high", "sev2", "p1" -> SEV2;
            case "warning", "sev3", "p2" -> SEV3;
            case "info", "sev4", "p3", "p4" -> SEV4;
            default -> null;
        });
    }

    /** The exact enum name ({@code SEV2}), as used in query parameters and events. */
    public static Optional<Severity> fromName(String name) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
