package io.irsuite.remediation.domain;

/** The request does not fit the current state (409), e.g. approving an execution that is not pending. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
