package io.irsuite.triage.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The features the alert classifier reads from one alert: words of the name (split at CamelCase,
 * snake_case, kebab-case and letter/digit boundaries) and of the summary and description, word bigrams,
 * the character 4-grams of those words, label keys, the values of labels that do not identify where the alert
 * comes from (severity, type, reason…), and the words of the metric names. Words are lower-cased and lightly stemmed ("errors",
 * "erroring" → "error"), so one source's wording meets another's. Each feature keeps the first word it
 * was read from, to explain a decision in the alert's own words.
 */
public final class AlertTokens {

    /** Template placeholders of rule collections ({@code <value>}, {@code {{ $labels.pod }}}, {@code $value}). */
    private static final Pattern PLACEHOLDERS = Pattern.compile("<[^<>]{0,40}>|\\{\\{[^}]{0,80}}}|\\$\\w+|%\\w*");
    private static final Pattern LETTERS_DIGITS = Pattern.compile("(?<=[a-z])(?=\\d)|(?<=\\d)(?=[a-z]{2})");
    private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9 ]+");
    private static final int CHAR_GRAM = 4;

    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "on", "in", "at", "to", "for", "is", "are",
            "be", "been", "has", "have", "had", "was", "were", "it", "its", "this", "that", "these", "there", "than",
            "and", "or", "by", "with", "from", "as", "into", "over", "under", "more", "less", "which", "when", "will",
            "may", "might", "can", "could", "should", "if", "any", "some", "so", "per", "via", "alert",
            "alerts", "monitor", "monitors", "cluster", "instance", "instances", "node", "nodes", "pod", "pods",
            "namespace", "job", "service", "services", "value", "last", "minutes", "minute", "hours", "hour", "min",
            "seconds", "second", "s", "m", "h", "x", "e", "g", "i", "it's", "we", "you", "your", "our", "their",
            "labels", "description", "summary", "total", "count", "ratio", "bytes", "sum", "avg");

    /** Labels that only say where an alert comes from: their values name things, not causes. */
    static final Set<String> IDENTITY_LABELS = Set.of("region", "zone", "availability_zone", "job", "namespace",
            "pod", "instance", "service", "cluster", "env", "environment", "team", "owner", "alertname",
            "container", "node", "host", "hostname", "prometheus", "endpoint", "deployment", "statefulset", "daemonset",
            "replicaset", "app", "version", "tier", "datacenter", "dc", "source", "fingerprint", "id", "url");

    /** Labels whose values name a metric. */
    private static final Set<String> METRIC_LABELS = Set.of("__name__", "metric", "metric_name", "metricname");

    private AlertTokens() {
    }

    /**
     * The features of one alert, each with the word it was first read from, in reading order.
     *
     * @param name    the rule name
     * @param text    summary and description (service names already removed, if wanted)
     * @param labels  the alert's labels (identity labels only count by key)
     * @param metrics metric names the rule reads (the corpus knows them; a live alert may carry one in a label)
     */
    public static Map<String, String> of(String name, String text, Map<String, String> labels, List<String> metrics) {
        Map<String, String> features = new LinkedHashMap<>();
        words(name, "w:", features);
        words(text, "w:", features);
        AlertText.families(name + " " + (text == null ? "" : text))
                .forEach((family, word) -> features.putIfAbsent("f:" + family, word));
        AlertText.families(name).forEach((family, word) -> features.putIfAbsent("fn:" + family, word));
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey().toLowerCase(Locale.ROOT);
            if (key.isBlank()) {
                continue;
            }
            if (METRIC_LABELS.contains(key)) {
                words(label.getValue(), "m:", features);
                continue;
            }
            if (!"severity".equals(key)) {
                features.putIfAbsent("k:" + key, key + "=");   // every rule has a severity: its key says nothing
            }
            if (!IDENTITY_LABELS.contains(key)) {
                String value = label.getValue().toLowerCase(Locale.ROOT).trim();
                if (!value.isEmpty() && value.length() <= 40) {
                    features.putIfAbsent("v:" + key + "=" + value, key + "=" + value);
                }
                if (!"severity".equals(key)) {
                    words(label.getValue(), "w:", features);
                }
            }
        }
        for (String metric : metrics) {
            words(metric, "m:", features);
        }
        return features;
    }

    /** Words and bigrams of one piece of text. */
    private static void words(String text, String prefix, Map<String, String> features) {
        if (text == null || text.isBlank()) {
            return;
        }
        String plain = AlertText.normalise(PLACEHOLDERS.matcher(text).replaceAll(" "));
        plain = NON_WORD.matcher(plain).replaceAll(" ");
        String previous = null;
        for (String raw : plain.split(" ")) {
            if (raw.isEmpty()) {
                continue;
            }
            String[] parts = LETTERS_DIGITS.split(raw);
            if (parts.length > 1) {
                add(prefix, stem(raw), raw, features);
            }
            for (String part : parts) {
                if (STOP.contains(part) || part.length() < 2 && !Character.isDigit(part.charAt(0))
                        || isPlainNumber(part)) {
                    previous = null;
                    continue;
                }
                String stem = stem(part);
                add(prefix, stem, part, features);
                if ("w:".equals(prefix)) {
                    charGrams(part, features);
                }
                if (previous != null && "w:".equals(prefix)) {
                    features.putIfAbsent("b:" + previous + "_" + stem, features.getOrDefault(prefix + previous, previous)
                            + " " + part);
                }
                previous = stem;
            }
        }
    }

    /**
     * The character 4-grams of a word, with its boundaries marked ({@code _rep}, {@code repl}, … {@code ion_}), so
     * that wording one source writes differently meets another's: "replica"/"replication", "conntrack", "throttle"
     * inside an unseen compound.
     */
    private static void charGrams(String word, Map<String, String> features) {
        String w = "_" + word + "_";
        for (int i = 0; i + CHAR_GRAM <= w.length(); i++) {
            features.putIfAbsent("c:" + w.substring(i, i + CHAR_GRAM), word);
        }
    }

    private static void add(String prefix, String stem, String word, Map<String, String> features) {
        features.putIfAbsent(prefix + stem, word);
        if ("m:".equals(prefix)) {
            // A metric's words are words too: "node_network_receive_errs_total" speaks of the network.
            features.putIfAbsent("w:" + stem, word);
        }
    }

    /** Numbers say nothing, except HTTP-like codes (429, 502, 5xx is not a number). */
    private static boolean isPlainNumber(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) {
                return false;
            }
        }
        return !(word.length() == 3 && (word.charAt(0) == '4' || word.charAt(0) == '5'));
    }

    /** A light suffix stemmer: plural, -ing, -ed, -ies; enough for "errors"/"erroring"/"errored" to meet. */
    static String stem(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            w = w.substring(0, w.length() - 3);
        } else if (w.length() > 4 && w.endsWith("ed") && !w.endsWith("eed")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() > 3 && w.charAt(w.length() - 1) == w.charAt(w.length() - 2)
                && "lmnprt".indexOf(w.charAt(w.length() - 1)) >= 0) {
            w = w.substring(0, w.length() - 1);   // "throttl-ing" vs "throttl-ed" already meet; "dropp-ed" → "drop"
        }
        if (w.endsWith("e") && w.length() > 4) {
            w = w.substring(0, w.length() - 1);   // "failure"/"fail": keep "failur"; "rate"/"rat" harmless
        }
        return w;
    }
}
