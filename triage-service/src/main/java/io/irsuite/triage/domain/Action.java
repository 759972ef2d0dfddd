package io.irsuite.triage.domain;

import java.util.Locale;

/** Remediation actions triage recommends; travel as their lower-case names. */
public enum Action {
    RESTART, SCALE_UP, ROLLBACK, CIRCUIT_BREAKER, CACHE_CLEAR, TRAFFIC_REDIRECT, FEATURE_FLAG_DISABLE,
    DATABASE_FAILOVER, CERTIFICATE_RENEW, RATE_LIMIT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action of a wire name, or null when there is none. */
    public static Action fromWire(String wire) {
        for (Action a : values()) {
            if (a.wire().equals(wire)) {
                return a;
            }
        }
        return null;
    }

    /** Data-modifying or security-sensitive actions: a person always decides, whatever the confidence. */
    public boolean neverAutomatic() {
        return this == DATABASE_FAILOVER || this == CERTIFICATE_RENEW;
    }
}
