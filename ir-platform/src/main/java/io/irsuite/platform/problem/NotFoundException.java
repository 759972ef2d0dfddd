package io.irsuite.platform.problem;

/** The named resource does not exist: a 404 problem. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
