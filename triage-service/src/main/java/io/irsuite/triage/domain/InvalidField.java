package io.irsuite.triage.domain;

/** A request field breaks a rule Bean Validation cannot express (400, naming the field). */
public class InvalidField extends RuntimeException {

    private final String field;

    public InvalidField(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
