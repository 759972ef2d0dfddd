package io.irsuite.detection.rest;

import io.irsuite.detection.domain.MatcherSpec;
import io.irsuite.detection.domain.Silence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A silence with its state now: {@code pending}, {@code active} or {@code expired}. */
public record SilenceView(UUID id, List<MatcherSpec> matchers, Instant startsAt, Instant endsAt, String createdBy,
                          String comment, String state, Instant createdAt, Instant updatedAt) {

    static SilenceView of(Silence s, List<MatcherSpec> matchers, Instant now) {
        return new SilenceView(s.id, matchers, s.startsAt, s.endsAt, s.createdBy, s.comment, s.state(now),
                s.createdAt, s.updatedAt);
    }
}
