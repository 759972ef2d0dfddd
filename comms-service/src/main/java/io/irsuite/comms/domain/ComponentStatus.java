package io.irsuite.comms.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A status-page component's status (Atlassian Statuspage's vocabulary), least severe first: the
 * declaration order is the "worse than" order used for a component, a group, a day of the uptime bar
 * and the page.
 */
public enum ComponentStatus {
    operational("Operational", 0),
    under_maintenance("Under maintenance", 0),
    degraded_performance("Degraded performance", 0),
    partial_outage("Partial outage", 0.3),
    major_outage("Major outage", 1);

    private final String words;
    private final double downtimeWeight;

    ComponentStatus(String words, double downtimeWeight) {
        this.words = words;
        this.downtimeWeight = downtimeWeight;
    }

    /** "Degraded performance": how a customer reads it. */
    public String words() {
        return words;
    }

    /** How much a second in this status counts as downtime: major 1, partial 0.3, anything else 0. */
    public double downtimeWeight() {
        return downtimeWeight;
    }

    public boolean worseThan(ComponentStatus other) {
        return ordinal() > other.ordinal();
    }

    public static ComponentStatus worst(ComponentStatus a, ComponentStatus b) {
        return b.worseThan(a) ? b : a;
    }

    /** SEV1 → major outage, SEV2 → partial outage, SEV3 → degraded performance, SEV4 or unknown → operational. */
    public static ComponentStatus ofSeverity(String severity) {
        return switch (Severity.orLowest(severity)) {
            case SEV1 -> major_outage;
            case SEV2 -> partial_outage;
            case SEV3 -> degraded_performance;
            case SEV4 -> operational;
        };
    }

    /** The status named exactly (lower case, as in JSON), or empty. */
    public static Optional<ComponentStatus> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (ComponentStatus s : values()) {
            if (s.name().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
