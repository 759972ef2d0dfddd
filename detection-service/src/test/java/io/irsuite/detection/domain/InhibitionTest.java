package io.irsuite.detection.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InhibitionTest {

    /** checkout → api → db; search → db. */
    private static final ServiceGraph GRAPH = new ServiceGraph(Map.of("checkout", List.of("api"), "api", List.of("db"),
            "search", List.of("db"), "db", List.of()));
    private static final UUID INCIDENT = UUID.randomUUID();

    @ParameterizedTest(name = "{0}: cause {1}, symptom {2}")
    @CsvSource({"DatabaseDown,true,false", "database_down,true,false", "KubeNodeNotReady,true,false",
            "TargetDown,true,false", "KubePodCrashLooping,true,false", "PaymentsUnavailable,true,false",
            "HighLatency,false,true", "high_error_rate,false,true", "High5xxRate,false,true", "SLOBurnRate,false,true",
            "RequestTimeouts,false,true", "ServiceDownErrors,true,false", "DiskFull,false,false",
            "CertificateExpiring,false,false", "Downloads,false,false", "node_not_ready,true,false",
            "fail_over_started,true,false", "LinkOffline,true,false", "OOMKilled,true,false"})
    void namesSayCauseOrSymptom(String name, boolean cause, boolean symptom) {
        assertEquals(cause, AlertKinds.causeLike(name), "cause");
        assertEquals(symptom, AlertKinds.symptomLike(name), "symptom");
        if (cause) {
            // the database's prefilter lets every cause through (PostgreSQL's ~* is case-insensitive)
            assertTrue(java.util.regex.Pattern.compile(AlertKinds.CAUSE_PREFILTER, java.util.regex.Pattern.CASE_INSENSITIVE)
                    .matcher(name).find(), "prefilter");
        }
    }

    @Test
    void theDatabaseIndexOfFiringCausesHasTheSamePrefilterAsTheQuery() throws Exception {
        try (var in = getClass().getResourceAsStream("/db/migration/V10__inhibition.sql")) {
            String migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(migration.contains("name ~* '" + AlertKinds.CAUSE_PREFILTER + "'"), migration);
        }
    }

    @Test
    void wordsSplitAtCaseDigitsAndPunctuation() {
        assertEquals(List.of("high", "5xx", "rate"), AlertKinds.words("High5xxRate"));
        assertEquals(List.of("kube", "node", "not", "ready"), AlertKinds.words("KubeNodeNotReady"));
        assertEquals(List.of("database", "down"), AlertKinds.words("database-down"));
    }

    @Test
    void aConfiguredRuleNeedsAFiringSourceAndTheEqualLabels() {
        Inhibition.Rule rule = new Inhibition.Rule("db-down", List.of(Matcher.of("alertname", "DatabaseDown", false, true)),
                List.of(Matcher.of("alertname", "High.*", true, true)), List.of("cluster"));
        Inhibition.Source source = source("fp-db", "db", "DatabaseDown", Map.of("cluster", "eu"));
        Map<String, String> sameCluster = labels("checkout", "HighLatency", Map.of("cluster", "eu"));
        Map<String, String> otherCluster = labels("checkout", "HighLatency", Map.of("cluster", "us"));
        Map<String, String> notATarget = labels("checkout", "DiskFull", Map.of("cluster", "eu"));

        Optional<Inhibition.Match> m = Inhibition.find("fp-x", sameCluster, List.of(source), List.of(rule), Map.of(), GRAPH,
                OptionalInt.empty());
        assertEquals("db-down", m.orElseThrow().rule());
        assertEquals("fp-db (DatabaseDown on db, rule db-down)", m.get().describe());
        assertTrue(Inhibition.find("fp-x", otherCluster, List.of(source), List.of(rule), Map.of(), GRAPH, OptionalInt.empty()).isEmpty());
        assertTrue(Inhibition.find("fp-x", notATarget, List.of(source), List.of(rule), Map.of(), GRAPH, OptionalInt.empty()).isEmpty());
        assertTrue(Inhibition.find("fp-x", sameCluster, List.of(), List.of(rule), Map.of(), GRAPH, OptionalInt.empty()).isEmpty());
        // a label both lack is equal; an alert never inhibits itself
        Inhibition.Rule loose = new Inhibition.Rule("any", rule.source(), List.of(Matcher.of("alertname", ".+", true, true)),
                List.of("zone"));
        assertTrue(Inhibition.find("fp-x", otherCluster, List.of(source), List.of(loose), Map.of(), GRAPH, OptionalInt.empty()).isPresent());
        assertTrue(Inhibition.find("fp-db", labels("db", "DatabaseDown", Map.of()), List.of(source), List.of(loose), Map.of(), GRAPH,
                OptionalInt.empty()).isEmpty());
    }

    @Test
    void theTopologyDefaultInhibitsSymptomsOfDependentsWithinTheHops() {
        List<Inhibition.Source> sources = List.of(source("fp-db", "db", "DatabaseDown", Map.of()));
        OptionalInt twoHops = OptionalInt.of(2);
        assertEquals(Inhibition.TOPOLOGY, Inhibition.find("a", labels("api", "HighLatency", Map.of()), List.of(), List.of(), byService(sources),
                GRAPH, twoHops).orElseThrow().rule());
        assertTrue(Inhibition.find("b", labels("checkout", "HighErrorRate", Map.of()), List.of(), List.of(), byService(sources), GRAPH, twoHops)
                .isPresent(), "two hops up");
        assertTrue(Inhibition.find("b", labels("checkout", "HighErrorRate", Map.of()), List.of(), List.of(), byService(sources), GRAPH,
                OptionalInt.of(1)).isEmpty(), "beyond the hops");
        assertTrue(Inhibition.find("c", labels("db", "HighLatency", Map.of()), List.of(), List.of(), byService(sources), GRAPH, twoHops).isEmpty(),
                "the cause's own service is not its dependent");
        assertTrue(Inhibition.find("d", labels("api", "DiskFull", Map.of()), List.of(), List.of(), byService(sources), GRAPH, twoHops).isEmpty(),
                "not a symptom");
        assertTrue(Inhibition.find("e", labels("api", "HighLatency", Map.of()), List.of(), List.of(), byService(sources), GRAPH,
                OptionalInt.empty()).isEmpty(), "default off");
        List<Inhibition.Source> symptomsOnly = List.of(source("fp-db", "db", "HighLatency", Map.of()));
        assertTrue(Inhibition.find("a", labels("api", "HighLatency", Map.of()), List.of(), List.of(), byService(symptomsOnly), GRAPH, twoHops)
                .isEmpty(), "a symptom is no cause");
    }

    @Test
    void causesGoFirstInABatch() {
        assertTrue(Inhibition.mayInhibit(labels("db", "DatabaseDown", Map.of()), List.of(), true));
        assertFalse(Inhibition.mayInhibit(labels("db", "DatabaseDown", Map.of()), List.of(), false));
        assertFalse(Inhibition.mayInhibit(labels("api", "HighLatency", Map.of()), List.of(), true));
        assertTrue(Inhibition.mayBeInhibited(labels("api", "HighLatency", Map.of()), List.of(), true));
    }

    private static Map<String, Inhibition.Source> byService(List<Inhibition.Source> sources) {
        Map<String, Inhibition.Source> out = new java.util.HashMap<>();
        sources.stream().filter(s -> AlertKinds.causeLike(s.name())).forEach(s -> out.putIfAbsent(s.service(), s));
        return out;
    }

    private static Inhibition.Source source(String fp, String service, String name, Map<String, String> labels) {
        return new Inhibition.Source(fp, service, name, labels(service, name, labels), INCIDENT);
    }

    private static Map<String, String> labels(String service, String name, Map<String, String> labels) {
        return AlertLabels.of(new TreeMap<>(labels), service, name, "prometheus", Severity.SEV2);
    }
}
