package io.irsuite.comms.domain;

/** The lifecycle statuses (owned by detection) and the public words the status page uses for them. */
public final class StatusWords {

    public static final String OPEN = "OPEN";
    public static final String TRIAGED = "TRIAGED";
    public static final String MITIGATING = "MITIGATING";
    public static final String MONITORING = "MONITORING";
    public static final String RESOLVED = "RESOLVED";

    public static final String INVESTIGATING = "investigating";
    public static final String IDENTIFIED = "identified";
    public static final String MONITORING_WORD = "monitoring";
    public static final String RESOLVED_WORD = "resolved";

    private StatusWords() {
    }

    /** OPEN/TRIAGED (and anything unknown, e.g. REOPENED) → investigating, MITIGATING → identified, ... */
    public static String publicWord(String lifecycleStatus) {
        if (lifecycleStatus == null) {
            return INVESTIGATING;
        }
        return switch (lifecycleStatus.toUpperCase(java.util.Locale.ROOT)) {
            case MITIGATING -> IDENTIFIED;
            case MONITORING -> MONITORING_WORD;
            case RESOLVED -> RESOLVED_WORD;
            default -> INVESTIGATING;
        };
    }

    /** Active means not resolved. */
    public static boolean isActive(String lifecycleStatus) {
        return !RESOLVED.equalsIgnoreCase(lifecycleStatus);
    }
}
