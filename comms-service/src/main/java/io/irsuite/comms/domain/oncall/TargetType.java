package io.irsuite.comms.domain.oncall;

import java.util.Optional;

/** What a level of an escalation policy pages. */
public enum TargetType {
    schedule, user, channel;

    public static Optional<TargetType> parse(String value) {
        for (TargetType t : values()) {
            if (t.name().equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
