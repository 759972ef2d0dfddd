package io.irsuite.triage.eval;

import io.irsuite.triage.domain.ActionOutcomes;
import io.irsuite.triage.domain.ActionPlanner;
import io.irsuite.triage.domain.AlertFacts;
import io.irsuite.triage.domain.ChangeFacts;
import io.irsuite.triage.domain.ChangeType;
import io.irsuite.triage.domain.DependencyGraph;
import io.irsuite.triage.domain.EvidenceScope;
import io.irsuite.triage.domain.ImpactMetrics;
import io.irsuite.triage.domain.PastIncident;
import io.irsuite.triage.domain.PlannedAction;
import io.irsuite.triage.domain.RootCauseAnalysis;
import io.irsuite.triage.domain.RootCauseAnalyzer;
import io.irsuite.triage.domain.ServiceKind;
import io.irsuite.triage.domain.ServiceNode;
import io.irsuite.triage.domain.Severity;
import io.irsuite.triage.domain.SeverityAssessment;
import io.irsuite.triage.domain.SeverityClassifier;
import io.irsuite.triage.domain.TriageEvidence;
import io.irsuite.triage.domain.Weights;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Replays one scenario through the triage rules exactly as the service would see it at its last alert:
 * the catalog becomes the dependency graph, the changes are placed at their offsets, and the root,
 * symptom and duplicate alerts (noise excluded, as detection's grouping would) become the incident's
 * alerts, a re-sent alert replacing the stored one as detection's deduplication does (figures it omits
 * keep their last value, as the service keeps them).
 */
public final class ScenarioReplay {

    /** The scenario's zero: any fixed instant will do, the rules only compare times. */
    static final Instant ZERO = Instant.parse("2030-01-01T00:00:00Z");
    private static final String INCIDENT = "replayed-incident";

    private final SeverityClassifier classifier;
    private final RootCauseAnalyzer analyzer;
    private final ActionPlanner planner;
    private final Duration changeWindow;

    public ScenarioReplay(SeverityClassifier classifier, RootCauseAnalyzer analyzer, ActionPlanner planner,
                          Duration changeWindow) {
        this.classifier = classifier;
        this.analyzer = analyzer;
        this.planner = planner;
        this.changeWindow = changeWindow;
    }

    /** What triage answered for the scenario. */
    public record Outcome(Scenario scenario, SeverityAssessment severity, RootCauseAnalysis analysis,
                          List<PlannedAction> actions) {
    }

    /** Replays at cold start: no past incidents, no action outcomes. */
    public Outcome replay(Scenario scenario) {
        return replay(scenario, List.of(), ActionOutcomes.none());
    }

    /** Replays with a knowledge base of past incidents and learned action outcomes. */
    public Outcome replay(Scenario scenario, List<PastIncident> history, ActionOutcomes outcomes) {
        TriageEvidence evidence = evidence(scenario, changeWindow, history);
        SeverityAssessment severity = classifier.classify(evidence.alerts().stream().map(AlertFacts::metrics).toList(),
                evidence.alerts().stream().map(AlertFacts::severity).toList());
        RootCauseAnalysis analysis = analyzer.analyze(evidence);
        List<PlannedAction> actions = planner.plan(analysis.rootCause(), outcomes);
        return new Outcome(scenario, severity, analysis, actions);
    }

    /** The same replay with other root-cause weights. */
    public ScenarioReplay withWeights(Weights weights) {
        return new ScenarioReplay(classifier, analyzer.withWeights(weights), planner, changeWindow);
    }

    static TriageEvidence evidence(Scenario scenario, Duration changeWindow, List<PastIncident> history) {
        DependencyGraph graph = DependencyGraph.of(scenario.topology().stream()
                .map(n -> new ServiceNode(n.name(), ServiceKind.fromWire(n.kind()), n.tier() == null ? 2 : n.tier(),
                        n.dependsOn()))
                .toList());

        // Detection keys an alert by its fingerprint (source, service, name, labels): a re-send updates it.
        Map<String, AlertFacts> byKey = new LinkedHashMap<>();
        double lastOffset = 0;
        List<Scenario.ScenarioAlert> incidentAlerts = scenario.alerts().stream()
                .filter(a -> a.alert() != null && !"noise".equalsIgnoreCase(a.role()))
                .sorted(Comparator.comparingDouble(Scenario.ScenarioAlert::offsetSeconds)).toList();
        for (Scenario.ScenarioAlert sa : incidentAlerts) {
            Scenario.Alert a = sa.alert();
            double startsAt = sa.startsAtOffsetSeconds() == null ? sa.offsetSeconds() : sa.startsAtOffsetSeconds();
            String key = a.fingerprint() != null ? a.fingerprint()
                    : a.source() + "|" + a.service() + "|" + a.name() + "|" + new TreeMap<>(
                    a.labels() == null ? Map.<String, String>of() : a.labels());
            AlertFacts previous = byKey.get(key);
            ImpactMetrics figures = previous == null ? metrics(a.metrics()) : previous.metrics().updatedBy(metrics(a.metrics()));
            byKey.put(key, new AlertFacts(INCIDENT, a.service(), a.name(), a.summary(), a.description(),
                    at(startsAt), !"resolved".equalsIgnoreCase(a.status()), figures, a.labels(),
                    Severity.fromHint(a.severity())));
            lastOffset = Math.max(lastOffset, sa.offsetSeconds());
        }
        List<AlertFacts> alerts = new ArrayList<>(byKey.values());
        Instant now = at(lastOffset);
        List<String> services = alerts.stream().map(AlertFacts::service).filter(Objects::nonNull).distinct().toList();

        EvidenceScope scope = EvidenceScope.of(alerts, services, graph, changeWindow, now);
        List<ChangeFacts> changes = scenario.changes().stream()
                .filter(c -> c.type() != null)
                .map(c -> new ChangeFacts(c.service(), ChangeType.fromWire(c.type()), c.version(), c.description(),
                        at(c.offsetSeconds())))
                .filter(scope::covers)
                .toList();
        return new TriageEvidence(alerts, List.of(), services, graph, changes, now, history);
    }

    private static Instant at(double offsetSeconds) {
        return ZERO.plusMillis(Math.round(offsetSeconds * 1000));
    }

    private static ImpactMetrics metrics(Scenario.Metrics m) {
        return m == null ? ImpactMetrics.NONE : new ImpactMetrics(m.errorRate(), m.latencyP95Ms(), m.baselineP95Ms(),
                m.usersAffectedPct(), m.revenueImpactPerHour(), m.slaBreach(), m.dataLoss(), m.securityBreach());
    }
}
