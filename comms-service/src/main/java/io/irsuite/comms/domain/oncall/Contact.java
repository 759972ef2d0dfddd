package io.irsuite.comms.domain.oncall;

import io.irsuite.comms.domain.ChannelType;

/** One way to reach a person: e-mail, a Slack incoming webhook or a plain webhook, and where to. */
public record Contact(ChannelType method, String address) {
}
