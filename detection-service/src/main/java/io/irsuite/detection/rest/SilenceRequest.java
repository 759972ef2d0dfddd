package io.irsuite.detection.rest;

import io.irsuite.detection.domain.MatcherSpec;

import java.time.Instant;
import java.util.List;

/** A silence to create or preview; {@code startsAt} defaults to now. */
public record SilenceRequest(List<MatcherSpec> matchers, Instant startsAt, Instant endsAt, String createdBy,
                             String comment) {
}
