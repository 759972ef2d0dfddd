package io.irsuite.triage.domain;

import java.time.Instant;

/** A recorded change (deploy, config, feature flag, infra) on one service. */
public record ChangeFacts(String service, ChangeType type, String version, String description, Instant at) {
}
