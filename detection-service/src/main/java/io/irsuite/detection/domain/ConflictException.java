package io.irsuite.detection.domain;

/** The request contradicts the current state (409). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
