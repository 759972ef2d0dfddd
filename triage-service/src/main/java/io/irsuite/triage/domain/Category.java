package io.irsuite.triage.domain;

import java.util.Locale;

/** Root-cause categories of the contract; travel as their lower-case names. */
public enum Category {
    DEPLOY, CONFIG, RESOURCE_EXHAUSTION, DATABASE, DEPENDENCY, NETWORK, CERTIFICATE, CAPACITY,
    SECURITY, EXTERNAL, UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
