package io.irsuite.platform.problem;

/** The request conflicts with the resource's current state: a 409 problem. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
