package io.irsuite.remediation.domain;

/** One rejected input field, e.g. {@code steps[0].url}, and why. */
public record FieldError(String field, String message) {
}
