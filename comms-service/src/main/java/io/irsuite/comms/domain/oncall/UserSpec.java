package io.irsuite.comms.domain.oncall;

/** Body of {@code PUT /api/v1/users/{name}}: how a person is reached, and the zone they live in. */
public record UserSpec(String email, String slackWebhook, String webhook, String timeZone) {
}
