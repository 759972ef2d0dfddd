package io.irsuite.comms.repository;

/** What an {@code INSERT ... ON CONFLICT DO UPDATE} stored, and whether it created the row (201) or replaced it (200). */
public record Upserted<T>(T value, boolean created) {
}
