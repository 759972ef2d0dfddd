package io.irsuite.triage.rest;

import java.util.List;

/** Several invalid fields found by validating outside JAX-RS (e.g. a YAML body); a 400 naming them all. */
public class InvalidFields extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public InvalidFields(List<Problem.FieldError> errors) {
        super(errors.size() + " invalid fields");
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
