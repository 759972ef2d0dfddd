package io.irsuite.triage.domain;

import java.util.Locale;

/** The kind of a recorded change; travels as its lower-case name. */
public enum ChangeType {
    DEPLOY, CONFIG, FEATURE_FLAG, INFRA;

    public static final String PATTERN = "deploy|config|feature_flag|infra";

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChangeType fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** Whether a change of this type is a root-cause suspect (infra changes are not, yet). */
    public boolean suspect() {
        return this != INFRA;
    }
}
