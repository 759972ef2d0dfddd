package io.irsuite.triage.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RootCauseAnalyzerTest {

    private static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");
    private final RootCauseAnalyzer analyzer = new RootCauseAnalyzer(Duration.ofHours(2));

    // front → mid → store (database); front → vendor (external); other is unrelated
    private final DependencyGraph graph = DependencyGraph.of(List.of(
            new ServiceNode("front", ServiceKind.SERVICE, 1, List.of("mid", "vendor")),
            new ServiceNode("mid", ServiceKind.SERVICE, 1, List.of("store")),
            new ServiceNode("store", ServiceKind.DATABASE, 1, List.of()),
            new ServiceNode("vendor", ServiceKind.EXTERNAL, 2, List.of()),
            new ServiceNode("other", ServiceKind.SERVICE, 3, List.of())));

    private static AlertFacts alert(String service, String name, Instant startsAt) {
        return new AlertFacts("inc-1", service, name, null, null, startsAt, true, ImpactMetrics.NONE);
    }

    private static AlertFacts elsewhere(String service, String name, Instant startsAt) {
        return new AlertFacts("inc-2", service, name, null, null, startsAt, true, ImpactMetrics.NONE);
    }

    private static ChangeFacts change(String service, ChangeType type, String version, Instant at) {
        return new ChangeFacts(service, type, version, null, at);
    }

    private RootCauseAnalysis analyze(List<AlertFacts> alerts, List<AlertFacts> related, List<ChangeFacts> changes) {
        return analyzer.analyze(new TriageEvidence(alerts, related, List.of(), graph, changes, T0.plusSeconds(120)));
    }

    @Test
    void aRecentDeployOnTheAlertingServiceIsTheRootCauseWithHighConfidence() {
        RootCauseAnalysis result = analyze(List.of(alert("mid", "HighErrorRate", T0)), List.of(),
                List.of(change("mid", ChangeType.DEPLOY, "v1.2.3", T0.minus(Duration.ofMinutes(7)))));
        RootCauseFinding root = result.rootCause();
        assertEquals("mid", root.service());
        assertEquals(Category.DEPLOY, root.category());
        assertEquals(ChangeType.DEPLOY, root.changeType());
        assertTrue(root.confidence() >= 0.9, "confidence " + root.confidence());
        assertEquals("deploy v1.2.3 on mid 7 min before the first alert", root.evidence().get(0));
        assertTrue(root.evidence().contains("mid is alerting: HighErrorRate"), root.evidence().toString());
    }

    @Test
    void aCloserChangeIsStrongerThanAnOlderOne() {
        RootCauseAnalysis result = analyze(
                List.of(alert("mid", "ErrorsUp", T0), alert("other", "ErrorsUp", T0)), List.of(),
                List.of(change("mid", ChangeType.DEPLOY, "v2", T0.minus(Duration.ofMinutes(100))),
                        change("other", ChangeType.DEPLOY, "v9", T0.minus(Duration.ofMinutes(5)))));
        assertEquals("other", result.rootCause().service());
        assertTrue(result.candidates().get(0).score() > result.candidates().get(1).score());
        // Two unrelated services, each with its own change, share the belief: neither is a sure root cause.
        assertTrue(result.candidates().get(1).score() >= 0.2, "an older change still explains its service");
        assertTrue(result.rootCause().confidence() < 0.9, "a competing explanation keeps it below auto-remediation");
    }

    @Test
    void changesOutsideTheWindowAfterTheAlertOrOfTypeInfraAreNotSuspects() {
        for (ChangeFacts ignored : List.of(
                change("mid", ChangeType.DEPLOY, "old", T0.minus(Duration.ofMinutes(121))),
                change("mid", ChangeType.DEPLOY, "late", T0.plusSeconds(60)),
                change("mid", ChangeType.INFRA, "node-pool", T0.minus(Duration.ofMinutes(3))))) {
            RootCauseAnalysis result = analyze(List.of(alert("mid", "HighErrorRate", T0)), List.of(), List.of(ignored));
            assertEquals(Category.UNKNOWN, result.rootCause().category(), ignored.toString());
            assertTrue(result.rootCause().confidence() < 0.9, ignored.toString());
        }
    }

    @Test
    void featureFlagAndConfigChangesAreConfigCauses() {
        RootCauseFinding flag = analyze(List.of(alert("mid", "ErrorsUp", T0)), List.of(),
                List.of(change("mid", ChangeType.FEATURE_FLAG, "new-checkout-flow", T0.minus(Duration.ofMinutes(2)))))
                .rootCause();
        assertEquals(Category.CONFIG, flag.category());
        assertEquals(ChangeType.FEATURE_FLAG, flag.changeType());
        assertEquals("feature_flag new-checkout-flow on mid 2 min before the first alert", flag.evidence().get(0));

        RootCauseFinding config = analyze(List.of(alert("mid", "ErrorsUp", T0)), List.of(),
                List.of(change("mid", ChangeType.CONFIG, null, T0.minus(Duration.ofSeconds(30))))).rootCause();
        assertEquals(Category.CONFIG, config.category());
        assertEquals("config on mid 30 s before the first alert", config.evidence().get(0));
    }

    @Test
    void anAlertingDependencyInAnotherIncidentIsACandidateAndCanWin() {
        RootCauseAnalysis result = analyze(
                List.of(alert("front", "HighLatency", T0)),
                List.of(elsewhere("store", "ReplicationLagHigh", T0.minus(Duration.ofMinutes(4))),
                        elsewhere("other", "DiskFull", T0.minus(Duration.ofMinutes(9)))),
                List.of());
        RootCauseFinding root = result.rootCause();
        assertEquals("store", root.service());
        assertEquals(Category.DATABASE, root.category());
        assertTrue(root.evidence().contains("store is alerting in another incident: ReplicationLagHigh"), root.evidence().toString());
        assertTrue(root.evidence().contains("1 alerting service depends on store: front"), root.evidence().toString());
        assertTrue(root.evidence().contains("store alerted first, 4 min before the next candidate"), root.evidence().toString());
        assertTrue(root.confidence() < 0.9, "without a change the confidence stays below 0.9");
        assertEquals(List.of("store", "front"), result.candidates().stream().map(CandidateScore::service).toList(),
                "an unrelated service alerting elsewhere is not a candidate");
        assertEquals(Category.UNKNOWN, result.candidates().get(1).category());
    }

    @Test
    void resolvedAlertsElsewhereDoNotCount() {
        AlertFacts resolved = new AlertFacts("inc-2", "store", "ReplicationLagHigh", null, null, T0, false, ImpactMetrics.NONE);
        RootCauseAnalysis result = analyze(List.of(alert("front", "HighLatency", T0)), List.of(resolved), List.of());
        assertEquals(List.of("front"), result.candidates().stream().map(CandidateScore::service).toList());
    }

    @Test
    void anExternalDependencyIsAnExternalCause() {
        RootCauseAnalysis result = analyze(List.of(alert("front", "HighErrorRate", T0),
                alert("vendor", "ApiErrors", T0)), List.of(), List.of());
        assertEquals("vendor", result.rootCause().service());
        assertEquals(Category.EXTERNAL, result.rootCause().category());
        assertTrue(result.rootCause().evidence().contains("vendor is an external dependency in the catalog"));
    }

    @Test
    void causeTextBeatsSymptomText() {
        RootCauseAnalysis result = analyze(List.of(alert("front", "HighErrorRate", T0),
                alert("other", "ContainerOOMKilled", T0)), List.of(), List.of());
        assertEquals("other", result.rootCause().service());
        assertEquals(Category.RESOURCE_EXHAUSTION, result.rootCause().category());
        assertEquals("alert ContainerOOMKilled on other points to resource_exhaustion ('oom')",
                result.rootCause().evidence().get(0));
    }

    @Test
    void securityBreachReportedIsASecurityCause() {
        AlertFacts breach = new AlertFacts("inc-1", "mid", "OddLogins", null, null, T0, true,
                new ImpactMetrics(null, null, null, null, null, null, null, true));
        assertEquals(Category.SECURITY, analyze(List.of(breach), List.of(), List.of()).rootCause().category());
    }

    @Test
    void withoutAnySignalTheCauseIsUnknown() {
        RootCauseFinding root = analyze(List.of(alert("other", "SomethingOdd", T0)), List.of(), List.of()).rootCause();
        assertEquals("other", root.service());
        assertEquals(Category.UNKNOWN, root.category());
        assertTrue(root.confidence() < 0.5, "one alert that names nothing is a weak finding: " + root.confidence());
    }

    @Test
    void blastRadiusIsTheRootThenEveryTransitiveDependentSorted() {
        RootCauseAnalysis result = analyze(List.of(alert("store", "DatabaseDown", T0),
                new AlertFacts("inc-1", "front", "HighErrorRate", null, null, T0, true,
                        new ImpactMetrics(0.2, null, null, 22.0, 4000.0, null, null, null))), List.of(), List.of());
        BlastRadius blast = result.blastRadius();
        assertEquals(List.of("store", "front", "mid"), blast.services());
        assertEquals(List.of(new BlastRadius.Impact("store", 1, "database", true),
                new BlastRadius.Impact("front", 1, "service", true), new BlastRadius.Impact("mid", 1, "service", false)),
                blast.impact());
        assertEquals(java.util.Map.of("1", 3), blast.byTier());
        assertEquals(22.0, blast.usersAffectedPct());
        assertEquals("3 services, 3 of them tier 1; up to 22% of users affected, 4000 revenue per hour at risk",
                blast.summary());
    }

    @Test
    void simultaneousAlertsGiveNoEarliestSignal() {
        RootCauseAnalysis result = analyze(List.of(alert("front", "X", T0), alert("other", "Y", T0)), List.of(), List.of());
        assertFalse(result.rootCause().evidence().stream().anyMatch(e -> e.contains("alerted first")));
    }

    @Test
    void theScoreIsCappedBelowOne() {
        RootCauseAnalysis result = analyze(
                List.of(alert("front", "HighLatency", T0), alert("mid", "UpstreamErrors", T0),
                        alert("store", "DatabaseDeadlocks", T0.minusSeconds(600))),
                List.of(), List.of(change("store", ChangeType.CONFIG, "pool-size", T0.minusSeconds(660))));
        assertEquals("store", result.rootCause().service());
        assertEquals(0.99, result.rootCause().confidence());
    }

    @Test
    void anIncidentWithoutAlertsFallsBackToItsServices() {
        RootCauseAnalysis result = analyzer.analyze(new TriageEvidence(List.of(), List.of(), List.of("mid"), graph,
                List.of(change("mid", ChangeType.DEPLOY, "v3", T0)), T0.plusSeconds(60)));
        assertEquals("mid", result.rootCause().service());
        assertEquals(Category.DEPLOY, result.rootCause().category());

        RootCauseAnalysis nothing = analyzer.analyze(new TriageEvidence(List.of(), List.of(), List.of(), graph,
                List.of(), T0));
        assertNull(nothing.rootCause().service());
        assertEquals(List.of(), nothing.candidates());
        assertEquals(List.of(), nothing.blastRadius().services());
    }

    private static AlertFacts on(String service, String name, Instant startsAt, java.util.Map<String, String> labels) {
        return new AlertFacts("inc-1", service, name, "Too many connections", null, startsAt, true, ImpactMetrics.NONE, labels);
    }

    @Test
    void instancesOfOneAlertAreWeighedOnceAndCountedAll() {
        // the same rule on three pods of store, the earliest 4 min before mid's alert; and one with a reason of its own
        List<AlertFacts> alerts = List.of(
                on("store", "PostgresConnectionsExhausted", T0.plusSeconds(30), java.util.Map.of("pod", "store-2")),
                on("store", "PostgresConnectionsExhausted", T0, java.util.Map.of("pod", "store-1")),
                on("store", "PostgresConnectionsExhausted", T0.plusSeconds(60), java.util.Map.of("pod", "store-3")),
                on("store", "PostgresConnectionsExhausted", T0.plusSeconds(90), java.util.Map.of("pod", "store-4", "reason", "replica")),
                alert("mid", "HighErrorRate", T0.plusSeconds(240)));
        java.util.Map<AlertFacts, Integer> instances = new java.util.IdentityHashMap<>();
        List<AlertFacts> distinct = RootCauseAnalyzer.distinct(alerts, instances);
        assertEquals(List.of(alerts.get(1), alerts.get(3), alerts.get(4)), distinct, "the earliest of each kind, in order met");
        assertEquals(3, instances.get(alerts.get(1)));
        assertEquals(1, instances.get(alerts.get(3)));

        RootCauseFinding root = analyze(alerts, List.of(), List.of()).rootCause();
        assertEquals("store", root.service());
        assertEquals(Category.DATABASE, root.category());
        assertTrue(root.evidence().contains("4 alerts on store name a cause"), root.evidence().toString());
        assertTrue(root.evidence().contains("store alerted first, 4 min before the next candidate"), root.evidence().toString());

        // one pod alone names the cause without corroboration: the count is of instances, not of kinds
        RootCauseFinding single = analyze(List.of(alerts.get(1), alerts.get(4)), List.of(), List.of()).rootCause();
        assertFalse(single.evidence().stream().anyMatch(e -> e.contains("name a cause")), single.evidence().toString());
    }

    @Test
    void alertsOnOtherServicesOrWithOtherFlagsAreNotInstancesOfEachOther() {
        AlertFacts a = on("store", "DiskFull", T0, java.util.Map.of("instance", "10.0.0.1"));
        AlertFacts otherService = on("mid", "DiskFull", T0, java.util.Map.of("instance", "10.0.0.1"));
        AlertFacts resolved = new AlertFacts("inc-1", "store", "DiskFull", "Too many connections", null, T0, false,
                ImpactMetrics.NONE, java.util.Map.of("instance", "10.0.0.2"));
        AlertFacts breach = new AlertFacts("inc-1", "store", "DiskFull", "Too many connections", null, T0, true,
                new ImpactMetrics(null, null, null, null, null, null, null, true), java.util.Map.of("instance", "10.0.0.3"));
        java.util.Map<AlertFacts, Integer> instances = new java.util.IdentityHashMap<>();
        assertEquals(4, RootCauseAnalyzer.distinct(List.of(a, otherService, resolved, breach), instances).size());
    }

    @Test
    void aServiceTheCatalogKnowsIsNoDatastoreIsNotGivenTheDatabaseCategory() {
        // "query" is a database word; on mid (a service in the catalog) it names a component, not mid's own fault
        AlertFacts queryErrors = alert("mid", "QueryFrontendErrorsHigh", T0);
        RootCauseFinding onService = analyze(List.of(queryErrors), List.of(), List.of()).rootCause();
        assertEquals("mid", onService.service());
        assertEquals(Category.UNKNOWN, onService.category());
        assertTrue(onService.evidence().contains("its alerts read as a database fault, but mid is a service in the catalog, "
                + "not a datastore: its category comes from its other signals"), onService.evidence().toString());
        assertFalse(new ActionPlanner(ActionThresholds.defaults()).plan(onService).stream()
                .anyMatch(a -> a.action() == Action.DATABASE_FAILOVER), "no failover for a service that is no datastore");

        // another signal of its own names the category instead
        RootCauseFinding withDisk = analyze(List.of(queryErrors, alert("mid", "DiskFull", T0.plusSeconds(10))), List.of(),
                List.of()).rootCause();
        assertEquals(Category.RESOURCE_EXHAUSTION, withDisk.category());

        // a datastore, and a service the catalog does not know, keep it
        assertEquals(Category.DATABASE, analyze(List.of(alert("store", "QueryFrontendErrorsHigh", T0)), List.of(), List.of())
                .rootCause().category());
        assertEquals(Category.DATABASE, analyze(List.of(alert("unlisted", "QueryFrontendErrorsHigh", T0)), List.of(), List.of())
                .rootCause().category());
    }
}
