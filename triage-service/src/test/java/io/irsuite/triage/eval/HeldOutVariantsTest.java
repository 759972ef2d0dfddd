package io.irsuite.triage.eval;

import io.irsuite.triage.domain.AlertCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Held-out variants: wording drawn from one corpus source by what each alert means, never by its name. */
class HeldOutVariantsTest {

    private static final String SOURCE = "kubernetes-mixin";

    private static List<Scenario> samples() throws IOException, URISyntaxException {
        return Evaluate.load(Path.of(HeldOutVariantsTest.class.getResource("/scenarios").toURI()));
    }

    private static Scenario sample(List<Scenario> samples, String id) {
        return samples.stream().filter(s -> s.id().startsWith(id)).findFirst().orElseThrow();
    }

    @Test
    void meaningComesFromTruthAndRole() throws Exception {
        Scenario s01 = sample(samples(), "s01");   // memory leak: root OOM-kill, root error rate, symptoms
        for (int i = 0; i < s01.alerts().size(); i++) {
            Scenario.ScenarioAlert a = s01.alerts().get(i);
            ScenarioVariants.Label label = ScenarioVariants.meaning(s01, i);
            switch (a.role()) {
                case "noise" -> assertEquals(null, label, a.alert().name());
                case "duplicate" -> assertEquals(ScenarioVariants.meaning(s01, a.duplicateOf()), label, "as its original");
                case "symptom" -> assertEquals("unknown/symptom", label.toString(), a.alert().name());
                default -> assertEquals(a.alert().name().equals("HighErrorRate") ? "unknown/symptom"
                        : "resource_exhaustion/cause", label.toString(), a.alert().name());
            }
        }
    }

    @Test
    void alertsTakeRulesOfTheHeldOutSourceWithTheirLabel() throws Exception {
        List<Scenario> samples = samples();
        List<AlertCorpus.Rule> rules = AlertCorpus.load(SOURCE);
        ScenarioVariants.HeldOut heldOut = ScenarioVariants.heldOut(samples, 2, 5, SOURCE, rules);
        assertEquals(26, heldOut.variants().size());
        assertTrue(heldOut.reworded() > 0 && heldOut.kept() > 0, heldOut.reworded() + " / " + heldOut.kept());
        Set<String> names = rules.stream().map(AlertCorpus.Rule::name).collect(Collectors.toSet());
        List<Scenario> old = ScenarioVariants.of(samples, 2, 5);
        for (int v = 0; v < heldOut.variants().size(); v++) {
            Scenario variant = heldOut.variants().get(v);
            Scenario original = samples.get(v % samples.size());
            assertEquals(old.get(v).truth(), variant.truth(), "the same services as the old variants");
            for (int i = 0; i < variant.alerts().size(); i++) {
                Scenario.Alert a = variant.alerts().get(i).alert();
                ScenarioVariants.Label label = ScenarioVariants.meaning(original, i);
                if (names.contains(a.name())) {
                    AlertCorpus.Rule rule = rules.stream().filter(r -> r.name().equals(a.name())).findFirst().orElseThrow();
                    if (label != null) {
                        assertEquals(label, new ScenarioVariants.Label(rule.category(), rule.cause()), a.name());
                    }
                }
                Scenario.ScenarioAlert sa = variant.alerts().get(i);
                if ("duplicate".equals(sa.role())) {
                    assertEquals(variant.alerts().get(sa.duplicateOf()).alert().name(), a.name(), "a re-send stays one alert");
                }
            }
        }
        assertNotEquals(old.stream().map(s -> s.alerts().get(0).alert().name()).toList(),
                heldOut.variants().stream().map(s -> s.alerts().get(0).alert().name()).toList());
    }

    @Test
    void theHeldOutEvaluationPrintsEveryRow() throws Exception {
        Path dir = Path.of(HeldOutVariantsTest.class.getResource("/scenarios").toURI());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<HeldOutEvaluation.Row> rows = HeldOutEvaluation.run(samples(), Evaluate.Options.parse(new String[]{
                dir.toString(), "--variants", "2", "--holdout", SOURCE}), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(List.of("samples", "old variants", "held out: " + SOURCE), rows.stream().map(HeldOutEvaluation.Row::label).toList());
        assertEquals(26, rows.get(2).evaluation().overall().count());
        // The shared model's figures are untouched by a held-out run (its readings are kept apart).
        assertEquals(1.0, Evaluate.evaluate(samples()).overall().category());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("held out: " + SOURCE));
    }

    @Test
    void writeLeavesEveryHeldOutVariantAsAScenarioFile(@TempDir Path out) throws Exception {
        Path dir = Path.of(HeldOutVariantsTest.class.getResource("/scenarios").toURI());
        HeldOutEvaluation.run(samples(), Evaluate.Options.parse(new String[]{dir.toString(), "--variants", "2",
                "--holdout", SOURCE, "--write", out.toString()}), new PrintStream(new ByteArrayOutputStream()));
        List<Scenario> written = Evaluate.load(out);
        List<Scenario> made = ScenarioVariants.heldOut(samples(), 2, 42, SOURCE, AlertCorpus.load(SOURCE)).variants();
        assertEquals(made.stream().map(Scenario::id).sorted().toList(), written.stream().map(Scenario::id).sorted().toList());
        Scenario first = made.get(0);
        Scenario back = written.stream().filter(w -> w.id().equals(first.id())).findFirst().orElseThrow();
        assertEquals(first, back, "the file reads back as the variant that was evaluated");
    }
}
