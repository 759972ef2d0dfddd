package io.irsuite.comms.domain;

import java.time.Duration;
import java.util.Optional;

/** Incident severity; SEV1 is the most severe. */
public enum Severity {
    SEV1(Duration.ofMinutes(60)),
    SEV2(Duration.ofMinutes(15)),
    SEV3(Duration.ofHours(1)),
    SEV4(Duration.ofHours(4));

    private final Duration mttrTarget;

    Severity(Duration mttrTarget) {
        this.mttrTarget = mttrTarget;
    }

    /** The playbook's target time to resolve. */
    public Duration mttrTarget() {
        return mttrTarget;
    }

    /** True when a channel with this minimum severity should hear about an incident of {@code incident}. */
    public boolean admits(Severity incident) {
        return incident.ordinal() <= ordinal();
    }

    /** SEV1..SEV4 (case-insensitive), empty for anything else. */
    public static Optional<Severity> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(value.strip())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The severity named {@code value}, or SEV4 when it is unknown (the least disruptive choice). */
    public static Severity orLowest(String value) {
        return parse(value).orElse(SEV4);
    }
}
