package io.irsuite.triage.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Load victims of a traffic surge and attacks at the edge, on a small hand-made graph (no Quarkus). */
class LoadVictimsAndEdgeSecurityTest {

    private static final Instant T0 = Instant.parse("2030-03-01T08:00:00Z");
    private final RootCauseAnalyzer analyzer = new RootCauseAnalyzer(Duration.ofHours(2));
    private final ActionPlanner planner = new ActionPlanner(ActionThresholds.defaults());

    // portal (entry: nothing calls it) → core → ledger (database); core → kv (cache)
    private static final DependencyGraph GRAPH = DependencyGraph.of(List.of(
            new ServiceNode("portal", ServiceKind.SERVICE, 1, List.of("core")),
            new ServiceNode("core", ServiceKind.SERVICE, 1, List.of("ledger", "kv")),
            new ServiceNode("ledger", ServiceKind.DATABASE, 1, List.of()),
            new ServiceNode("kv", ServiceKind.CACHE, 2, List.of())));

    private static AlertFacts alert(String service, String name, String summary, int offsetSeconds) {
        return alert(service, name, summary, offsetSeconds, Map.of());
    }

    private static AlertFacts alert(String service, String name, String summary, int offsetSeconds,
                                    Map<String, String> labels) {
        return new AlertFacts("inc-1", service, name, summary, summary + " on " + service,
                T0.plusSeconds(offsetSeconds), true, ImpactMetrics.NONE, labels);
    }

    private static final AlertFacts PORTAL_LATENCY = alert("portal", "HighLatency", "p95 latency above SLO", 40);
    private static final AlertFacts CORE_SURGE = alert("core", "HighRequestRate", "Request rate 6x above normal", 0);

    /** One case: alerts (and changes), the acceptable roots, the category, the first action and an evidence phrase. */
    record Case(String name, List<AlertFacts> alerts, List<ChangeFacts> changes, Set<String> roots, Category category,
                Action top, String evidence) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("too many connections on the database under a surging caller",
                        List.of(CORE_SURGE, PORTAL_LATENCY,
                                alert("ledger", "PostgresqlTooManyConnections", "Connections near the limit", 20)),
                        List.of(), Set.of("core"), Category.CAPACITY, Action.SCALE_UP,
                        "the traffic surge on core is the cause and ledger is its victim"),
                new Case("rejected connections on the cache, surge on the entry and its callee",
                        List.of(alert("portal", "TrafficSpike", "Traffic far above normal", -10), CORE_SURGE,
                                alert("kv", "RedisRejectedConnections", "Rejected connections", 15)),
                        List.of(), Set.of("portal", "core"), Category.CAPACITY, Action.SCALE_UP, "victim"),
                new Case("high QPS on the database under a surging caller",
                        List.of(CORE_SURGE, PORTAL_LATENCY, alert("ledger", "MysqlHighQps", "Queries per second high", -30)),
                        List.of(), Set.of("core"), Category.CAPACITY, Action.SCALE_UP, "may be flooding ledger"),
                new Case("broken replication on the database is its own cause, even under a surge",
                        List.of(CORE_SURGE, PORTAL_LATENCY,
                                alert("ledger", "PostgresqlTooManyConnections", "Connections near the limit", 20),
                                alert("ledger", "PostgresReplicationBroken", "Replication stopped", 10)),
                        List.of(), Set.of("ledger"), Category.DATABASE, Action.DATABASE_FAILOVER, "replication"),
                new Case("a full disk on the database is its own cause, even under a surge",
                        List.of(CORE_SURGE, PORTAL_LATENCY,
                                alert("ledger", "MysqlTooManyConnections", "Connections near the limit", 20),
                                alert("ledger", "DiskFull", "Disk full", 5)),
                        List.of(), Set.of("ledger"), Category.RESOURCE_EXHAUSTION, Action.RESTART, "disk"),
                new Case("a lone database with too many connections: database, but scaling before a failover",
                        List.of(PORTAL_LATENCY, alert("core", "HighErrorRate", "5xx above 5%", 30),
                                alert("ledger", "PostgresqlTooManyConnections", "Connections near the limit", 0)),
                        List.of(), Set.of("ledger"), Category.DATABASE, Action.SCALE_UP, "database"),
                new Case("WAF blocks at the entry",
                        List.of(alert("portal", "WafBlockedRequestsHigh", "Blocked requests spiking", 0),
                                alert("portal", "HighErrorRate", "5xx above 5%", 20)),
                        List.of(), Set.of("portal"), Category.SECURITY, Action.TRAFFIC_REDIRECT, "at the edge"),
                new Case("threat counts at the entry",
                        List.of(alert("portal", "ThreatCountHigh", "Threats detected at the edge firewall", 0)),
                        List.of(), Set.of("portal"), Category.SECURITY, Action.TRAFFIC_REDIRECT, "threat"),
                new Case("a connection flood at the entry, with a victim database below",
                        List.of(alert("portal", "TcpSynFlood", "SYN flood: half-open connections piling up", 0),
                                alert("core", "HighRequestRate", "Request rate 9x above normal", 20),
                                alert("ledger", "TooManyConnections", "Too many connections", 30)),
                        List.of(), Set.of("portal"), Category.SECURITY, Action.TRAFFIC_REDIRECT, "flood"),
                new Case("a request rate from few sources at the entry, despite a recent deploy on it",
                        List.of(alert("portal", "HighRequestRate", "Request rate 8x above normal from 3 source IPs", 0)),
                        List.of(new ChangeFacts("portal", ChangeType.DEPLOY, "v7", null, T0.minusSeconds(300))),
                        Set.of("portal"), Category.SECURITY, Action.TRAFFIC_REDIRECT, "3 source ips"),
                new Case("a per-client request-rate alert at the entry",
                        List.of(alert("portal", "RequestRateAbnormal", "Requests per second far above normal", 0,
                                Map.of("client_ip", "203.0.113.7"))),
                        List.of(), Set.of("portal"), Category.SECURITY, Action.TRAFFIC_REDIRECT, "client_ip"),
                new Case("an organic surge at the entry: many sources, no blocks",
                        List.of(alert("portal", "HighRequestRate", "Request rate 8x above normal from 12000 clients", 0),
                                alert("portal", "HighErrorRate", "5xx above 5%", 30)),
                        List.of(), Set.of("portal"), Category.CAPACITY, Action.SCALE_UP, "organic traffic surge"),
                new Case("a caller whose request rate falls is no surge: the surge below it is the cause, not its victim",
                        List.of(alert("portal", "LowRequestRate", "Request rate far below normal", 20), CORE_SURGE),
                        List.of(), Set.of("core"), Category.CAPACITY, Action.SCALE_UP, "core"),
                new Case("few sources deeper in the graph is not an edge attack",
                        List.of(alert("core", "HighRequestRate", "Request rate 8x above normal from 2 sources", 0)),
                        List.of(), Set.of("core"), Category.CAPACITY, Action.SCALE_UP, "core"),
                new Case("an ingress alert marks the edge even where the catalog shows a caller",
                        List.of(alert("core", "IngressRateLimitBlocked", "Rate limit blocked requests from a handful of clients", 0)),
                        List.of(), Set.of("core"), Category.SECURITY, Action.TRAFFIC_REDIRECT, "edge component"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void triagesTheCase(Case c) {
        RootCauseAnalysis result = analyzer.analyze(new TriageEvidence(c.alerts(), List.of(), List.of(), GRAPH,
                c.changes(), T0.plusSeconds(120)));
        RootCauseFinding root = result.rootCause();
        String why = root + "\n" + result.candidates();
        assertTrue(c.roots().contains(root.service()), why);
        assertEquals(c.category(), root.category(), why);
        List<PlannedAction> plan = planner.plan(root);
        assertEquals(c.top(), plan.get(0).action(), plan.toString());
        assertTrue(root.evidence().stream().anyMatch(e -> e.toLowerCase(java.util.Locale.ROOT).contains(c.evidence())),
                c.evidence() + " not in " + root.evidence());
        if (c.category() != Category.DATABASE) {
            assertNotEquals(Action.DATABASE_FAILOVER, plan.get(0).action());
        }
    }

    @Test
    void theVictimSaysWhoseSurgeItSuffers() {
        RootCauseAnalysis result = analyzer.analyze(new TriageEvidence(List.of(CORE_SURGE,
                alert("ledger", "PostgresqlTooManyConnections", "Connections near the limit", 20)), List.of(), List.of(),
                GRAPH, List.of(), T0.plusSeconds(120)));
        CandidateScore ledger = result.candidates().stream().filter(s -> s.service().equals("ledger")).findFirst().orElseThrow();
        assertEquals(1.0, ledger.features().get(Feature.LOAD_VICTIM));
        assertTrue(ledger.score() < result.rootCause().confidence());
    }

    @Test
    void aLoadOnlyDatabaseRootScalesBeforeFailingOverWhateverTheRecord() {
        RootCauseFinding loadOnly = new RootCauseFinding("ledger", Category.DATABASE, 0.8, List.of("e"), null, true);
        assertEquals(List.of(Action.SCALE_UP, Action.DATABASE_FAILOVER),
                planner.plan(loadOnly).stream().map(PlannedAction::action).toList());
        RootCauseFinding ownFault = new RootCauseFinding("ledger", Category.DATABASE, 0.8, List.of("e"), null, false);
        assertEquals(Action.DATABASE_FAILOVER, planner.plan(ownFault).get(0).action());
    }

    @Test
    void connectionLimitWordingIsLoadAndAbuseWordingIsRead() {
        Set<String> names = Set.of("ledger", "portal");
        for (String name : List.of("PostgresqlTooManyConnections", "RedisRejectedConnections", "MysqlHighQps",
                "PgbouncerMaxClientConnections")) {
            AlertText.Reading r = AlertText.read(alert("ledger", name, null, 0), names);
            assertTrue(r.load(), name);
            assertFalse(r.namesOwnFault(), name);
        }
        assertTrue(AlertText.read(alert("ledger", "PostgresReplicationBroken", null, 0), names).namesOwnFault());
        assertTrue(AlertText.read(alert("portal", "SynFloodDetected", null, 0), names).security().isPresent());
        assertTrue(AlertText.read(alert("portal", "ThreatCountHigh", null, 0), names).security().isPresent());
        assertTrue(AlertText.read(alert("portal", "HighRequestRate", "from 4 unique IPs", 0), names).abuse().isPresent());
        assertFalse(AlertText.read(alert("portal", "HighRequestRate", "from 9000 unique IPs", 0), names).abuse().isPresent());
        assertTrue(AlertText.read(alert("portal", "NginxIngressHighRequestRate", null, 0), names).edge());
        assertFalse(AlertText.read(alert("portal", "BadGateway", null, 0), names).edge());
    }
}
