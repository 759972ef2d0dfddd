package io.irsuite.triage.domain;

import java.util.Locale;

/** Root-cause categories of the contract; travel as their lower-case names. */
public enum Category {
    DEPLOY, CONFIG, RESOURCE_EXHAUSTION, DATABASE, DEPENDENCY, NETWORK, CERTIFICATE, CAPACITY,
    SECURITY, EXTERNAL, UNKNOWN;

    /** The wire names as a validation pattern (kept in step with the constants by CategoryTest). */
    public static final String PATTERN = "deploy|config|resource_exhaustion|database|dependency|network|certificate"
            + "|capacity|security|external|unknown";

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category of a wire name, or null when there is none. */
    public static Category fromWire(String wire) {
        for (Category c : values()) {
            if (c.wire().equals(wire)) {
                return c;
            }
        }
        return null;
    }
}
