package io.irsuite.platform.problem;

/** One offending input field, named by its JSON path ({@code [1].service}, {@code metrics.errorRate}). */
public record FieldError(String field, String message) {

    /** The same error under a prefix: {@code [2]} + {@code severity} is {@code [2].severity}. */
    public FieldError under(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        if (field == null || field.isEmpty()) {
            return new FieldError(prefix, message);
        }
        return new FieldError(field.startsWith("[") ? prefix + field : prefix + "." + field, message);
    }
}
