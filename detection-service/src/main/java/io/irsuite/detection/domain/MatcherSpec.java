package io.irsuite.detection.domain;

import io.irsuite.platform.problem.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A matcher as the API takes it ({@code {"name", "value", "isRegex", "isEqual"}}, Alertmanager's
 * shape; {@code isRegex} defaults to false, {@code isEqual} to true).
 */
public record MatcherSpec(String name, String value, Boolean isRegex, Boolean isEqual) {

    public static final int MAX_MATCHERS = 32;
    public static final int MAX_VALUE_LENGTH = 1000;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,199}");

    public static MatcherSpec of(Matcher m) {
        return new MatcherSpec(m.name(), m.value(), m.isRegex(), m.isEqual());
    }

    /**
     * Compiles {@code specs}, adding an error per bad matcher under {@code field} (e.g.
     * {@code matchers[1].value}). A matcher on {@code severity} with an exact value names it in any
     * vocabulary the alerts use ({@code critical}, {@code P0}): it is kept normalised ({@code SEV1}).
     */
    public static List<Matcher> compile(List<MatcherSpec> specs, String field, List<FieldError> errors) {
        List<Matcher> out = new ArrayList<>();
        if (specs == null || specs.isEmpty()) {
            errors.add(new FieldError(field, "at least one matcher is required"));
            return out;
        }
        if (specs.size() > MAX_MATCHERS) {
            errors.add(new FieldError(field, "at most " + MAX_MATCHERS + " matchers"));
            return out;
        }
        for (int i = 0; i < specs.size(); i++) {
            MatcherSpec s = specs.get(i);
            String at = field + "[" + i + "]";
            if (s == null) {
                errors.add(new FieldError(at, "must be a matcher object"));
                continue;
            }
            boolean ok = true;
            if (s.name() == null || !LABEL_NAME.matcher(s.name()).matches()) {
                errors.add(new FieldError(at + ".name", "must be a label name ([a-zA-Z_][a-zA-Z0-9_]*)"));
                ok = false;
            }
            if (s.value() == null || s.value().length() > MAX_VALUE_LENGTH) {
                errors.add(new FieldError(at + ".value", "is required, at most " + MAX_VALUE_LENGTH + " characters"));
                ok = false;
            }
            if (!ok) {
                continue;
            }
            boolean regex = Boolean.TRUE.equals(s.isRegex());
            boolean equal = !Boolean.FALSE.equals(s.isEqual());
            String value = s.value();
            if (!regex && "severity".equals(s.name())) {
                value = Severity.parse(value).map(Severity::name).orElse(value);
            }
            try {
                out.add(Matcher.of(s.name(), value, regex, equal));
            } catch (PatternSyntaxException e) {
                errors.add(new FieldError(at + ".value", "is not a valid regular expression: " + e.getDescription()));
            }
        }
        return out;
    }
}
