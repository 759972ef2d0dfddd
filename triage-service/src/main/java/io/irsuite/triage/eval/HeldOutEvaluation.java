package io.irsuite.triage.eval;

import io.irsuite.triage.domain.AlertClassifier;
import io.irsuite.triage.domain.AlertCorpus;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluator that cannot flatter: for each held-out source S of the alert corpus, variants of the
 * scenarios whose alerts are worded by S's rules ({@link ScenarioVariants#heldOut}) are triaged with the alert
 * classifier trained without S (the service's own model, trained on every source, is not used). Prints, in
 * one table, the samples, the old variants (real-world names the rules were written with), each held-out
 * source and all held-out variants together; then the held-out figures per fault kind, and with a single
 * source the full report (calibration, every miss with its evidence).
 */
final class HeldOutEvaluation {

    private static final ObjectMapper WRITER = new ObjectMapper();

    private HeldOutEvaluation() {
    }

    /** One row: what was evaluated, its figures, and for held-out rows how the alerts were worded. */
    record Row(String label, Evaluation evaluation, ScenarioVariants.HeldOut wording) {
    }

    static List<Row> run(List<Scenario> samples, Evaluate.Options options, PrintStream out) throws IOException {
        if (options.write() != null) {
            Files.createDirectories(options.write());
        }
        int count = options.variants() > 0 ? options.variants() : 20;
        List<String> sources = "all".equals(options.holdout()) ? AlertCorpus.SOURCES : List.of(options.holdout());
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("samples", Evaluate.evaluate(samples), null));
        rows.add(new Row("old variants", Evaluate.evaluate(ScenarioVariants.of(samples, count, options.seed())), null));
        List<ScenarioReplay.Outcome> pooled = new ArrayList<>();
        int reworded = 0;
        int kept = 0;
        for (String source : sources) {
            ScenarioVariants.HeldOut heldOut = ScenarioVariants.heldOut(samples, count, options.seed(), source,
                    AlertCorpus.load(source));
            if (options.write() != null) {
                for (Scenario variant : heldOut.variants()) {
                    WRITER.writeValue(options.write().resolve(variant.id() + ".json").toFile(), variant);
                }
            }
            AlertClassifier without = AlertClassifier.trainedWithout(source);
            ScenarioReplay replay = Evaluate.replay();
            Evaluation evaluation = AlertClassifier.using(without,
                    () -> Evaluation.of(heldOut.variants().stream().map(replay::replay).toList()));
            rows.add(new Row("held out: " + source, evaluation, heldOut));
            evaluation.scored().forEach(s -> pooled.add(s.outcome()));
            reworded += heldOut.reworded();
            kept += heldOut.kept();
        }
        Evaluation all = Evaluation.of(pooled);
        if (sources.size() > 1) {
            rows.add(new Row("held out, all sources", all, new ScenarioVariants.HeldOut("all", List.of(), reworded,
                    kept, Map.of())));
        }
        out.printf(Locale.ROOT, "Held-out evaluation: %d scenarios from %s; %d variants of each (seed %d). Held-out "
                        + "variants: alert names and texts from one corpus source,%ntriaged with the alert classifier "
                        + "trained without that source. reworded = incident alerts worded by the source's rules, kept = "
                        + "no rule of their label in the source%n(old replacement kept).%n%n",
                samples.size(), options.dir(), count, options.seed());
        out.printf(Locale.ROOT, "%-42s %5s %6s %6s %9s %9s %11s %7s %9s %5s%n", "", "n", "AC@1", "AC@3", "category",
                "severity", "top action", "Brier", "reworded", "kept");
        for (Row row : rows) {
            Evaluation.Rates r = row.evaluation().overall();
            out.printf(Locale.ROOT, "%-42s %5d %6.3f %6.3f %9.3f %9.3f %11.3f %7.3f %9s %5s%n", row.label(), r.count(),
                    r.ac1(), r.ac3(), r.category(), r.severity(), r.action(), row.evaluation().brier(),
                    row.wording() == null ? "" : row.wording().reworded(), row.wording() == null ? "" : row.wording().kept());
        }
        out.println();
        rows.stream().filter(r -> r.wording() != null && !r.wording().missing().isEmpty()).forEach(r ->
                out.printf(Locale.ROOT, "%s has no rule labelled %s%n", r.wording().source(), r.wording().missing()));
        out.println();
        if (sources.size() > 1) {
            out.println("Held-out variants, all sources, per fault kind:");
            out.printf(Locale.ROOT, "%-24s %5s %6s %6s %9s %9s %11s%n", "", "n", "AC@1", "AC@3", "category",
                    "severity", "top action");
            all.byFaultKind().forEach((kind, r) -> out.printf(Locale.ROOT, "%-24s %5d %6.2f %6.2f %9.2f %9.2f %11.2f%n",
                    kind, r.count(), r.ac1(), r.ac3(), r.category(), r.severity(), r.action()));
        } else {
            out.println("Held-out variants of " + sources.get(0) + ":");
            out.print(all.report());
        }
        return rows;
    }
}
