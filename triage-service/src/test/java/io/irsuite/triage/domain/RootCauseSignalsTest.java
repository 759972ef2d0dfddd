package io.irsuite.triage.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test (or two) per signal of the root-cause scorer, on small hand-made graphs. */
class RootCauseSignalsTest {

    private static final Instant T0 = Instant.parse("2031-06-01T08:00:00Z");
    private final RootCauseAnalyzer analyzer = new RootCauseAnalyzer(Duration.ofHours(2));

    // edge → app → core → store (database); app → cache (cache); edge → partner (external); lone is unrelated
    private final DependencyGraph graph = DependencyGraph.of(List.of(
            new ServiceNode("edge", ServiceKind.SERVICE, 1, List.of("app", "partner")),
            new ServiceNode("app", ServiceKind.SERVICE, 1, List.of("core", "cache")),
            new ServiceNode("core", ServiceKind.SERVICE, 2, List.of("store")),
            new ServiceNode("store", ServiceKind.DATABASE, 1, List.of()),
            new ServiceNode("cache", ServiceKind.CACHE, 2, List.of()),
            new ServiceNode("partner", ServiceKind.EXTERNAL, 3, List.of()),
            new ServiceNode("lone", ServiceKind.SERVICE, 3, List.of())));

    private static AlertFacts alert(String service, String name, Instant startsAt) {
        return new AlertFacts("i", service, name, null, null, startsAt, true, ImpactMetrics.NONE);
    }

    private static AlertFacts alert(String service, String name, String description, Map<String, String> labels,
                                    Instant startsAt) {
        return new AlertFacts("i", service, name, null, description, startsAt, true, ImpactMetrics.NONE, labels);
    }

    private static ChangeFacts change(String service, ChangeType type, Instant at) {
        return new ChangeFacts(service, type, "v2", null, at);
    }

    private RootCauseAnalysis analyze(List<AlertFacts> alerts, List<ChangeFacts> changes) {
        return analyzer.analyze(new TriageEvidence(alerts, List.of(), List.of(), graph, changes, T0.plusSeconds(300)));
    }

    private static List<String> ranking(RootCauseAnalysis analysis) {
        return analysis.candidates().stream().map(CandidateScore::service).toList();
    }

    // ---- graph position -------------------------------------------------------------------------

    @Test
    void theDeepestUnhealthyServiceWhoseDependenciesAreHealthyWinsAmongSymptoms() {
        // Symptom alerts only, and the callers started *earlier*: the graph still points at core.
        RootCauseAnalysis result = analyze(List.of(
                alert("edge", "HighRequestLatency", T0.minusSeconds(200)),
                alert("app", "Http5xxRateHigh", T0.minusSeconds(100)),
                alert("core", "HighErrorRate", T0)), List.of());
        assertEquals(List.of("core", "app", "edge"), ranking(result));
        RootCauseFinding root = result.rootCause();
        assertTrue(root.evidence().contains("2 alerting services depend on core: app, edge"), root.evidence().toString());
        assertTrue(root.evidence().contains("the dependencies of core are healthy: it is the deepest unhealthy service on its path"),
                root.evidence().toString());
        assertTrue(root.confidence() < 0.9, "no change: below 0.9");
    }

    @Test
    void aServiceThatDependsOnAnAlertingServiceIsMarkedAsAPossibleConsequence() {
        RootCauseAnalysis result = analyze(List.of(alert("app", "HighErrorRate", T0), alert("core", "HighErrorRate", T0)),
                List.of());
        assertEquals("core", result.rootCause().service());
        double app = result.candidates().get(1).score();
        RootCauseAnalysis alone = analyze(List.of(alert("app", "HighErrorRate", T0)), List.of());
        assertTrue(app < alone.rootCause().confidence(), "an alerting dependency lowers app's score");
    }

    @Test
    void aQuietDependencyThatJustChangedBelowASymptomOnlyServiceIsACandidate() {
        RootCauseAnalysis result = analyze(List.of(alert("app", "HighErrorRate", T0)),
                List.of(change("core", ChangeType.DEPLOY, T0.minus(Duration.ofMinutes(3)))));
        assertEquals("core", result.rootCause().service());
        assertEquals(Category.DEPLOY, result.rootCause().category());
        assertTrue(result.rootCause().evidence().contains("core is not alerting, but 1 alerting service depends on core: app"),
                result.rootCause().evidence().toString());
        assertTrue(result.rootCause().evidence().contains("core itself does not alert"));
    }

    @Test
    void aQuietDependencyWithAnOldChangeOrUnderAServiceWithItsOwnCauseDoesNotWin() {
        RootCauseAnalysis old = analyze(List.of(alert("app", "HighErrorRate", T0)),
                List.of(change("core", ChangeType.DEPLOY, T0.minus(Duration.ofMinutes(90)))));
        assertEquals("app", old.rootCause().service());

        RootCauseAnalysis ownCause = analyze(List.of(alert("app", "ContainerOOMKilled", T0), alert("edge", "HighLatency", T0)),
                List.of(change("core", ChangeType.DEPLOY, T0.minus(Duration.ofMinutes(3)))));
        assertEquals("app", ownCause.rootCause().service());
        assertFalse(ranking(ownCause).contains("core"), "app explains itself: no quiet candidate below it");
    }

    // ---- what the alerts say --------------------------------------------------------------------

    @Test
    void aCauseInTheDescriptionCountsAndServiceNamesInTextDoNot() {
        // "db" in a service name means nothing; "disk" in a description does.
        DependencyGraph g = DependencyGraph.of(List.of(
                new ServiceNode("ledger-db-proxy", ServiceKind.SERVICE, 1, List.of()),
                new ServiceNode("worker", ServiceKind.SERVICE, 1, List.of())));
        RootCauseAnalysis result = analyzer.analyze(new TriageEvidence(List.of(
                alert("ledger-db-proxy", "HighErrorRate", "5xx on ledger-db-proxy", Map.of(), T0),
                alert("worker", "NodeAlert", "the disk of worker is 97% full", Map.of(), T0)),
                List.of(), List.of(), g, List.of(), T0));
        assertEquals("worker", result.rootCause().service());
        assertEquals(Category.RESOURCE_EXHAUSTION, result.rootCause().category());
        assertEquals(Category.UNKNOWN, result.candidates().get(1).category());
    }

    @Test
    void labelValuesAreReadButIdentityLabelsAreNot() {
        RootCauseAnalysis reason = analyze(List.of(
                alert("lone", "KubeContainerTerminated", null, Map.of("reason", "OOMKilled"), T0)), List.of());
        assertEquals(Category.RESOURCE_EXHAUSTION, reason.rootCause().category());

        RootCauseAnalysis identity = analyze(List.of(
                alert("lone", "HighErrorRate", null, Map.of("pod", "tls-db-7f9c", "namespace", "dns"), T0)), List.of());
        assertEquals(Category.UNKNOWN, identity.rootCause().category());
    }

    @Test
    void securityAndCertificateWordsNameTheirCategories() {
        assertEquals(Category.SECURITY, analyze(List.of(alert("edge", "WafBlockingSpike", T0)), List.of())
                .rootCause().category());
        assertEquals(Category.CERTIFICATE, analyze(List.of(alert("edge", "SSLCertificateExpired", T0)), List.of())
                .rootCause().category());
    }

    @Test
    void severalAlertsNamingACauseCorroborateIt() {
        RootCauseFinding root = analyze(List.of(alert("core", "CpuUsageHigh", T0), alert("core", "CpuThrottled", T0)),
                List.of()).rootCause();
        assertTrue(root.evidence().contains("2 alerts on core name a cause"), root.evidence().toString());
    }

    // ---- timing ---------------------------------------------------------------------------------

    @Test
    void theAnomalyThatBeganFirstCountsByStartsAtNotByArrival() {
        // Listed in arrival order: lone's alert arrived first but began later.
        RootCauseAnalysis result = analyze(List.of(alert("lone", "HighErrorRate", T0),
                alert("cache", "HighErrorRate", T0.minusSeconds(90))), List.of());
        assertEquals("cache", result.rootCause().service());
        assertTrue(result.rootCause().evidence().contains("cache alerted first, 1 min before the next candidate"),
                result.rootCause().evidence().toString());
    }

    // ---- changes --------------------------------------------------------------------------------

    @Test
    void aChangeOnAnUnrelatedServiceIsNoCandidate() {
        RootCauseAnalysis result = analyze(List.of(alert("core", "HighErrorRate", T0)),
                List.of(change("lone", ChangeType.DEPLOY, T0.minus(Duration.ofMinutes(2)))));
        assertEquals(List.of("core"), ranking(result));
    }

    @Test
    void anOldChangeDoesNotOverrideWhatTheAlertsSay() {
        RootCauseFinding old = analyze(List.of(alert("core", "ContainerOOMKilled", T0)),
                List.of(change("core", ChangeType.CONFIG, T0.minus(Duration.ofMinutes(100))))).rootCause();
        assertEquals(Category.RESOURCE_EXHAUSTION, old.category());
        RootCauseFinding fresh = analyze(List.of(alert("core", "ContainerOOMKilled", T0)),
                List.of(change("core", ChangeType.DEPLOY, T0.minus(Duration.ofMinutes(5))))).rootCause();
        assertEquals(Category.DEPLOY, fresh.category(), "a fresh deploy is the first suspect: roll it back");
        assertTrue(fresh.confidence() >= 0.9);
    }

    // ---- catalog kind ---------------------------------------------------------------------------

    @Test
    void anAlertingDatabaseWithoutCauseWordsIsADatabaseCause() {
        RootCauseAnalysis result = analyze(List.of(alert("store", "PgbouncerWaitingClients", T0),
                alert("core", "HighErrorRate", T0.plusSeconds(60))), List.of());
        assertEquals("store", result.rootCause().service());
        assertEquals(Category.DATABASE, result.rootCause().category());
        assertTrue(result.rootCause().evidence().contains("store is a database in the catalog, which many services share"));
    }

    // ---- load-induced victims -------------------------------------------------------------------

    @Test
    void aDatastoreThatOnlyReportsLoadFromACallerWithItsOwnCauseIsAVictim() {
        RootCauseAnalysis result = analyze(List.of(
                        alert("store", "DbQueryRateHigh", "Query rate far above normal", Map.of(), T0.minusSeconds(120)),
                        alert("core", "ConfigReloadErrors", T0),
                        alert("app", "HighErrorRate", T0)),
                List.of(change("core", ChangeType.CONFIG, T0.minus(Duration.ofMinutes(6)))));
        assertEquals("core", result.rootCause().service());
        assertEquals(Category.CONFIG, result.rootCause().category());
        assertTrue(result.rootCause().evidence().contains("core may be flooding store, which only reports load"),
                result.rootCause().evidence().toString());
        assertTrue(result.rootCause().evidence().contains("the dependencies of core are healthy: it is the deepest unhealthy service on its path"),
                "the victim does not count as an unhealthy dependency");
        double victim = result.candidates().stream().filter(c -> c.service().equals("store")).findFirst().orElseThrow().score();
        assertTrue(victim < 0.2, "the victim keeps little belief: " + victim);
    }

    @Test
    void loadOnANodeWhoseCallersOnlyShowSymptomsIsACapacityCause() {
        RootCauseAnalysis result = analyze(List.of(
                alert("core", "RequestRateSurge", "Request rate 5x above normal", Map.of(), T0),
                alert("app", "HighLatency", T0), alert("edge", "HighErrorRate", T0)), List.of());
        assertEquals("core", result.rootCause().service());
        assertEquals(Category.CAPACITY, result.rootCause().category());
    }

    @Test
    void onlyDatastoresAreLoadVictims() {
        // core is a service: a surge on it is its own capacity problem, even if its caller changed.
        RootCauseAnalysis result = analyze(List.of(
                alert("core", "RequestRateSurge", T0), alert("app", "HighErrorRate", T0)),
                List.of(change("app", ChangeType.CONFIG, T0.minus(Duration.ofMinutes(90)))));
        assertTrue(result.candidates().stream().filter(c -> c.service().equals("core")).findFirst().orElseThrow()
                .score() > 0.3);
    }

    // ---- infra changes ------------------------------------------------------------------------------

    @Test
    void anInfraChangeRaisesItsServiceButNamesNoCategoryAndLiftsNoCap() {
        List<AlertFacts> alerts = List.of(alert("lone", "HighErrorRate", T0), alert("edge", "HighErrorRate", T0));
        RootCauseAnalysis without = analyze(alerts, List.of());
        assertEquals(without.candidates().get(0).score(), without.candidates().get(1).score());

        RootCauseAnalysis with = analyze(alerts, List.of(
                new ChangeFacts("lone", ChangeType.INFRA, null, "node pool upgrade", T0.minus(Duration.ofMinutes(10)))));
        assertEquals("lone", with.rootCause().service());
        assertTrue(with.rootCause().confidence() > with.candidates().get(1).score());
        assertEquals(Category.UNKNOWN, with.rootCause().category(), "an infra change says nothing of the kind of fault");
        assertTrue(with.rootCause().evidence().contains("infra change (node pool upgrade) on lone 10 min before the first alert"),
                with.rootCause().evidence().toString());
        assertEquals(1.0, with.candidates().get(0).features().get(Feature.INFRA_CHANGE), 0.05);
    }

    // ---- similar past incidents ---------------------------------------------------------------------

    @Test
    void aSimilarPastIncidentWithAConfirmedCauseRaisesThatCandidateAndIsListed() {
        List<AlertFacts> alerts = List.of(alert("lone", "HighErrorRate", T0), alert("edge", "HighErrorRate", T0));
        RootCauseAnalysis first = analyze(alerts, List.of());
        PastIncident past = new PastIncident("past-1", first.signature(), "lone", Category.NETWORK,
                "traffic moved to the other zone");
        PastIncident unrelated = new PastIncident("past-2", java.util.Set.of("alert:diskfull", "service:store"), "store",
                Category.RESOURCE_EXHAUSTION, "disk grown");

        RootCauseAnalysis again = analyzer.analyze(new TriageEvidence(alerts, List.of(), List.of(), graph, List.of(),
                T0.plusSeconds(300), List.of(past, unrelated)));
        assertEquals("lone", again.rootCause().service());
        assertEquals(Category.NETWORK, again.rootCause().category(), "the confirmed category of the look-alike");
        assertEquals(1.0, again.similarIncidents().get(0).similarity());
        assertEquals(List.of("past-1"), again.similarIncidents().stream().map(SimilarIncident::incidentId).toList(),
                "only look-alikes are listed");
        assertTrue(again.rootCause().evidence().stream().anyMatch(e -> e.startsWith("incident past-1 looked alike")),
                again.rootCause().evidence().toString());
        assertTrue(again.rootCause().confidence() > first.rootCause().confidence());
    }

    @Test
    void signaturesCompareAlertNamesServicesAndWhatTheTextsSay() {
        java.util.Set<String> a = IncidentSignature.of(List.of(alert("store", "PostgresReplicationLagHigh", T0),
                alert("core", "HighErrorRate", T0)), graph.names());
        java.util.Set<String> b = IncidentSignature.of(List.of(alert("store", "PostgresReplicationLagHigh", T0)),
                graph.names());
        assertTrue(a.contains("reads:database"), a.toString());
        assertTrue(IncidentSignature.similarity(a, b) > 0.3 && IncidentSignature.similarity(a, b) < 1.0);
        assertEquals(1.0, IncidentSignature.similarity(a, a));
        assertEquals(0.0, IncidentSignature.similarity(java.util.Set.of(), java.util.Set.of()));
    }

    // ---- confidence -----------------------------------------------------------------------------

    @Test
    void twoEquallyStrongCandidatesShareTheBelief() {
        RootCauseAnalysis result = analyze(List.of(alert("lone", "ContainerOOMKilled", T0),
                alert("edge", "ContainerOOMKilled", T0)), List.of());
        assertEquals(result.candidates().get(0).score(), result.candidates().get(1).score());
        assertTrue(result.rootCause().confidence() <= 0.5, "confidence " + result.rootCause().confidence());
    }

    @Test
    void strongEvidenceWithoutAChangeStopsBelowTheAutoRemediationLine() {
        RootCauseAnalysis result = analyze(List.of(alert("store", "PostgresReplicationLagHigh", T0.minusSeconds(60)),
                alert("core", "HighErrorRate", T0), alert("app", "HighErrorRate", T0), alert("edge", "HighLatency", T0)),
                List.of());
        assertEquals("store", result.rootCause().service());
        assertEquals(Category.DATABASE, result.rootCause().category());
        assertEquals(RootCauseAnalyzer.CAP_WITHOUT_CHANGE, result.rootCause().confidence());
    }
}
