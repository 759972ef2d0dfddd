package io.irsuite.detection.domain;

/** The named thing does not exist (404). */
public class ResourceNotFoundException extends RuntimeException {
    public ResourceNotFoundException(String message) {
        super(message);
    }
}
