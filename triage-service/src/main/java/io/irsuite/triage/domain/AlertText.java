package io.irsuite.triage.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads alert text (name, summary, description) for words that point at a cause, or only at a
 * symptom. Generic vocabulary only: no rule names a particular service or alert.
 */
public final class AlertText {

    /** A cause the text points at, and the words that said so. */
    public record Cause(Category category, String keyword) {
    }

    private record Rule(Category category, Pattern pattern) {
    }

    // Most specific first: "database connection timeout" is a database problem, not a generic timeout.
    private static final List<Rule> CAUSES = List.of(
            rule(Category.CERTIFICATE, "certificates?|cert expir\\w*|tls|ssl|x509"),
            rule(Category.SECURITY, "unauthori[sz]ed|breach\\w*|intrusion|ddos|brute force"),
            rule(Category.DATABASE, "databases?|db|replication|replica lag|connection pool|quer(?:y|ies)|deadlocks?"),
            rule(Category.RESOURCE_EXHAUSTION, "memory|oom\\w*|out of memory|cpu|disk\\w*|saturat\\w*|heap"),
            rule(Category.NETWORK, "dns|network\\w*|packets?|partition\\w*|unreachable"),
            rule(Category.CAPACITY, "traffic|capacity|throttl\\w*|rate limit\\w*"),
            rule(Category.DEPENDENCY, "dependency|dependencies|upstream|time ?outs?|timed out"));

    private static final Pattern SYMPTOM = Pattern.compile(
            "\\b(error rate|errors?|latency|5xx|slow\\w*|response time)\\b");

    private AlertText() {
    }

    private static Rule rule(Category category, String words) {
        return new Rule(category, Pattern.compile("\\b(" + words + ")\\b"));
    }

    /** The first cause the text points at, most specific category first. */
    public static Optional<Cause> cause(String text) {
        String normalised = normalise(text);
        for (Rule rule : CAUSES) {
            Matcher m = rule.pattern().matcher(normalised);
            if (m.find()) {
                return Optional.of(new Cause(rule.category(), m.group(1)));
            }
        }
        return Optional.empty();
    }

    /** A symptom word (error rate, latency, 5xx, slow) in the text, if any. */
    public static Optional<String> symptom(String text) {
        Matcher m = SYMPTOM.matcher(normalise(text));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Splits CamelCase and snake/kebab names into lower-case words: "HighOOMKills" → "high oom kills". */
    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String words = text
                .replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .replaceAll("[_\\-./:]+", " ");
        return words.toLowerCase(Locale.ROOT);
    }
}
