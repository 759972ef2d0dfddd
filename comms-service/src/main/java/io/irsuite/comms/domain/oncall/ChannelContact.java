package io.irsuite.comms.domain.oncall;

import io.irsuite.comms.domain.ChannelType;

/** A notification channel as a page target: its name, how it is reached and where (URL or address). */
public record ChannelContact(String name, ChannelType type, String address) {
}
