package io.irsuite.triage.domain;

/** The addressed thing does not exist (404). */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
