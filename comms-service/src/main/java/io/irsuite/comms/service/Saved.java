package io.irsuite.comms.service;

/** What a PUT stored, and whether it created the resource (201) or replaced it (200). */
public record Saved<T>(T value, boolean created) {
}
