package io.irsuite.triage.domain;

/** The suite's severity levels, SEV1 the worst. */
public enum Severity {
    SEV1, SEV2, SEV3, SEV4;

    /**
     * The level an alert source gave: critical/high/warning/info, SEV1-SEV4 or P0-P4, case-insensitive
     * (detection's vocabulary); null for anything else.
     */
    public static Severity fromHint(String hint) {
        if (hint == null) {
            return null;
        }
        return switch (hint.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "critical", "sev1", "p0" -> SEV1;
            case "high", "sev2", "p1" -> SEV2;
            case "warning", "sev3", "p2" -> SEV3;
            case "info", "sev4", "p3", "p4" -> SEV4;
            default -> null;
        };
    }
}
