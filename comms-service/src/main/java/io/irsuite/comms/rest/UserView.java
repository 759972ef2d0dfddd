package io.irsuite.comms.rest;

import io.irsuite.comms.domain.ChannelType;
import io.irsuite.comms.domain.UrlRedaction;
import io.irsuite.comms.service.OnCallUserService;

import java.time.Instant;

/** A user as read back; webhook URLs are redacted because they usually carry a credential. */
public record UserView(String name, String email, String slackWebhook, String webhook, String timeZone,
                       Instant createdAt, Instant updatedAt) {

    static UserView of(OnCallUserService.StoredUser s) {
        var u = s.user();
        return new UserView(u.name(), u.email(), UrlRedaction.redact(ChannelType.slack.name(), u.slackWebhook()),
                UrlRedaction.redact(ChannelType.webhook.name(), u.webhook()), u.timeZone(), s.createdAt(), s.updatedAt());
    }
}
