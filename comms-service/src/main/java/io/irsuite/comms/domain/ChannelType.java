package io.irsuite.comms.domain;

import java.util.Optional;

/** How a channel is reached. */
public enum ChannelType {
    webhook, slack, email;

    public static Optional<ChannelType> parse(String value) {
        for (ChannelType t : values()) {
            if (t.name().equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
