package io.irsuite.triage.rest;

import io.irsuite.platform.problem.InvalidInputException;

import java.util.UUID;

/** Parses ids from paths, so that a malformed one is a 400 naming the parameter (not a 404). */
final class Ids {

    private Ids() {
    }

    static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(field, "must be a UUID");
        }
    }
}
