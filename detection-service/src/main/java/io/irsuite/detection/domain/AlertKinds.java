package io.irsuite.detection.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether an alert's name says it is a cause (something is down) or a symptom (something is slow or
 * failing), for the topology default of inhibition. Names are split into words at case changes,
 * letters-to-digits and punctuation ({@code DatabaseDown}, {@code database_down},
 * {@code KubeNodeNotReady}, {@code High5xxRate}). A name that is both counts as a cause only.
 */
public final class AlertKinds {

    /** Words that name a failed component: the cause its callers' alerts are symptoms of. */
    static final Set<String> CAUSE = Set.of("down", "unavailable", "unreachable", "outage", "dead", "offline",
            "crashloop", "crashlooping", "crashloopbackoff", "oomkilled", "failover", "notready", "partitioned");
    /** Words of what callers see when something below them fails. */
    static final Set<String> SYMPTOM = Set.of("latency", "slow", "error", "errors", "errorrate", "5xx", "timeout",
            "timeouts", "apdex", "slo", "burn", "burnrate", "degraded", "failing", "failures", "failed");

    /**
     * A case-insensitive regular expression that every cause-like name matches somewhere (and some other
     * names too): a cheap prefilter for the database, re-checked with {@link #causeLike}.
     */
    public static final String CAUSE_PREFILTER =
            "down|unavailable|unreachable|outage|dead|off[^a-z0-9]?line|crash|oom|fail[^a-z0-9]?over|not[^a-z0-9]?ready|partition";

    private AlertKinds() {
    }

    public static boolean causeLike(String name) {
        return anyWord(name, CAUSE);
    }

    public static boolean symptomLike(String name) {
        return !causeLike(name) && anyWord(name, SYMPTOM);
    }

    /** A word, or two adjacent words written as one ("Not"+"Ready", "Crash"+"Looping"), is in {@code vocabulary}. */
    private static boolean anyWord(String name, Set<String> vocabulary) {
        List<String> words = words(name);
        for (int i = 0; i < words.size(); i++) {
            if (vocabulary.contains(words.get(i))
                    || i + 1 < words.size() && vocabulary.contains(words.get(i) + words.get(i + 1))) {
                return true;
            }
        }
        return false;
    }

    static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        if (name == null) {
            return out;
        }
        StringBuilder word = new StringBuilder();
        char prev = 0;
        for (char c : name.toCharArray()) {
            boolean boundary = !Character.isLetterOrDigit(c)
                    || Character.isUpperCase(c) && (Character.isLowerCase(prev) || Character.isDigit(prev))
                    || Character.isDigit(c) && Character.isLetter(prev);
            if (boundary && !word.isEmpty()) {
                out.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            } else if (Character.isLowerCase(c) && Character.isUpperCase(prev) && word.length() > 1) {
                // the end of an acronym: "SLOBurn" is "SLO" and "Burn"
                out.add(word.substring(0, word.length() - 1).toLowerCase(Locale.ROOT));
                word.delete(0, word.length() - 1);
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            }
            prev = c;
        }
        if (!word.isEmpty()) {
            out.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
