package io.irsuite.detection.domain;

import io.irsuite.detection.domain.GroupingRules.Candidate;
import io.irsuite.detection.domain.GroupingRules.Decision;
import io.irsuite.detection.domain.GroupingRules.Evidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which open incident an alert joins, which it merges, and why. */
class GroupingRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    /**
     * gateway → frontend → {checkout, search}; checkout → {payments, cart}; search → index;
     * payments → payments-db; cart → cache; reports → payments-db.
     */
    private static final ServiceGraph SHOP = new ServiceGraph(Map.of(
            "gateway", List.of("frontend"),
            "frontend", List.of("checkout", "search"),
            "checkout", List.of("payments", "cart"),
            "search", List.of("index"),
            "payments", List.of("payments-db"),
            "cart", List.of("cache"),
            "reports", List.of("payments-db"),
            "payments-db", List.of(), "cache", List.of(), "index", List.of()));

    @Test
    void nothingOpenOpensAnIncident() {
        Decision d = GroupingRules.decide(SHOP, "checkout", Evidence.IMPACT, List.of(), 2);
        assertTrue(d.opensIncident());
        assertEquals("no open incident is related to checkout within 2 hops", d.reason());
    }

    @Test
    void sameServiceJoinsAtZeroHops() {
        Candidate c = incident(0, Evidence.INFO, "checkout");
        Decision d = GroupingRules.decide(SHOP, "checkout", Evidence.IMPACT, List.of(c), 2);
        assertEquals(c.id(), d.target().incident().id());
        assertEquals("same service checkout (0 hops)", d.reason());
    }

    @Test
    void callerJoinsAsASymptomOfAnImpactfulIncident() {
        Candidate db = incident(0, Evidence.IMPACT, "payments-db");
        Decision d = GroupingRules.decide(SHOP, "checkout", Evidence.IMPACT, List.of(db), 2);
        assertEquals(db.id(), d.target().incident().id());
        assertEquals("checkout depends on payments-db (2 hops)", d.reason());
        assertTrue(GroupingRules.decide(SHOP, "frontend", Evidence.IMPACT, List.of(db), 2).opensIncident(), "3 hops is beyond the limit");
    }

    @Test
    void deeperCauseJoinsTheIncidentOfItsCallers() {
        Candidate symptoms = incident(0, Evidence.INFO, "frontend", "checkout");
        Decision d = GroupingRules.decide(SHOP, "payments", Evidence.IMPACT, List.of(symptoms), 2);
        assertEquals(symptoms.id(), d.target().incident().id());
        assertEquals(GroupingRules.Kind.CAUSE, d.target().kind());
        assertEquals("checkout depends on payments (1 hop)", d.reason());
    }

    @Test
    void aDependencyOfASymptomThatIsNotBelowTheCauseIsASibling() {
        // payments-db is the cause, checkout a symptom; cart is a dependency of checkout only
        Candidate failure = incident(0, Evidence.IMPACT, "payments-db", "payments", "checkout");
        Decision d = GroupingRules.decide(SHOP, "cart", Evidence.IMPACT, List.of(failure), 2);
        assertTrue(d.opensIncident(), d.reason());
    }

    @Test
    void sharedCauseMergesTheIncidentsOfBothBranchesIntoTheOldest() {
        Candidate viaPayments = incident(60, Evidence.IMPACT, "payments");
        Candidate viaReports = incident(30, Evidence.WARNING, "reports");
        Candidate unrelated = incident(0, Evidence.IMPACT, "index");
        Decision d = GroupingRules.decide(SHOP, "payments-db", Evidence.IMPACT, List.of(viaPayments, viaReports, unrelated), 2);
        assertEquals(viaReports.id(), d.target().incident().id(), "the oldest survives");
        assertEquals(List.of(viaPayments.id()), d.merged().stream().map(l -> l.incident().id()).toList());
        assertEquals("reports depends on payments-db (1 hop); merged incident " + viaPayments.id()
                + " (payments depends on payments-db (1 hop))", d.reason());
    }

    @Test
    void aCallerOfTwoFailuresJoinsOneAndMergesNothing() {
        Candidate old = incident(0, Evidence.IMPACT, "cart");
        Candidate recent = incident(120, Evidence.IMPACT, "payments");
        Decision d = GroupingRules.decide(SHOP, "checkout", Evidence.IMPACT, List.of(old, recent), 2);
        assertTrue(d.merged().isEmpty());
        // both are 1 hop and one service: the most recently detected failure explains a new symptom best
        assertEquals(recent.id(), d.target().incident().id());
    }

    @Test
    void symptomPrefersFewerHopsThenMoreRelatedServices() {
        Candidate far = incident(100, Evidence.IMPACT, "payments-db");
        Candidate near = incident(0, Evidence.IMPACT, "cart");
        assertEquals(near.id(), GroupingRules.decide(SHOP, "checkout", Evidence.IMPACT, List.of(far, near), 2).target().incident().id());
        Candidate wide = incident(0, Evidence.IMPACT, "search", "checkout");
        Candidate narrow = incident(100, Evidence.IMPACT, "checkout2");
        Candidate one = incident(200, Evidence.IMPACT, "search");
        assertEquals(wide.id(), GroupingRules.decide(SHOP, "frontend", Evidence.IMPACT, List.of(one, wide, narrow), 2)
                .target().incident().id());
    }

    /** evidence of the incident, hops from the caller, whether the caller joins */
    @ParameterizedTest
    @CsvSource({"IMPACT,1,true", "IMPACT,2,true", "WARNING,1,true", "WARNING,2,false", "INFO,1,false", "INFO,2,false"})
    void weakEvidenceReachesFewerCallers(Evidence evidence, int hops, boolean joins) {
        Candidate c = incident(0, evidence, "payments-db");
        String caller = hops == 1 ? "payments" : "checkout";
        assertEquals(joins, !GroupingRules.decide(SHOP, caller, Evidence.IMPACT, List.of(c), 2).opensIncident());
    }

    @Test
    void aPurelyInformationalAlertIsNoCause() {
        Candidate symptoms = incident(0, Evidence.IMPACT, "checkout");
        assertTrue(GroupingRules.decide(SHOP, "payments", Evidence.INFO, List.of(symptoms), 2).opensIncident());
        assertEquals(symptoms.id(), GroupingRules.decide(SHOP, "payments", Evidence.WARNING, List.of(symptoms), 2)
                .target().incident().id());
        // it still joins its own service's incident, and as a symptom of an impactful one
        Candidate db = incident(0, Evidence.IMPACT, "payments-db");
        assertEquals(db.id(), GroupingRules.decide(SHOP, "payments", Evidence.INFO, List.of(db), 2)
                .target().incident().id());
        Candidate own = incident(0, Evidence.INFO, "payments");
        assertEquals(own.id(), GroupingRules.decide(SHOP, "payments", Evidence.INFO, List.of(own), 2)
                .target().incident().id());
    }

    @Test
    void deeperCauseJoinsEvenAPurelyInformationalIncident() {
        Candidate info = incident(0, Evidence.INFO, "checkout");
        assertEquals(info.id(), GroupingRules.decide(SHOP, "payments-db", Evidence.IMPACT, List.of(info), 2).target().incident().id());
    }

    @Test
    void unknownServiceGroupsOnlyWithItself() {
        Candidate everything = incident(0, Evidence.IMPACT, "gateway", "frontend", "checkout", "payments-db");
        Decision d = GroupingRules.decide(SHOP, "mystery", Evidence.IMPACT, List.of(everything), 2);
        assertTrue(d.opensIncident());
        assertEquals("mystery is not in the service catalog and no open incident has it", d.reason());
        Candidate mine = incident(0, Evidence.INFO, "mystery");
        assertEquals(mine.id(), GroupingRules.decide(SHOP, "mystery", Evidence.IMPACT, List.of(everything, mine), 2)
                .target().incident().id());
    }

    @Test
    void zeroHopsIsSameServiceOnly() {
        Candidate c = incident(0, Evidence.IMPACT, "payments");
        assertTrue(GroupingRules.decide(SHOP, "payments-db", Evidence.IMPACT, List.of(c), 0).opensIncident());
        assertTrue(GroupingRules.decide(SHOP, "checkout", Evidence.IMPACT, List.of(c), 0).opensIncident());
    }

    /** severity, errorRate, usersAffectedPct, latencyP95Ms, baselineP95Ms, slaBreach, expected */
    @ParameterizedTest
    @CsvSource({
            "SEV1,,,,,,IMPACT", "SEV2,,,,,,IMPACT", "SEV3,,,,,,WARNING", "SEV4,,,,,,INFO",
            "SEV4,0.02,,,,,IMPACT", "SEV4,0.004,0,,,,INFO", "SEV3,,0.3,,,,IMPACT",
            "SEV3,,,900,300,,IMPACT", "SEV3,,,400,300,,WARNING", "SEV4,,,,,true,IMPACT"})
    void evidenceOfAnAlert(Severity severity, Double errorRate, Double users, Double p95, Double baseline,
                           Boolean sla, Evidence expected) {
        assertEquals(expected, Evidence.of(severity, errorRate, users, p95, baseline, sla, null, null));
    }

    @Test
    void strongestEvidenceWins() {
        assertEquals(Evidence.IMPACT, Evidence.INFO.max(Evidence.IMPACT));
        assertEquals(Evidence.WARNING, Evidence.WARNING.max(Evidence.INFO));
        assertEquals(Evidence.INFO, Evidence.INFO.max(null));
    }

    private static Candidate incident(int startedSecondsAfterT0, Evidence evidence, String... services) {
        Instant started = T0.plusSeconds(startedSecondsAfterT0);
        return new Candidate(UUID.randomUUID(), started, started.plusSeconds(30), Set.of(services), evidence);
    }
}
