package io.irsuite.triage.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeverityClassifierTest {

    private final SeverityClassifier classifier = new SeverityClassifier(SeverityThresholds.defaults());

    private static ImpactMetrics errorRate(double v) {
        return new ImpactMetrics(v, null, null, null, null, null, null, null);
    }

    private static ImpactMetrics users(double v) {
        return new ImpactMetrics(null, null, null, v, null, null, null, null);
    }

    private static ImpactMetrics revenue(double v) {
        return new ImpactMetrics(null, null, null, null, v, null, null, null);
    }

    private static ImpactMetrics latency(double p95, double baseline) {
        return new ImpactMetrics(null, p95, baseline, null, null, null, null, null);
    }

    private static ImpactMetrics flags(Boolean sla, Boolean dataLoss, Boolean security) {
        return new ImpactMetrics(0.0, null, null, 0.0, 0.0, sla, dataLoss, security);
    }

    static Stream<Arguments> singleRules() {
        return Stream.of(
                // error rate: strictly above 50 % / 10 % / 1 %
                Arguments.of(errorRate(0.51), Severity.SEV1, "errorRate 51% > 50%"),
                Arguments.of(errorRate(0.50), Severity.SEV2, "errorRate 50% > 10%"),
                Arguments.of(errorRate(0.12), Severity.SEV2, "errorRate 12% > 10%"),
                Arguments.of(errorRate(0.10), Severity.SEV3, "errorRate 10% > 1%"),
                Arguments.of(errorRate(0.011), Severity.SEV3, "errorRate 1.1% > 1%"),
                Arguments.of(errorRate(0.01), Severity.SEV4, "below every SEV3 threshold"),
                Arguments.of(errorRate(0.0), Severity.SEV4, "below every SEV3 threshold"),
                // users affected: a percentage
                Arguments.of(users(50.5), Severity.SEV1, "usersAffectedPct 50.5% > 50%"),
                Arguments.of(users(50), Severity.SEV2, "usersAffectedPct 50% > 10%"),
                Arguments.of(users(12), Severity.SEV2, "usersAffectedPct 12% > 10%"),
                Arguments.of(users(10), Severity.SEV3, "usersAffectedPct 10% > 1%"),
                Arguments.of(users(1.5), Severity.SEV3, "usersAffectedPct 1.5% > 1%"),
                Arguments.of(users(1), Severity.SEV4, "below every SEV3 threshold"),
                // revenue per hour: SEV1 and SEV2 only
                Arguments.of(revenue(10_001), Severity.SEV1, "revenueImpactPerHour $10001 > $10000"),
                Arguments.of(revenue(10_000), Severity.SEV2, "revenueImpactPerHour $10000 > $1000"),
                Arguments.of(revenue(1500), Severity.SEV2, "revenueImpactPerHour $1500 > $1000"),
                Arguments.of(revenue(1000), Severity.SEV4, "below every SEV3 threshold"),
                // latency: p95 strictly above 3x its own baseline
                Arguments.of(latency(1800, 300), Severity.SEV2, "p95 latency 1800ms > 3x baseline 300ms"),
                Arguments.of(latency(901, 300), Severity.SEV2, "p95 latency 901ms > 3x baseline 300ms"),
                Arguments.of(latency(900, 300), Severity.SEV4, "below every SEV3 threshold"),
                Arguments.of(latency(5000, 0), Severity.SEV4, "below every SEV3 threshold"),
                // flags: SEV1 whatever the numbers
                Arguments.of(flags(true, null, null), Severity.SEV1, "slaBreach reported"),
                Arguments.of(flags(null, true, null), Severity.SEV1, "dataLoss reported"),
                Arguments.of(flags(false, false, true), Severity.SEV1, "securityBreach reported"),
                Arguments.of(flags(false, false, false), Severity.SEV4, "below every SEV3 threshold"));
    }

    @ParameterizedTest(name = "{0} → {1} ({2})")
    @MethodSource("singleRules")
    void eachRuleAtAndAroundItsBoundary(ImpactMetrics metrics, Severity expected, String reason) {
        SeverityAssessment result = classifier.classify(List.of(metrics));
        assertEquals(expected, result.severity());
        assertEquals(List.of(reason), result.reasons());
    }

    @Test
    void theWorstValueOfEachKindAcrossAlertsCounts() {
        SeverityAssessment result = classifier.classify(List.of(
                errorRate(0.02), new ImpactMetrics(0.12, 400.0, 100.0, 5.0, null, null, null, null), users(11)));
        assertEquals(Severity.SEV2, result.severity());
        assertEquals(List.of("errorRate 12% > 10%", "usersAffectedPct 11% > 10%", "p95 latency 400ms > 3x baseline 100ms"),
                result.reasons());
    }

    @Test
    void reasonsNameOnlyTheRulesOfTheChosenLevel() {
        SeverityAssessment result = classifier.classify(List.of(
                new ImpactMetrics(0.6, 2000.0, 100.0, 20.0, 500.0, false, true, false)));
        assertEquals(Severity.SEV1, result.severity());
        assertEquals(List.of("errorRate 60% > 50%", "dataLoss reported"), result.reasons());
    }

    @Test
    void latencyAndBaselineComeFromTheSameAlert() {
        // 1000/200 is 5x; 1500/600 is 2.5x: the worst ratio wins, not the worst p95 over the best baseline.
        SeverityAssessment result = classifier.classify(List.of(latency(1000, 200), latency(1500, 600)));
        assertEquals(List.of("p95 latency 1000ms > 3x baseline 200ms"), result.reasons());
        assertEquals(Severity.SEV4, classifier.classify(List.of(latency(500, 200), latency(1500, 600))).severity());
    }

    @Test
    void noMetricsAtAllIsSev4() {
        assertEquals(Severity.SEV4, classifier.classify(List.of()).severity());
        assertEquals(Severity.SEV4, classifier.classify(List.of(ImpactMetrics.NONE)).severity());
    }

    @Test
    void thresholdsComeFromConfiguration() {
        SeverityThresholds strict = new SeverityThresholds(0.2, 50, 10_000, 0.05, 10, 2, 1_000, 0.001, 1);
        SeverityAssessment result = new SeverityClassifier(strict).classify(List.of(errorRate(0.06), latency(700, 300)));
        assertEquals(Severity.SEV2, result.severity());
        assertEquals(List.of("errorRate 6% > 5%", "p95 latency 700ms > 2x baseline 300ms"), result.reasons());
    }

    @Test
    void reclassificationSaysHowTheLevelMoved() {
        SeverityClassifier c = new SeverityClassifier(SeverityThresholds.defaults());
        ImpactMetrics high = new ImpactMetrics(0.6, null, null, null, null, null, null, null);
        ImpactMetrics low = new ImpactMetrics(0.03, null, null, null, null, null, null, null);
        assertEquals(c.classify(List.of(high)), c.reclassify(null, List.of(high), List.of()));
        assertEquals(c.classify(List.of(high)), c.reclassify(Severity.SEV1, List.of(high), List.of()));
        assertEquals("raised from SEV3", c.reclassify(Severity.SEV3, List.of(high), List.of()).reasons().get(0));
        SeverityAssessment fell = c.reclassify(Severity.SEV1, List.of(low), List.of());
        assertEquals(Severity.SEV3, fell.severity());
        assertEquals("lowered from SEV1: the alerts now report lower figures", fell.reasons().get(0));
    }

    @Test
    void aReportThatOmitsAFigureKeepsItsLastValue() {
        ImpactMetrics first = new ImpactMetrics(0.25, 900.0, 300.0, 12.0, null, true, null, null);
        ImpactMetrics update = new ImpactMetrics(0.05, null, null, null, 100.0, null, null, null);
        assertEquals(new ImpactMetrics(0.05, 900.0, 300.0, 12.0, 100.0, true, null, null), first.updatedBy(update));
        assertEquals(first, first.updatedBy(ImpactMetrics.NONE));
        assertEquals(first, first.updatedBy(null));
    }

    @Test
    void withoutAnyFigureTheAlertSourcesOwnLevelStands() {
        SeverityClassifier c = new SeverityClassifier(SeverityThresholds.defaults());
        SeverityAssessment given = c.classify(List.of(ImpactMetrics.NONE, ImpactMetrics.NONE),
                java.util.Arrays.asList(Severity.SEV3, Severity.SEV1, null));
        assertEquals(Severity.SEV1, given.severity());
        assertEquals(List.of("no alert reports impact figures; the highest level their sources gave is SEV1"),
                given.reasons());
        assertEquals(Severity.SEV4, c.classify(List.of(ImpactMetrics.NONE), List.of()).severity(),
                "no figure and no level: the floor");

        // one figure is evidence: the figures decide, and a fall from the source's level says so
        ImpactMetrics small = new ImpactMetrics(0.02, null, null, null, null, null, null, null);
        assertEquals(Severity.SEV3, c.classify(List.of(ImpactMetrics.NONE, small), List.of(Severity.SEV1)).severity());
        assertEquals("lowered from SEV1: the alerts now report lower figures",
                c.reclassify(Severity.SEV1, List.of(ImpactMetrics.NONE, small), List.of(Severity.SEV1)).reasons().get(0));
    }
}
