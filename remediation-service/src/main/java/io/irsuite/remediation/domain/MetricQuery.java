package io.irsuite.remediation.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL query of a verify metric check, with the placeholders {@code ${service}},
 * {@code ${namespace}}, {@code ${deployment}}. Their values come from the catalog replica; a value that
 * is not a plain name (letters, digits, {@code . _ -}) is refused rather than quoted, so no value can
 * change the query's meaning. Pure.
 */
public final class MetricQuery {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,253}");

    private MetricQuery() {
    }

    /** Why {@code query} is not acceptable; empty when it is. */
    public static List<String> problems(String query) {
        List<String> problems = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(query);
        while (m.find()) {
            if (!UrlTemplate.PLACEHOLDERS.contains(m.group(1))) {
                problems.add("unknown placeholder ${" + m.group(1) + "}; allowed are ${service}, ${namespace}, ${deployment}");
            }
        }
        return problems;
    }

    /** The query with its placeholders filled in; IllegalArgumentException naming a missing or unsafe value. */
    public static String render(String query, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "}");
            }
            if (!PLAIN.matcher(value).matches()) {
                throw new IllegalArgumentException("the value of ${" + m.group(1) + "} is not a plain name and is not put into a query");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
