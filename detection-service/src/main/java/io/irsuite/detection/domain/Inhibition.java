package io.irsuite.detection.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Inhibition, as in Alertmanager: a firing source alert suppresses target alerts. Configured rules
 * name source and target matchers and the {@code equal} labels both must share (a label absent from
 * both counts as equal). The topology default: a firing cause-like alert ({@link AlertKinds}) on a
 * service inhibits the symptom-like alerts of services that depend on it within the grouping hops.
 * An alert never inhibits itself. Pure: the caller supplies the firing sources and the graph.
 */
public final class Inhibition {

    public static final String TOPOLOGY = "topology";

    private Inhibition() {
    }

    /** A configured rule. */
    public record Rule(String name, List<Matcher> source, List<Matcher> target, List<String> equal) {
    }

    /** A firing alert that may inhibit others; {@code labels} is its {@link AlertLabels} set. */
    public record Source(String fingerprint, String service, String name, Map<String, String> labels,
                         java.util.UUID incidentId) {
    }

    /** Why an alert is inhibited: by which source, under which rule. */
    public record Match(Source source, String rule) {

        /** For the alert's record and its events: {@code "<fingerprint> (<name> on <service>, rule <rule>)"}. */
        public String describe() {
            return source.fingerprint() + " (" + source.name() + " on " + source.service() + ", rule " + rule + ")";
        }
    }

    /**
     * The source that inhibits an alert with the {@code labels} set (its {@link AlertLabels}), if any:
     * configured rules first, in order, over {@code sources}; then the topology default, when
     * {@code topologyHops} is present, over {@code causes}: a firing cause-like alert per service (by
     * service), so that an alert looks only at the few services below its own.
     */
    public static Optional<Match> find(String fingerprint, Map<String, String> labels, List<Source> sources,
                                       List<Rule> rules, Map<String, Source> causes, ServiceGraph graph,
                                       OptionalInt topologyHops) {
        for (Rule rule : rules) {
            if (!Matcher.all(rule.target(), labels)) {
                continue;
            }
            for (Source s : sources) {
                if (!s.fingerprint().equals(fingerprint) && Matcher.all(rule.source(), s.labels())
                        && equal(rule.equal(), s.labels(), labels)) {
                    return Optional.of(new Match(s, rule.name()));
                }
            }
        }
        if (topologyHops.isEmpty() || causes.isEmpty() || !AlertKinds.symptomLike(labels.get("alertname"))) {
            return Optional.empty();
        }
        String service = labels.get("service");
        Source best = null;
        int bestHops = Integer.MAX_VALUE;
        for (String below : graph.below(service, topologyHops.getAsInt())) {
            Source s = causes.get(below);
            if (s == null || s.fingerprint().equals(fingerprint)) {
                continue;
            }
            int hops = graph.hopsDown(service, below, topologyHops.getAsInt()).orElse(Integer.MAX_VALUE);
            if (best == null || hops < bestHops || hops == bestHops && s.service().compareTo(best.service()) < 0) {
                best = s;
                bestHops = hops;
            }
        }
        return Optional.ofNullable(best).map(s -> new Match(s, TOPOLOGY));
    }

    /** Whether an alert may inhibit others under some rule (such alerts are grouped first in a batch). */
    public static boolean mayInhibit(Map<String, String> labels, List<Rule> rules, boolean topology) {
        if (topology && AlertKinds.causeLike(labels.get("alertname"))) {
            return true;
        }
        return rules.stream().anyMatch(r -> Matcher.all(r.source(), labels));
    }

    /** Whether some rule could inhibit an alert with these labels, given a matching source. */
    public static boolean mayBeInhibited(Map<String, String> labels, List<Rule> rules, boolean topology) {
        if (topology && AlertKinds.symptomLike(labels.get("alertname"))) {
            return true;
        }
        return rules.stream().anyMatch(r -> Matcher.all(r.target(), labels));
    }

    private static boolean equal(List<String> names, Map<String, String> a, Map<String, String> b) {
        for (String n : names) {
            if (!Objects.equals(a.getOrDefault(n, ""), b.getOrDefault(n, ""))) {
                return false;
            }
        }
        return true;
    }
}
