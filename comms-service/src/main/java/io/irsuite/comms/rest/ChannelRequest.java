package io.irsuite.comms.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/v1/channels/{name}}; the type-specific rules live in ChannelRules. */
public record ChannelRequest(
        @NotBlank String type,
        @Size(max = 2000) String url,
        @Size(max = 320) String address,
        String minSeverity) {
}
