package io.irsuite.detection.domain;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One label matcher in Alertmanager's vocabulary: {@code name=value}, {@code !=}, {@code =~},
 * {@code !~}. Regular expressions are anchored (they must match the whole value), and a label the
 * alert does not carry has the empty value, as in Alertmanager.
 */
public record Matcher(String name, String value, boolean isRegex, boolean isEqual, Pattern pattern) {

    public static Matcher of(String name, String value, boolean isRegex, boolean isEqual) {
        return new Matcher(name, value, isRegex, isEqual, isRegex ? Pattern.compile("^(?:" + value + ")$") : null);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        boolean hit = isRegex ? pattern.matcher(actual).matches() : value.equals(actual);
        return hit == isEqual;
    }

    /** Whether it matches an alert that carries no such label (a silence needs one that does not). */
    public boolean matchesEmpty() {
        return matches(Map.of());
    }

    /** All of them match (an empty list matches nothing: a rule must say what it is about). */
    public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
        if (matchers.isEmpty()) {
            return false;
        }
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
