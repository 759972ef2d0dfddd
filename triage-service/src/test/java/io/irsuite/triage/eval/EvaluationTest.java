package io.irsuite.triage.eval;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression test of the triage rules: replays the 13 public sample scenarios (a copy of
 * {@code shared/scenarios} in the test resources) and fails the build when a figure drops below its target.
 */
class EvaluationTest {

    private static Path dir;
    private static Evaluation evaluation;

    @BeforeAll
    static void replay() throws IOException, URISyntaxException {
        dir = Path.of(EvaluationTest.class.getResource("/scenarios").toURI());
        List<Scenario> scenarios = Evaluate.load(dir);
        assertEquals(13, scenarios.size());
        evaluation = Evaluate.evaluate(scenarios);
    }

    @Test
    void meetsTheTargetsOnTheSamples() {
        Evaluation.Rates overall = evaluation.overall();
        String report = evaluation.report();
        assertEquals(13, overall.count());
        assertTrue(overall.ac1() >= 0.9, "AC@1 " + overall.ac1() + "\n" + report);
        assertTrue(overall.ac3() >= overall.ac1(), report);
        assertTrue(overall.category() >= 0.9, "category " + overall.category() + "\n" + report);
        assertTrue(overall.severity() >= 0.95, "severity " + overall.severity() + "\n" + report);
        assertTrue(overall.action() >= 0.9, "top action " + overall.action() + "\n" + report);
    }

    @Test
    void confidenceIsHigherWhenRightAndOnlyChangeBackedFindingsReachNinety() {
        for (Evaluation.Scored s : evaluation.scored()) {
            double confidence = s.confidence();
            assertTrue(confidence > 0 && confidence <= 0.99, s.id() + " " + confidence);
            if (confidence >= 0.9) {
                assertTrue(s.outcome().analysis().rootCause().changeType() != null
                        || s.outcome().analysis().rootCause().evidence().stream().anyMatch(e -> e.contains(" before the first alert")),
                        s.id() + ": only a recent change reaches 0.9");
            }
        }
        assertTrue(evaluation.brier() < 0.1, "Brier " + evaluation.brier());
    }

    @Test
    void theLoadInducedVictimIsNotTheRootCause() {
        Evaluation.Scored s09 = evaluation.scored().stream()
                .filter(s -> !s.outcome().scenario().truth().victims().isEmpty()).findFirst().orElseThrow();
        String victim = s09.outcome().scenario().truth().victims().get(0);
        assertEquals(s09.outcome().scenario().truth().rootService(), s09.outcome().analysis().rootCause().service());
        assertTrue(s09.outcome().analysis().rootCause().evidence().stream().anyMatch(e -> e.contains("flooding " + victim)),
                s09.outcome().analysis().rootCause().evidence().toString());
    }

    @Test
    void reportsEveryFigureOverallPerFaultKindAndTheCalibrationTable() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Evaluate.run(Evaluate.Options.parse(new String[]{dir.toString()}), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        for (String expected : List.of("AC@1", "AC@3", "category", "severity", "top action", "overall", "bad_deploy",
                "db_replication_lag", "Calibration", "mean conf", "accuracy", "Wrong: ")) {
            assertTrue(out.contains(expected), expected + " missing in\n" + out);
        }
        Map<String, Evaluation.Rates> byKind = evaluation.byFaultKind();
        assertEquals(13, byKind.values().stream().mapToInt(Evaluation.Rates::count).sum());
        assertEquals(13, evaluation.calibration().stream().mapToInt(Evaluation.Bucket::count).sum());
    }

    @Test
    void aSplitLearnsFromTheTrainingSetAndReportsTheTestSetBeforeAndAfter() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Evaluation test = Evaluate.run(Evaluate.Options.parse(new String[]{dir.toString(), "--split", "0.5", "--seed", "7"}),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(6, test.overall().count(), out);
        assertTrue(out.contains("7 train, 6 test"), out);
        assertTrue(out.contains("cold start ") && out.contains("after learning "), out);
        assertTrue(out.contains("Model v1 trained on 7 outcomes"), out);
        Evaluation cold = Evaluate.evaluate(test.scored().stream().map(s -> s.outcome().scenario()).toList());
        assertTrue(test.overall().ac1() >= cold.overall().ac1(), out);
        assertTrue(test.brier() <= cold.brier() + 1e-9, "learning does not make the test set's calibration worse\n" + out);

        Evaluation again = Evaluate.run(Evaluate.Options.parse(new String[]{dir.toString(), "--split", "0.5", "--seed", "7"}),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(test.scored().stream().map(Evaluation.Scored::id).toList(),
                again.scored().stream().map(Evaluation.Scored::id).toList(), "the same seed gives the same split");
    }

    @Test
    void renamedServicesAndRealWorldAlertNamesMeetTheTargetsToo() throws IOException {
        List<Scenario> samples = Evaluate.load(dir);
        List<Scenario> variants = ScenarioVariants.of(samples, 5, 3);
        assertEquals(65, variants.size());
        for (int i = 0; i < samples.size(); i++) {
            Scenario original = samples.get(i);
            Scenario variant = variants.get(i);
            assertTrue(original.topology().stream().noneMatch(n -> variant.topology().stream()
                    .anyMatch(v -> v.name().equals(n.name()))), variant.id() + " keeps a service name");
            assertTrue(variant.alerts().stream().noneMatch(a -> original.alerts().stream()
                    .anyMatch(o -> o.alert().service().equals(a.alert().service()))), variant.id());
        }
        assertTrue(variants.stream().flatMap(v -> v.alerts().stream()).map(a -> a.alert().name())
                .anyMatch(n -> n.equals("KubePodCrashLooping") || n.equals("ContainerRestartsHigh")
                        || n.equals("PodRestartingTooOften")), "real-world rule names");

        Evaluation.Rates overall = Evaluate.evaluate(variants).overall();
        assertTrue(overall.ac1() >= 0.9, "AC@1 " + overall.ac1());
        assertTrue(overall.category() >= 0.9, "category " + overall.category());
        assertTrue(overall.severity() >= 0.95, "severity " + overall.severity());
        assertTrue(overall.action() >= 0.9, "top action " + overall.action());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Evaluate.Options.parse(new String[]{}));
        assertThrows(IllegalArgumentException.class, () -> Evaluate.Options.parse(new String[]{"d", "--split", "1.5"}));
        assertThrows(IllegalArgumentException.class, () -> Evaluate.Options.parse(new String[]{"d", "--seed"}));
        assertThrows(IllegalArgumentException.class, () -> Evaluate.Options.parse(new String[]{"d", "--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> Evaluate.Options.parse(new String[]{"d", "--variants", "0"}));
    }
}
