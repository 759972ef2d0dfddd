package io.irsuite.comms.rest;

import java.time.Instant;

/** Body of {@code PUT /api/v1/status/components/{name}/override}: a component status, until when (optional). */
public record StatusOverrideRequest(String status, Instant until) {
}
