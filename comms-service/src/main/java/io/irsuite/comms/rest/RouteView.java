package io.irsuite.comms.rest;

import io.irsuite.comms.service.RouteService;

import java.time.Instant;

/** A route as read back. */
public record RouteView(String owner, String policy, Instant createdAt, Instant updatedAt) {

    static RouteView of(RouteService.StoredRoute r) {
        return new RouteView(r.owner(), r.policy(), r.createdAt(), r.updatedAt());
    }
}
