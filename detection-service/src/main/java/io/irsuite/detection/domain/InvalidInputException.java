package io.irsuite.detection.domain;

import java.util.List;

/** Input that breaks a rule; becomes a 400 problem naming the fields (or a rejected AMQP message). */
public class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
