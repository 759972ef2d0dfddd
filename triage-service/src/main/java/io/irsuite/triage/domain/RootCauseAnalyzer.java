package io.irsuite.triage.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.irsuite.triage.domain.Numbers.round2;

/**
 * Thin, explainable root-cause analysis. Candidates are the incident's alerting services plus
 * their (transitive) catalog dependencies that alert elsewhere. Each candidate collects weighted
 * signals; its score is their sum, capped. A recent change on an alerting candidate is the
 * strongest signal (the playbooks' first suspect); without one, the score stays below
 * {@link #CAP_WITHOUT_CHANGE} so that only a change-backed finding reaches 0.9.
 */
public final class RootCauseAnalyzer {

    static final double W_ALERTING = 0.30;
    static final double W_LISTED = 0.10;
    static final double W_CHANGE_BASE = 0.60;
    static final double W_CHANGE_RECENCY = 0.09;
    static final double W_CAUSE_TEXT = 0.35;
    static final double W_EXTERNAL = 0.25;
    static final double W_DEPENDENT = 0.10;
    static final double W_DEPENDENTS_MAX = 0.20;
    static final double W_EARLIEST = 0.10;
    static final double W_SYMPTOM = 0.05;
    static final double CAP_WITH_CHANGE = 0.99;
    static final double CAP_WITHOUT_CHANGE = 0.89;

    private final Duration changeWindow;

    public RootCauseAnalyzer(Duration changeWindow) {
        if (changeWindow == null || changeWindow.isNegative() || changeWindow.isZero()) {
            throw new IllegalArgumentException("change window must be positive");
        }
        this.changeWindow = changeWindow;
    }

    /** One weighted, explained signal; {@code category} is null when the signal does not name a cause. */
    private record Signal(double weight, Category category, String evidence, ChangeType changeType) {
    }

    private record Scored(String service, double score, Category category, List<String> evidence,
                          ChangeType changeType, Instant firstAlert) {
    }

    public RootCauseAnalysis analyze(TriageEvidence evidence) {
        DependencyGraph graph = evidence.graph();
        Map<String, List<AlertFacts>> alertsByService = group(evidence.alerts());
        Set<String> incidentAlerting = new TreeSet<>(alertsByService.keySet());

        Map<String, List<AlertFacts>> related = group(evidence.relatedAlerts().stream().filter(AlertFacts::firing).toList());
        Set<String> relatedOnly = new TreeSet<>();
        for (String service : incidentAlerting) {
            for (String dependency : graph.transitiveDependencies(service)) {
                if (related.containsKey(dependency) && !incidentAlerting.contains(dependency)) {
                    relatedOnly.add(dependency);
                }
            }
        }
        Map<String, List<AlertFacts>> candidates = new TreeMap<>(alertsByService);
        relatedOnly.forEach(service -> candidates.put(service, related.get(service)));
        if (candidates.isEmpty()) {
            evidence.services().stream().filter(Objects::nonNull).forEach(s -> candidates.put(s, List.of()));
        }
        if (candidates.isEmpty()) {
            return new RootCauseAnalysis(new RootCauseFinding(null, Category.UNKNOWN, 0.0,
                    List.of("no alerts or services to analyse"), null), List.of(), List.of());
        }

        Map<String, Instant> firstAlerts = new LinkedHashMap<>();
        candidates.forEach((service, alerts) -> firstAlerts.put(service, firstAlert(alerts)));
        Set<String> alertingCandidates = candidates.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));

        List<Scored> scored = new ArrayList<>();
        for (Map.Entry<String, List<AlertFacts>> entry : candidates.entrySet()) {
            String service = entry.getKey();
            List<Signal> signals = signals(service, entry.getValue(), relatedOnly.contains(service), graph,
                    alertingCandidates, firstAlerts, evidence);
            scored.add(score(service, signals, firstAlerts.get(service)));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(Scored::firstAlert, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Scored::service));

        Scored root = scored.get(0);
        List<String> blastRadius = new ArrayList<>();
        blastRadius.add(root.service());
        blastRadius.addAll(graph.transitiveDependents(root.service()));
        return new RootCauseAnalysis(
                new RootCauseFinding(root.service(), root.category(), root.score(), root.evidence(), root.changeType()),
                scored.stream().map(s -> new CandidateScore(s.service(), s.category(), s.score())).toList(),
                blastRadius);
    }

    private List<Signal> signals(String service, List<AlertFacts> alerts, boolean fromOtherIncident,
                                 DependencyGraph graph, Set<String> alertingCandidates,
                                 Map<String, Instant> firstAlerts, TriageEvidence evidence) {
        List<Signal> signals = new ArrayList<>();
        Instant first = firstAlerts.get(service);

        if (alerts.isEmpty()) {
            signals.add(new Signal(W_LISTED, null, service + " is named by the incident but has no alert", null));
        } else {
            String names = alerts.stream().map(AlertFacts::name).filter(Objects::nonNull).distinct().limit(3)
                    .collect(Collectors.joining(", "));
            signals.add(new Signal(W_ALERTING, null, service + " is alerting"
                    + (fromOtherIncident ? " in another incident" : "") + (names.isEmpty() ? "" : ": " + names), null));
        }

        // Without a start time (or without alerts) the analysis time is the reference.
        recentChange(service, first != null ? first : evidence.now(), evidence.changes()).ifPresent(signals::add);

        Optional<Signal> cause = causeInText(service, alerts);
        cause.ifPresent(signals::add);
        if (cause.isEmpty()) {
            alerts.stream().map(a -> AlertText.symptom(a.text())).flatMap(Optional::stream).findFirst()
                    .ifPresent(word -> signals.add(new Signal(W_SYMPTOM, null,
                            "alerts on " + service + " describe a symptom ('" + word + "'), not a cause", null)));
        }

        if (graph.kindOf(service).filter(kind -> kind == ServiceKind.EXTERNAL).isPresent()) {
            signals.add(new Signal(W_EXTERNAL, Category.EXTERNAL,
                    service + " is an external dependency in the catalog", null));
        }

        Set<String> alertingDependents = new TreeSet<>(graph.transitiveDependents(service));
        alertingDependents.retainAll(alertingCandidates);
        if (!alertingDependents.isEmpty()) {
            double weight = Math.min(W_DEPENDENTS_MAX, W_DEPENDENT * alertingDependents.size());
            signals.add(new Signal(weight, null, alertingDependents.size() + " alerting service"
                    + (alertingDependents.size() == 1 ? " depends" : "s depend") + " on " + service + ": "
                    + String.join(", ", alertingDependents), null));
        }

        if (first != null && firstAlerts.size() > 1) {
            Instant next = firstAlerts.entrySet().stream().filter(e -> !e.getKey().equals(service))
                    .map(Map.Entry::getValue).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
            if (next != null && first.isBefore(next)) {
                signals.add(new Signal(W_EARLIEST, null, service + " alerted first, "
                        + ago(Duration.between(first, next)) + " before the next candidate", null));
            }
        }
        return signals;
    }

    /** The latest suspect change on {@code service} within the window before {@code reference}; closer is stronger. */
    private Optional<Signal> recentChange(String service, Instant reference, List<ChangeFacts> changes) {
        return changes.stream()
                .filter(c -> service.equals(c.service()) && c.type() != null && c.type().suspect() && c.at() != null)
                .filter(c -> !c.at().isAfter(reference) && !c.at().isBefore(reference.minus(changeWindow)))
                .max(Comparator.comparing(ChangeFacts::at))
                .map(c -> {
                    Duration age = Duration.between(c.at(), reference);
                    double recency = 1.0 - (double) age.toSeconds() / changeWindow.toSeconds();
                    Category category = c.type() == ChangeType.DEPLOY ? Category.DEPLOY : Category.CONFIG;
                    String what = c.type().wire() + (c.version() != null && !c.version().isBlank() ? " " + c.version() : "");
                    return new Signal(W_CHANGE_BASE + W_CHANGE_RECENCY * recency, category,
                            what + " on " + service + " " + ago(age) + " before the first alert", c.type());
                });
    }

    private static Optional<Signal> causeInText(String service, List<AlertFacts> alerts) {
        for (AlertFacts alert : alerts) {
            if (Boolean.TRUE.equals(alert.metrics().securityBreach())) {
                return Optional.of(new Signal(W_CAUSE_TEXT, Category.SECURITY,
                        "alert " + label(alert) + " on " + service + " reports a security breach", null));
            }
            Optional<AlertText.Cause> cause = AlertText.cause(alert.text());
            if (cause.isPresent()) {
                return Optional.of(new Signal(W_CAUSE_TEXT, cause.get().category(), "alert " + label(alert) + " on "
                        + service + " points to " + cause.get().category().wire() + " ('" + cause.get().keyword() + "')",
                        null));
            }
        }
        return Optional.empty();
    }

    private static Scored score(String service, List<Signal> signals, Instant firstAlert) {
        double sum = signals.stream().mapToDouble(Signal::weight).sum();
        boolean changeBacked = signals.stream().anyMatch(s -> s.changeType() != null);
        double score = round2(Math.min(changeBacked ? CAP_WITH_CHANGE : CAP_WITHOUT_CHANGE, sum));
        List<Signal> strongestFirst = signals.stream()
                .sorted(Comparator.comparingDouble(Signal::weight).reversed()).toList();
        Signal best = strongestFirst.stream().filter(s -> s.category() != null).findFirst().orElse(null);
        return new Scored(service, score, best == null ? Category.UNKNOWN : best.category(),
                strongestFirst.stream().map(Signal::evidence).toList(),
                best == null ? null : best.changeType(), firstAlert);
    }

    private static Map<String, List<AlertFacts>> group(List<AlertFacts> alerts) {
        Map<String, List<AlertFacts>> byService = new TreeMap<>();
        alerts.stream().filter(a -> a.service() != null && !a.service().isBlank())
                .sorted(Comparator.comparing(AlertFacts::startsAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(a -> byService.computeIfAbsent(a.service(), k -> new ArrayList<>()).add(a));
        return byService;
    }

    private static Instant firstAlert(List<AlertFacts> alerts) {
        return alerts.stream().map(AlertFacts::startsAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
    }

    private static String label(AlertFacts alert) {
        return alert.name() == null ? "(unnamed)" : alert.name();
    }

    /** "7 min", "2 h 5 min", "40 s". */
    static String ago(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return d.toSeconds() + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        return (minutes / 60) + " h " + (minutes % 60) + " min";
    }
}
