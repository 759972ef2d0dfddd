package io.irsuite.comms.repository;

import java.time.Instant;

/** A schedule or escalation policy as stored: its name, its definition (JSON text) and its timestamps. */
public record StoredDefinition(String name, String definition, Instant createdAt, Instant updatedAt) {
}
