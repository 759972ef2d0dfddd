package io.irsuite.triage.domain;

import java.util.Locale;

/** What a catalog entry is; travels as its lower-case name. */
public enum ServiceKind {
    SERVICE, DATABASE, CACHE, QUEUE, EXTERNAL;

    /** The regular expression of the wire names, for request validation. */
    public static final String PATTERN = "service|database|cache|queue|external";

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code wire}, {@link #SERVICE} when null. */
    public static ServiceKind fromWire(String wire) {
        return wire == null ? SERVICE : valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
