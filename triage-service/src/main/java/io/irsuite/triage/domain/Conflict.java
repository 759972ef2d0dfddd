package io.irsuite.triage.domain;

/** The request conflicts with the current state (409). */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
