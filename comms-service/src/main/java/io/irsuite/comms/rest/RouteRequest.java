package io.irsuite.comms.rest;

/** Body of {@code PUT /api/v1/routes/{owner}}: the escalation policy that pages the owner. */
public record RouteRequest(String policy) {
}
