package io.irsuite.triage.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.irsuite.triage.domain.Numbers.round2;

/**
 * Explainable root-cause analysis that ranks candidates. Candidates are the incident's alerting
 * services, their catalog dependencies alerting in another incident, and quiet dependencies that
 * changed recently under a service that only shows symptoms. Each candidate collects signals, each a
 * {@link Feature} with a value and a sentence: being alerting, a recent change, what its alerts say
 * (cause-like keyword families versus symptoms), its catalog kind, its position in the dependency
 * graph (how many alerting services depend on it, whether its own dependencies are healthy), whether
 * it started first, whether it only suffers load from a caller that has its own cause, and whether a
 * past incident with a confirmed cause on it looks alike. Its score is the weighted sum of its features
 * ({@link Weights}, learned from confirmed outcomes, priors at cold start). The confidence of a
 * candidate is its share of a softmax over all candidates plus an "elsewhere" hypothesis, so one weak
 * candidate is not a sure one and two strong candidates share the belief. A confidence stays below
 * {@link #CAP_WITHOUT_CHANGE} unless a recent deploy, config or flag change backs it: only a finding a
 * rollback can undo reaches 0.9, where rollbacks may run unattended.
 */
public final class RootCauseAnalyzer {

    /** A quiet service's change counts only when fresh: its value halves every half-life. */
    static final Duration QUIET_CHANGE_HALF_LIFE = Duration.ofMinutes(15);
    /** A quiet service explains its alerting dependents less than an alerting one does. */
    static final double QUIET_COVERAGE_FACTOR = 0.5;
    static final double CAP_WITH_CHANGE = 0.99;
    static final double CAP_WITHOUT_CHANGE = 0.89;
    /** A change at least this recent (1 = now, 0 = the window's start) names the category even against alert text. */
    static final double CHANGE_NAMES_CATEGORY_RECENCY = 0.5;
    /** A past incident counts as evidence from this similarity on; it is listed as similar from {@link #SIMILAR_LISTED}. */
    static final double SIMILAR_EVIDENCE = 0.5;
    static final double SIMILAR_LISTED = 0.3;
    static final int SIMILAR_MAX = 3;
    /** The classifier's guess names the category, when nothing else does, from this probability on. */
    static final double GUESSED_CATEGORY = 0.3;

    private final Duration changeWindow;
    private final Weights weights;

    public RootCauseAnalyzer(Duration changeWindow) {
        this(changeWindow, Weights.defaults());
    }

    public RootCauseAnalyzer(Duration changeWindow, Weights weights) {
        if (changeWindow == null || changeWindow.isNegative() || changeWindow.isZero()) {
            throw new IllegalArgumentException("change window must be positive");
        }
        this.changeWindow = changeWindow;
        this.weights = weights;
    }

    /** The same analysis with other weights. */
    public RootCauseAnalyzer withWeights(Weights other) {
        return new RootCauseAnalyzer(changeWindow, other);
    }

    public Weights weights() {
        return weights;
    }

    /** One explained signal: its features with their values (none for a remark); {@code category} is null when it names no cause. */
    private record Signal(Map<Feature, Double> features, Category category, String evidence) {

        static Signal of(Feature feature, double value, Category category, String evidence) {
            return new Signal(Map.of(feature, value), category, evidence);
        }

        static Signal remark(String evidence) {
            return new Signal(Map.of(), null, evidence);
        }
    }

    /** A suspect change and how recent it is (1 = at the reference time, 0 = at the window's start). */
    private record Suspect(ChangeFacts change, Duration age, double recency) {
    }

    /** What is known of one candidate before scoring. */
    private static final class Candidate {
        final String service;
        final List<AlertFacts> alerts;
        final List<AlertText.Reading> readings = new ArrayList<>();
        final boolean fromOtherIncident;
        final boolean quiet;
        Instant first;
        Suspect suspect;
        Suspect infra;
        Signal changeSignal;
        final List<Signal> signals = new ArrayList<>();
        Category category = Category.UNKNOWN;
        ChangeType changeType;
        /** Why it is at the edge (no caller in the catalog, or its alerts name an edge technology), null when not. */
        String edge;
        /** At the edge: the alert that reports blocks, threats, floods or few sources, and its words. */
        AlertFacts attackAlert;
        String attackWords;
        final Map<Feature, Double> features = new EnumMap<>(Feature.class);
        double points;

        Candidate(String service, List<AlertFacts> alerts, boolean fromOtherIncident, boolean quiet) {
            this.service = service;
            this.alerts = alerts;
            this.fromOtherIncident = fromOtherIncident;
            this.quiet = quiet;
        }

        boolean alerting() {
            return !alerts.isEmpty();
        }

        boolean securityBreach() {
            return alerts.stream().anyMatch(a -> Boolean.TRUE.equals(a.metrics().securityBreach()));
        }

        boolean dataLoss() {
            return alerts.stream().anyMatch(a -> Boolean.TRUE.equals(a.metrics().dataLoss()));
        }

        /** A recorded change, or alerts that name a fault of its own (not only load or symptoms). */
        boolean ownExplanation() {
            return suspect != null || securityBreach() || attackAlert != null
                    || readings.stream().anyMatch(AlertText.Reading::namesOwnFault);
        }

        /** Its alerts report a traffic surge (load wording naming no fault of its own) or an attack at the edge. */
        boolean surging() {
            return attackAlert != null || readings.stream().anyMatch(r -> r.load() && !r.namesOwnFault());
        }

        boolean anyCauseWords() {
            return readings.stream().anyMatch(r -> r.strongest().isPresent());
        }

        /** Its alerts describe load and no fault of its own. */
        boolean onlyLoad() {
            return readings.stream().anyMatch(AlertText.Reading::load)
                    && readings.stream().noneMatch(AlertText.Reading::namesOwnFault) && !securityBreach()
                    && attackAlert == null;
        }
    }

    public RootCauseAnalysis analyze(TriageEvidence evidence) {
        DependencyGraph graph = evidence.graph();
        Map<AlertFacts, Integer> instances = new IdentityHashMap<>();
        List<AlertFacts> alerts = distinct(evidence.alerts(), instances);
        Map<String, List<AlertFacts>> alertsByService = group(alerts);
        Map<String, List<AlertFacts>> related = group(distinct(evidence.relatedAlerts().stream().filter(AlertFacts::firing)
                .toList(), instances));

        Map<String, Candidate> candidates = new TreeMap<>();
        alertsByService.forEach((service, own) -> candidates.put(service, new Candidate(service, own, false, false)));
        for (String service : alertsByService.keySet()) {
            for (String dependency : graph.transitiveDependencies(service)) {
                if (related.containsKey(dependency) && !candidates.containsKey(dependency)) {
                    candidates.put(dependency, new Candidate(dependency, related.get(dependency), true, false));
                }
            }
        }
        if (candidates.isEmpty()) {
            evidence.services().stream().filter(Objects::nonNull)
                    .forEach(s -> candidates.put(s, new Candidate(s, List.of(), false, false)));
        }
        if (candidates.isEmpty()) {
            return new RootCauseAnalysis(new RootCauseFinding(null, Category.UNKNOWN, 0.0,
                    List.of("no alerts or services to analyse"), null), List.of(),
                    BlastRadius.of(List.of(), graph, List.of()), List.of(), Set.of());
        }

        Set<String> names = new TreeSet<>(graph.names());
        names.addAll(candidates.keySet());
        Map<AlertFacts, AlertText.Reading> readings = new IdentityHashMap<>();
        java.util.function.Function<AlertFacts, AlertText.Reading> reader = AlertText.reader(names);
        for (Candidate c : candidates.values()) {
            c.alerts.forEach(a -> c.readings.add(readings.computeIfAbsent(a, reader)));
            c.first = firstAlert(c.alerts);
            // Without a start time (or without alerts) the analysis time is the reference.
            Instant reference = c.first != null ? c.first : evidence.now();
            c.suspect = recentChange(c.service, reference, evidence.changes(), ChangeType::suspect).orElse(null);
            c.infra = recentChange(c.service, reference, evidence.changes(), t -> t == ChangeType.INFRA).orElse(null);
            edgeAttack(c, graph);
        }

        Set<String> alerting = candidates.values().stream().filter(Candidate::alerting).map(c -> c.service)
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, Set<String>> floodedBy = loadVictims(candidates, alerting, graph);
        Set<String> unhealthy = new TreeSet<>(alerting);
        unhealthy.removeAll(floodedBy.keySet());
        addQuietCandidates(candidates, unhealthy, graph, evidence);

        Map<String, Instant> firstAlerts = new LinkedHashMap<>();
        candidates.values().stream().filter(c -> c.first != null).forEach(c -> firstAlerts.put(c.service, c.first));

        Set<String> signature = IncidentSignature.of(alerts, a -> readings.computeIfAbsent(a, reader));
        List<SimilarIncident> similar = similar(signature, evidence.history());
        for (Candidate c : candidates.values()) {
            signals(c, graph, unhealthy, floodedBy, firstAlerts, instances);
            similarSignal(c, similar).ifPresent(c.signals::add);
            c.signals.forEach(signal -> signal.features().forEach((f, v) -> c.features.merge(f, v, Double::sum)));
            c.points = weights.score(c.features);
            categorise(c, graph);
        }

        double denominator = Math.exp(weights.of(Feature.ELSEWHERE))
                + candidates.values().stream().mapToDouble(c -> Math.exp(c.points)).sum();
        List<Candidate> ranked = new ArrayList<>(candidates.values());
        ranked.sort(Comparator.comparingDouble((Candidate c) -> c.points).reversed()
                .thenComparing(c -> c.first, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(c -> c.service));

        Candidate root = ranked.get(0);
        List<String> blastServices = new ArrayList<>();
        blastServices.add(root.service);
        blastServices.addAll(graph.transitiveDependents(root.service));
        BlastRadius blastRadius = BlastRadius.of(blastServices, graph, evidence.alerts());
        List<String> rootEvidence = root.signals.stream()
                .sorted(Comparator.comparingDouble((Signal s) -> weights.score(s.features())).reversed())
                .map(Signal::evidence).toList();
        return new RootCauseAnalysis(
                new RootCauseFinding(root.service, root.category, confidence(root, denominator), rootEvidence,
                        root.changeType, root.suspect == null && root.onlyLoad()),
                ranked.stream().map(c -> new CandidateScore(c.service, c.category, confidence(c, denominator),
                        c.features)).toList(),
                blastRadius, similar, signature);
    }

    private static double confidence(Candidate c, double denominator) {
        double share = Math.exp(c.points) / denominator;
        return round2(Math.min(c.suspect != null ? CAP_WITH_CHANGE : CAP_WITHOUT_CHANGE, share));
    }

    /** Past incidents whose signature resembles this one, most similar first. */
    private static List<SimilarIncident> similar(Set<String> signature, List<PastIncident> history) {
        List<SimilarIncident> similar = new ArrayList<>();
        for (PastIncident p : history) {
            double similarity = IncidentSignature.similarity(signature, p.signature());
            if (similarity >= SIMILAR_LISTED) {
                similar.add(new SimilarIncident(p.incidentId(), round2(similarity), p.rootService(), p.category(),
                        p.resolution()));
            }
        }
        return similar.stream()
                .sorted(Comparator.comparingDouble(SimilarIncident::similarity).reversed()
                        .thenComparing(SimilarIncident::incidentId))
                .limit(SIMILAR_MAX)
                .toList();
    }

    /** The most similar past incident whose confirmed cause was this candidate, when similar enough. */
    private static Optional<Signal> similarSignal(Candidate c, List<SimilarIncident> similar) {
        return similar.stream()
                .filter(s -> s.similarity() >= SIMILAR_EVIDENCE && c.service.equals(s.rootService()))
                .findFirst()
                .map(s -> Signal.of(Feature.SIMILAR_PAST, s.similarity(), s.category() == Category.UNKNOWN ? null : s.category(),
                        "incident " + s.incidentId() + " looked alike (similarity " + Numbers.fmt(s.similarity())
                                + ") and its confirmed cause was " + s.category().wire() + " on " + c.service));
    }

    /**
     * Load-induced victims: an alerting datastore (database, cache, queue) or dependency whose alerts only describe
     * load or connection counts ("too many connections", "rejected connections", "high QPS"), without a change of
     * its own, while a service that calls it directly shows a traffic surge or an attack at the edge (for a
     * datastore, also: has its own cause). They suffer because it floods them.
     */
    private static Map<String, Set<String>> loadVictims(Map<String, Candidate> candidates, Set<String> alerting,
                                                        DependencyGraph graph) {
        Map<String, Set<String>> floodedBy = new TreeMap<>();
        for (String service : alerting) {
            Candidate c = candidates.get(service);
            Optional<ServiceKind> kind = graph.kindOf(service);
            if (kind.filter(k -> k == ServiceKind.EXTERNAL).isPresent() || c.suspect != null || c.infra != null
                    || !c.onlyLoad()) {
                continue;
            }
            boolean datastore = kind.filter(RootCauseAnalyzer::datastore).isPresent();
            Set<String> culprits = new TreeSet<>();
            for (String dependent : graph.dependentsOf(service)) {
                Candidate caller = candidates.get(dependent);
                if (caller != null && caller.alerting() && (caller.surging() || (datastore && caller.ownExplanation()))) {
                    culprits.add(dependent);
                }
            }
            if (!culprits.isEmpty()) {
                floodedBy.put(service, culprits);
            }
        }
        return floodedBy;
    }

    private static boolean datastore(ServiceKind kind) {
        return kind == ServiceKind.DATABASE || kind == ServiceKind.CACHE || kind == ServiceKind.QUEUE;
    }

    /**
     * Whether the candidate is at the edge (a catalog service nothing in the catalog calls, or whose alerts name an
     * edge technology) and, if so, the first of its alerts that reports blocks, threats, floods or a request rate
     * from few sources: abuse, where the same load from many sources would be an organic surge.
     */
    private static void edgeAttack(Candidate c, DependencyGraph graph) {
        Optional<ServiceKind> kind = graph.kindOf(c.service);
        if (kind.filter(k -> k != ServiceKind.SERVICE).isPresent()) {
            return;
        }
        if (graph.registered(c.service) && graph.dependentsOf(c.service).isEmpty()) {
            c.edge = "nothing in the catalog calls it";
        } else if (c.readings.stream().anyMatch(AlertText.Reading::edge)) {
            c.edge = "its alerts name an edge component";
        } else {
            return;
        }
        for (int i = 0; i < c.alerts.size(); i++) {
            AlertText.Reading reading = c.readings.get(i);
            Optional<String> words = reading.security().map(AlertText.Hit::keyword).or(reading::abuse);
            if (words.isPresent()) {
                c.attackAlert = c.alerts.get(i);
                c.attackWords = words.get();
                return;
            }
        }
    }

    /**
     * When the deepest unhealthy services only show symptoms, the fault may sit below them in a service
     * that does not alert: a dependency of theirs that changed recently becomes a candidate.
     */
    private void addQuietCandidates(Map<String, Candidate> candidates, Set<String> unhealthy, DependencyGraph graph,
                                    TriageEvidence evidence) {
        for (String service : unhealthy) {
            Candidate c = candidates.get(service);
            Set<String> below = graph.transitiveDependencies(service);
            boolean deepest = below.stream().noneMatch(unhealthy::contains);
            if (!deepest || c.ownExplanation() || c.anyCauseWords() || c.first == null) {
                continue;
            }
            for (String dependency : below) {
                if (candidates.containsKey(dependency)) {
                    continue;
                }
                Optional<Suspect> suspect = recentChange(dependency, c.first, evidence.changes(), ChangeType::suspect);
                if (suspect.isPresent()) {
                    Candidate quiet = new Candidate(dependency, List.of(), false, true);
                    quiet.suspect = suspect.get();
                    candidates.put(dependency, quiet);
                }
            }
        }
    }

    private void signals(Candidate c, DependencyGraph graph, Set<String> unhealthy, Map<String, Set<String>> floodedBy,
                         Map<String, Instant> firstAlerts, Map<AlertFacts, Integer> instances) {
        String service = c.service;
        List<Signal> signals = c.signals;

        if (c.alerting()) {
            String alertNames = c.alerts.stream().map(AlertFacts::name).filter(Objects::nonNull).distinct().limit(3)
                    .collect(Collectors.joining(", "));
            signals.add(Signal.of(Feature.ALERTING, 1, null, service + " is alerting"
                    + (c.fromOtherIncident ? " in another incident" : "") + (alertNames.isEmpty() ? "" : ": " + alertNames)));
        } else if (c.quiet) {
            signals.add(Signal.of(Feature.QUIET, 1, null, service + " itself does not alert"));
        } else {
            signals.add(Signal.of(Feature.LISTED, 1, null, service + " is named by the incident but has no alert"));
        }

        if (c.suspect != null) {
            ChangeFacts change = c.suspect.change();
            Category category = change.type() == ChangeType.DEPLOY ? Category.DEPLOY : Category.CONFIG;
            String what = change.type().wire() + (change.version() != null && !change.version().isBlank()
                    ? " " + change.version() : "");
            if (c.quiet) {
                double halfLives = (double) c.suspect.age().toSeconds() / QUIET_CHANGE_HALF_LIFE.toSeconds();
                c.changeSignal = Signal.of(Feature.QUIET_CHANGE, Math.pow(0.5, halfLives), category,
                        what + " on " + service + " " + ago(c.suspect.age())
                                + " before the first alert of the services that depend on it");
            } else {
                c.changeSignal = new Signal(Map.of(Feature.CHANGE, 1.0, Feature.CHANGE_RECENCY, c.suspect.recency()), category,
                        what + " on " + service + " " + ago(c.suspect.age()) + " before the first alert");
            }
            signals.add(c.changeSignal);
        }
        if (c.infra != null) {
            ChangeFacts change = c.infra.change();
            signals.add(Signal.of(Feature.INFRA_CHANGE, 0.5 + 0.5 * c.infra.recency(), null, "infra change"
                    + (change.description() != null && !change.description().isBlank() ? " (" + change.description() + ")" : "")
                    + " on " + service + " " + ago(c.infra.age()) + " before the first alert"));
        }

        causeSignals(c, instances).forEach(signals::add);

        Optional<ServiceKind> kind = graph.kindOf(service);
        if (c.alerting() && kind.filter(k -> k == ServiceKind.EXTERNAL).isPresent()) {
            signals.add(Signal.of(Feature.EXTERNAL, 1, Category.EXTERNAL, service + " is an external dependency in the catalog"));
        }
        if (c.alerting() && kind.filter(k -> k == ServiceKind.DATABASE || k == ServiceKind.CACHE
                || k == ServiceKind.QUEUE).isPresent()) {
            signals.add(Signal.of(Feature.DATASTORE, 1, null, service + " is a " + kind.get().wire()
                    + " in the catalog, which many services share"));
        }

        graphSignals(c, graph, unhealthy, floodedBy).forEach(signals::add);

        if (c.first != null && firstAlerts.size() > 1) {
            Instant next = firstAlerts.entrySet().stream().filter(e -> !e.getKey().equals(service))
                    .map(Map.Entry::getValue).min(Comparator.naturalOrder()).orElse(null);
            if (next != null && c.first.isBefore(next)) {
                signals.add(Signal.of(Feature.EARLIEST, 1, null, service + " alerted first, "
                        + ago(Duration.between(c.first, next)) + " before the next candidate"));
            }
        }
    }

    /** What the candidate's alerts say: the strongest cause-like family, corroboration, or only symptoms. */
    private List<Signal> causeSignals(Candidate c, Map<AlertFacts, Integer> instances) {
        List<Signal> signals = new ArrayList<>();
        String service = c.service;
        if (c.securityBreach()) {
            AlertFacts breach = c.alerts.stream().filter(a -> Boolean.TRUE.equals(a.metrics().securityBreach()))
                    .findFirst().orElseThrow();
            signals.add(Signal.of(Feature.SECURITY_BREACH, 1, Category.SECURITY,
                    "alert " + label(breach) + " on " + service + " reports a security breach"));
        }
        if (c.attackAlert != null) {
            signals.add(Signal.of(Feature.EDGE_ATTACK, 1, Category.SECURITY, service + " is at the edge ("
                    + c.edge + ") and alert " + label(c.attackAlert) + " reports '" + c.attackWords
                    + "': an attack or abuse at the edge, not an organic traffic surge"));
        } else if (c.edge != null && c.surging()) {
            signals.add(Signal.remark(service + " is at the edge (" + c.edge + ") and its alerts describe load without "
                    + "blocks, threats, floods or few sources: an organic traffic surge"));
        }
        Signal best = null;
        int causeAlerts = 0;
        for (int i = 0; i < c.alerts.size(); i++) {
            AlertText.Reading reading = c.readings.get(i);
            Optional<AlertText.Hit> hit = reading.causes().stream().filter(h -> h.family().causeLike()).findFirst();
            if (hit.isEmpty()) {
                continue;
            }
            causeAlerts += instances.getOrDefault(c.alerts.get(i), 1);
            Signal signal = causeSignal(c, c.alerts.get(i), hit.get());
            if (best == null || weights.score(signal.features()) > weights.score(best.features())) {
                best = signal;
            }
        }
        if (best != null) {
            signals.add(best);
            if (causeAlerts > 1) {
                signals.add(Signal.of(Feature.CORROBORATED, 1, null, causeAlerts + " alerts on " + service + " name a cause"));
            }
            return signals;
        }
        for (int i = 0; i < c.alerts.size(); i++) {
            Optional<AlertText.Hit> downstream = c.readings.get(i).causes().stream()
                    .filter(h -> h.family() == AlertText.Family.DEPENDENCY).findFirst();
            if (downstream.isPresent()) {
                signals.add(Signal.of(Feature.DOWNSTREAM, 1, Category.DEPENDENCY, "alert " + label(c.alerts.get(i)) + " on "
                        + service + " points further down the call chain ('" + downstream.get().keyword() + "')"));
                return signals;
            }
        }
        Optional<String> symptom = c.readings.stream().map(AlertText.Reading::symptom).flatMap(Optional::stream)
                .findFirst();
        symptom.ifPresent(word -> signals.add(Signal.remark(
                "alerts on " + service + " describe a symptom ('" + word + "'), not a cause")));
        if (symptom.isEmpty()) {
            unreadWording(c).ifPresent(signals::add);
        }
        return signals;
    }

    private static Signal causeSignal(Candidate c, AlertFacts alert, AlertText.Hit hit) {
        AlertText.Family family = hit.family();
        boolean weak = family == AlertText.Family.CRASH
                || (c.suspect == null && (family == AlertText.Family.CONFIG || family == AlertText.Family.DEPLOY));
        Feature feature = weak ? Feature.WEAK_CAUSE : hit.inName() ? Feature.CAUSE_IN_NAME : Feature.CAUSE_IN_TEXT;
        String says = hit.category() == null ? "describes a fault of its own" : "points to " + hit.category().wire();
        if (hit.learned()) {
            // The classifier's reading counts as much as it is sure: a 0.7 reading is 0.7 of a keyword's points.
            return Signal.of(feature, hit.probability(), hit.category(), "alert " + label(alert) + " on " + c.service
                    + " " + says + " (read by the alert classifier: " + hit.keyword() + ")");
        }
        return Signal.of(feature, 1, hit.category(), "alert " + label(alert) + " on " + c.service + " " + says
                + " ('" + hit.keyword() + "')");
    }

    /**
     * Wording neither the keyword families nor the classifier read with confidence: it adds no points (the
     * ranking rests on topology, timing and changes), and the evidence says what it most resembled.
     */
    private static Optional<Signal> unreadWording(Candidate c) {
        for (int i = 0; i < c.alerts.size(); i++) {
            Optional<AlertClassifier.Prediction> learned = c.readings.get(i).learned();
            if (learned.isPresent() && c.readings.get(i).symptom().isEmpty()) {
                return Optional.of(Signal.remark("the wording of alert " + label(c.alerts.get(i)) + " on " + c.service
                        + " names no cause with confidence (closest: " + learned.get().explain()
                        + "); its place in the dependency graph, its timing and changes decide"));
            }
        }
        return Optional.empty();
    }

    /**
     * The classifier's best guess at a category from the candidate's cause-like wording, when it is at least
     * {@link #GUESSED_CATEGORY} sure (symptom wording names no category): what names the category when nothing else does, rather than
     * {@code unknown} (and its generic restart). It adds no points to the ranking.
     */
    private static Optional<AlertClassifier.Prediction> guessedCategory(Candidate c) {
        return c.readings.stream().map(AlertText.Reading::learned).flatMap(Optional::stream)
                .filter(p -> p.causeLike() && p.asCategory() != null && p.asCategory() != Category.UNKNOWN
                        && p.probability() >= GUESSED_CATEGORY)
                .max(Comparator.comparingDouble(AlertClassifier.Prediction::probability));
    }

    /** Position in the dependency graph among the unhealthy (alerting, not load-induced) services. */
    private static List<Signal> graphSignals(Candidate c, DependencyGraph graph, Set<String> unhealthy,
                                             Map<String, Set<String>> floodedBy) {
        List<Signal> signals = new ArrayList<>();
        String service = c.service;
        Set<String> others = new TreeSet<>(unhealthy);
        others.remove(service);
        Set<String> dependents = new TreeSet<>(graph.transitiveDependents(service));
        dependents.retainAll(others);
        Set<String> dependencies = new TreeSet<>(graph.transitiveDependencies(service));
        dependencies.retainAll(others);

        if (!dependents.isEmpty()) {
            double coverage = (double) dependents.size() / others.size();
            String sentence = dependents.size() + " alerting service" + (dependents.size() == 1 ? " depends" : "s depend")
                    + " on " + service + ": " + String.join(", ", dependents);
            if (c.quiet) {
                sentence = service + " is not alerting, but " + sentence;
            }
            signals.add(Signal.of(Feature.COVERAGE, coverage * (c.quiet ? QUIET_COVERAGE_FACTOR : 1.0), null, sentence));
            if (dependencies.isEmpty() && !floodedBy.containsKey(service) && !c.quiet) {
                signals.add(Signal.of(Feature.DEEPEST, 1, null, "the dependencies of " + service
                        + " are healthy: it is the deepest unhealthy service on its path"));
            }
        }
        if (!dependencies.isEmpty() && (c.alerting() || c.quiet)) {
            signals.add(Signal.of(Feature.ALERTING_DEPENDENCY, 1, null, service + " depends on alerting "
                    + String.join(", ", dependencies) + ": its alerts may be their consequence"));
        }
        if (floodedBy.containsKey(service)) {
            Set<String> callers = floodedBy.get(service);
            boolean one = callers.size() == 1;
            signals.add(Signal.of(Feature.LOAD_VICTIM, 1, null, service + " looks load-induced, a victim of "
                    + String.join(", ", callers) + ": its alerts describe load or connection counts, not a fault of its "
                    + "own, and " + String.join(", ", callers) + ", which call" + (one ? "s" : "") + " it, "
                    + (one ? "shows" : "show") + " a traffic surge or " + (one ? "has its" : "have their") + " own cause"));
        }
        List<String> flooded = floodedBy.entrySet().stream().filter(e -> e.getValue().contains(service))
                .map(Map.Entry::getKey).toList();
        if (!flooded.isEmpty()) {
            boolean one = flooded.size() == 1;
            // A surge with no other cause of its own is itself the cause: capacity.
            boolean surge = c.surging() && c.attackAlert == null && !c.ownExplanation();
            signals.add(Signal.of(Feature.FLOODS, 1, surge ? Category.CAPACITY : null, service + " may be flooding "
                    + String.join(", ", flooded) + ", which only report" + (one ? "s" : "") + " load"
                    + (surge ? ": the traffic surge on " + service + " is the cause and " + String.join(", ", flooded)
                    + (one ? " is its victim" : " are its victims") : "")));
        }
        return signals;
    }

    /**
     * The category: a security breach or an attack at the edge first; then a change within the last part of the window; then what
     * the alerts name; then an older change; then the catalog kind; else unknown.
     */
    private void categorise(Candidate c, DependencyGraph graph) {
        Optional<Signal> change = Optional.ofNullable(c.changeSignal);
        // `database` is a datastore's own condition: a service the catalog knows as no datastore is not given it
        Optional<ServiceKind> kind = graph.kindOf(c.service);
        boolean mayBeDatastore = kind.map(RootCauseAnalyzer::datastore).orElse(true);
        Comparator<Signal> byScore = Comparator.comparingDouble(s -> weights.score(s.features()));
        List<Signal> naming = c.signals.stream()
                .filter(s -> s.category() != null && s.category() != Category.EXTERNAL && s != c.changeSignal).toList();
        Optional<Signal> named = naming.stream().max(byScore);
        if (!mayBeDatastore && named.filter(s -> s.category() == Category.DATABASE).isPresent()) {
            c.signals.add(Signal.remark("its alerts read as a database fault, but " + c.service + " is a "
                    + kind.orElseThrow().wire() + " in the catalog, not a datastore: its category comes from its other signals"));
            named = naming.stream().filter(s -> s.category() != Category.DATABASE).max(byScore);
        }
        Optional<Category> text = named.map(Signal::category);
        if (c.securityBreach() || c.attackAlert != null) {
            c.category = Category.SECURITY;
        } else if (change.isPresent() && (c.suspect.recency() >= CHANGE_NAMES_CATEGORY_RECENCY || text.isEmpty()
                || text.get() == Category.DEPENDENCY)) {
            c.category = change.get().category();
            c.changeType = c.suspect.change().type();
        } else if (text.isPresent() && text.get() != Category.DEPENDENCY) {
            c.category = text.get();
        } else if (change.isPresent()) {
            c.category = change.get().category();
            c.changeType = c.suspect.change().type();
        } else if (kind.filter(k -> k == ServiceKind.EXTERNAL).isPresent() && c.alerting()) {
            c.category = Category.EXTERNAL;
        } else if (kind.filter(k -> k == ServiceKind.DATABASE).isPresent() && c.alerting()) {
            c.category = Category.DATABASE;
        } else if (text.isPresent()) {
            c.category = text.get();
        } else {
            Optional<AlertClassifier.Prediction> guess = guessedCategory(c)
                    .filter(p -> mayBeDatastore || p.asCategory() != Category.DATABASE);
            c.category = guess.map(AlertClassifier.Prediction::asCategory).orElse(Category.UNKNOWN);
            guess.ifPresent(p -> c.signals.add(Signal.remark("no alert on " + c.service + " names a category with "
                    + "confidence; the alert classifier's best guess is " + p.explain())));
        }
    }

    /** The latest change of the given types on {@code service} within the window before {@code reference}; closer is stronger. */
    private Optional<Suspect> recentChange(String service, Instant reference, List<ChangeFacts> changes,
                                           Predicate<ChangeType> types) {
        return changes.stream()
                .filter(c -> service.equals(c.service()) && c.type() != null && types.test(c.type()) && c.at() != null)
                .filter(c -> !c.at().isAfter(reference) && !c.at().isBefore(reference.minus(changeWindow)))
                .max(Comparator.comparing(ChangeFacts::at))
                .map(c -> {
                    Duration age = Duration.between(c.at(), reference);
                    return new Suspect(c, age, 1.0 - (double) age.toSeconds() / changeWindow.toSeconds());
                });
    }

    /**
     * One alert of each kind: alerts that differ only where they fire (the values of identity labels such as
     * {@code instance} or {@code pod}, which no reading uses; see {@link AlertText#fingerprint}) and in figures the
     * analysis does not weigh read and weigh the same, so it weighs the earliest of them and {@code instances}
     * counts them all (a cause named by 300 pods corroborates as 300 alerts do). One rule firing on every pod of a
     * service is then one alert to weigh, not hundreds, in every re-triage of its incident.
     */
    static List<AlertFacts> distinct(List<AlertFacts> alerts, Map<AlertFacts, Integer> instances) {
        Map<Kind, AlertFacts> earliest = new LinkedHashMap<>();
        Map<Kind, Integer> counts = new java.util.HashMap<>();
        for (AlertFacts a : alerts) {
            Kind kind = new Kind(a.service(), a.firing(), a.metrics().securityBreach(), a.metrics().dataLoss(),
                    AlertText.fingerprint(a));
            counts.merge(kind, 1, Integer::sum);
            earliest.merge(kind, a, (known, next) -> next.startsAt() != null
                    && (known.startsAt() == null || next.startsAt().isBefore(known.startsAt())) ? next : known);
        }
        List<AlertFacts> distinct = new ArrayList<>(earliest.size());
        earliest.forEach((kind, a) -> {
            distinct.add(a);
            instances.put(a, counts.get(kind));
        });
        return distinct;
    }

    /** What {@link #distinct} tells alerts apart by. */
    private record Kind(String service, boolean firing, Boolean securityBreach, Boolean dataLoss, long text) {
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
