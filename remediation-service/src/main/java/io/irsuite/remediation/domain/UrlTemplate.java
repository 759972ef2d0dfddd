package io.irsuite.remediation.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A step URL with placeholders. Only {@code ${service}}, {@code ${namespace}} and
 * {@code ${deployment}} exist, their values come from the catalog replica (never from alert text),
 * they may only appear in the path or query (so a value can never redirect a call to another host),
 * and each value is percent-encoded as one path segment when the URL is rendered.
 */
public final class UrlTemplate {

    public static final Set<String> PLACEHOLDERS = Set.of("service", "namespace", "deployment");

    private UrlTemplate() {
    }

    /** Why {@code template} is not acceptable; empty when it is. */
    public static List<String> problems(String template) {
        List<String> problems = new ArrayList<>();
        if (template == null || template.isBlank()) {
            problems.add("required for http and validate steps");
            return problems;
        }
        int schemeEnd = template.indexOf("://");
        if (schemeEnd < 0) {
            problems.add("must be an absolute http or https URL");
            return problems;
        }
        int authorityEnd = authorityEnd(template, schemeEnd + 3);
        int firstPlaceholder = template.indexOf("${");
        if (firstPlaceholder >= 0 && firstPlaceholder < authorityEnd) {
            problems.add("placeholders are only allowed in the path or query, not in the scheme, host or port");
        }
        StringBuilder sample = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                sample.append(template, i, template.length());
                break;
            }
            sample.append(template, i, start);
            int end = template.indexOf('}', start);
            if (end < 0) {
                problems.add("unterminated placeholder at position " + start);
                return problems;
            }
            String name = template.substring(start + 2, end);
            if (!PLACEHOLDERS.contains(name)) {
                problems.add("unknown placeholder ${" + name + "}; allowed are ${service}, ${namespace}, ${deployment}");
            }
            sample.append('x');
            i = end + 1;
        }
        if (problems.isEmpty()) {
            try {
                URI uri = new URI(sample.toString());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    problems.add("must be an absolute http or https URL");
                } else if (uri.getHost() == null) {
                    problems.add("must name a host");
                }
            } catch (URISyntaxException e) {
                problems.add("not a valid URL: " + e.getReason());
            }
        }
        return problems;
    }

    /**
     * The URL with each placeholder replaced by its percent-encoded value.
     *
     * @throws MissingValueException when a placeholder has no usable value
     */
    public static String render(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, start);
            int end = template.indexOf('}', start);
            if (end < 0) {
                throw new MissingValueException("unterminated placeholder at position " + start);
            }
            String name = template.substring(start + 2, end);
            String value = values.get(name);
            if (!PLACEHOLDERS.contains(name)) {
                throw new MissingValueException("unknown placeholder ${" + name + "}");
            }
            if (value == null || value.isBlank()) {
                throw new MissingValueException("no value for ${" + name + "}");
            }
            if (value.equals(".") || value.equals("..")) {
                throw new MissingValueException("refusing value '" + value + "' for ${" + name + "}: not a path segment");
            }
            out.append(encodeSegment(value));
            i = end + 1;
        }
        return out.toString();
    }

    /** RFC 3986 path-segment encoding: everything but unreserved characters is percent-encoded. */
    public static String encodeSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static int authorityEnd(String template, int from) {
        for (int i = from; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return template.length();
    }

    /** A URL could not be rendered because a placeholder has no usable value. */
    public static class MissingValueException extends RuntimeException {
        public MissingValueException(String message) {
            super(message);
        }
    }
}
