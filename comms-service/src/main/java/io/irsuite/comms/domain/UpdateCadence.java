package io.irsuite.comms.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * How often stakeholders hear about an active incident when nothing else was said, per severity; empty for a
 * severity that is told only at start and end. From {@code ir.comms.update-cadence.*}.
 */
public record UpdateCadence(Duration sev1, Duration sev2, Duration sev3, Optional<Duration> sev4) {

    /** The playbook's cadence: SEV1 every 15 min, SEV2 every 30, SEV3 hourly, SEV4 at start and end. */
    public static final UpdateCadence PLAYBOOK = new UpdateCadence(Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofMinutes(60), Optional.empty());

    public UpdateCadence {
        sev4 = sev4 == null ? Optional.empty() : sev4;
    }

    /** The cadence of an incident of {@code severity} (unknown counts as SEV4). */
    public Optional<Duration> of(String severity) {
        return switch (Severity.orLowest(severity)) {
            case SEV1 -> Optional.of(sev1);
            case SEV2 -> Optional.of(sev2);
            case SEV3 -> Optional.of(sev3);
            case SEV4 -> sev4;
        };
    }
}
