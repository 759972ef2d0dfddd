package io.irsuite.comms.domain;

import java.util.List;

/** Input that passed the syntax checks but breaks a rule; a 400 naming the fields. */
public class InvalidInputException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidInputException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
