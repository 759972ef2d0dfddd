package io.irsuite.comms.rest;

import io.irsuite.comms.domain.Channel;
import io.irsuite.comms.domain.UrlRedaction;

import java.time.Instant;

/** A channel as read back; the URL is redacted because it usually carries a credential. */
public record ChannelView(String name, String type, String url, String address, String minSeverity,
                          Instant createdAt, Instant updatedAt) {

    static ChannelView of(Channel c) {
        return new ChannelView(c.name, c.type, UrlRedaction.redact(c.type, c.url), c.address, c.minSeverity, c.createdAt, c.updatedAt);
    }
}
