package io.irsuite.triage.eval;

import io.irsuite.triage.domain.AlertClassifier;
import io.irsuite.triage.domain.AlertCorpus;
import io.irsuite.triage.domain.AlertFacts;
import io.irsuite.triage.domain.AlertText;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Leave-one-source-out evaluation of the alert classifier on the labelled corpus: for every source, the
 * classifier is trained on all the other sources and tested on this one. Prints, per source, the accuracy of
 * the category and of cause/symptom for the classifier on held-out wording (with the rules' metric names, and
 * without them, as a live alert arrives), for the keyword families alone, and for the two together as triage
 * reads alerts (the families first, the classifier where they find no cause); then the macro mean over sources
 * and the micro mean over rules.
 *
 * <pre>
 * CorpusEvaluation [--l2 X] [--iterations N] [--cap N]
 * </pre>
 */
public final class CorpusEvaluation {

    private CorpusEvaluation() {
    }

    /** One reader's verdict on a rule: a category (wire name or {@code crash}) and whether it reads as a cause. */
    record Verdict(String category, boolean cause) {
    }

    /** Accuracy counts of one reader on one source. */
    static final class Tally {
        int n;
        int category;
        int role;

        void add(Verdict v, AlertCorpus.Rule truth) {
            n++;
            category += v.category().equals(truth.category()) ? 1 : 0;
            role += v.cause() == truth.cause() ? 1 : 0;
        }

        double category() {
            return n == 0 ? 0 : (double) category / n;
        }

        double role() {
            return n == 0 ? 0 : (double) role / n;
        }
    }

    static final List<String> READERS = List.of("model", "model, no metric", "keywords", "keywords + model",
            "confident model", "model>=0.6 else kw");

    /** Per source, per reader. */
    record Result(Map<String, List<Tally>> bySource) {
    }

    public static void main(String[] args) {
        AlertClassifier.Settings s = AlertClassifier.Settings.DEFAULT;
        double l2 = s.l2();
        int iterations = s.iterations();
        int cap = s.sourceCap();
        String confusion = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--l2" -> l2 = Double.parseDouble(args[i + 1]);
                case "--iterations" -> iterations = Integer.parseInt(args[i + 1]);
                case "--cap" -> cap = Integer.parseInt(args[i + 1]);
                case "--confusion" -> confusion = args[i + 1];
                default -> throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        AlertClassifier.Settings settings = new AlertClassifier.Settings(l2, iterations, s.learningRate(), cap,
                s.minCount());
        if (confusion != null) {
            confusion(confusion, settings, System.out);
            return;
        }
        run(settings, System.out);
    }

    /** The held-out source's most frequent confusions (truth → prediction) with examples. */
    static void confusion(String held, AlertClassifier.Settings settings, PrintStream out) {
        AlertClassifier model = AlertClassifier.train(AlertCorpus.load().stream()
                .filter(r -> !r.source().equals(held)).toList(), settings);
        Map<String, List<String>> wrong = new java.util.TreeMap<>();
        for (AlertCorpus.Rule rule : AlertCorpus.load(held)) {
            AlertClassifier.Prediction p = model.classify(rule.name(), rule.summary(), rule.labels(), List.of());
            if (!p.category().equals(rule.category())) {
                wrong.computeIfAbsent(rule.category() + " -> " + p.category(), k -> new ArrayList<>())
                        .add(rule.name() + "  [" + p.explain() + "]");
            }
        }
        wrong.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).forEach(e -> {
            out.println(e.getValue().size() + "  " + e.getKey());
            e.getValue().stream().limit(4).forEach(x -> out.println("      " + x));
        });
    }

    static Result run(AlertClassifier.Settings settings, PrintStream out) {
        List<AlertCorpus.Rule> all = AlertCorpus.load();
        Map<String, List<Tally>> bySource = new java.util.LinkedHashMap<>();
        for (String held : AlertCorpus.SOURCES) {
            List<AlertCorpus.Rule> train = all.stream().filter(r -> !r.source().equals(held)).toList();
            AlertClassifier model = AlertClassifier.train(train, settings);
            List<Tally> tallies = new ArrayList<>();
            READERS.forEach(r -> tallies.add(new Tally()));
            for (AlertCorpus.Rule rule : AlertCorpus.load(held)) {
                AlertClassifier.Prediction p = model.classify(rule);
                tallies.get(0).add(new Verdict(p.category(), p.causeLike()), rule);
                AlertClassifier.Prediction live = model.classify(rule.name(), rule.summary(), rule.labels(), List.of());
                tallies.get(1).add(new Verdict(live.category(), live.causeLike()), rule);
                tallies.get(2).add(verdict(AlertText.read(alert(rule), List.of(), null)), rule);
                Verdict hybrid = verdict(AlertText.read(alert(rule), List.of(), model));
                tallies.get(3).add(hybrid, rule);
                if (live.probability() >= AlertText.LEARNED_CONFIDENT) {
                    tallies.get(4).add(new Verdict(live.category(), live.causeLike()), rule);
                }
                tallies.get(5).add(live.probability() >= AlertText.LEARNED_CONFIDENT
                        ? new Verdict(live.category(), live.causeLike()) : hybrid, rule);
            }
            bySource.put(held, tallies);
        }
        print(bySource, settings, out);
        return new Result(bySource);
    }

    /** The rule as triage sees an alert: its name, summary and labels (a live alert names no metric). */
    static AlertFacts alert(AlertCorpus.Rule rule) {
        return new AlertFacts("corpus", "svc", rule.name(), rule.summary(), null, null, true, null, rule.labels());
    }

    /**
     * What a reading says of a rule: the strongest cause-like hit's category ({@code crash} for the crash
     * family), else downstream-pointing wording ({@code dependency}), else {@code unknown}; a cause when a
     * cause-like hit was found, else the classifier's role when it was asked, else a symptom.
     */
    static Verdict verdict(AlertText.Reading reading) {
        Optional<AlertText.Hit> strongest = reading.strongest();
        if (strongest.isPresent()) {
            AlertText.Hit hit = strongest.get();
            return new Verdict(hit.category() == null ? "crash" : hit.category().wire(), true);
        }
        boolean cause = reading.learned().map(AlertClassifier.Prediction::causeLike).orElse(false);
        if (reading.causes().stream().anyMatch(h -> h.family() == AlertText.Family.DEPENDENCY)) {
            return new Verdict("dependency", cause);
        }
        return new Verdict("unknown", cause);
    }

    private static void print(Map<String, List<Tally>> bySource, AlertClassifier.Settings settings, PrintStream out) {
        out.printf(Locale.ROOT, "Alert classifier, leave one source out (l2 %s, %d iterations, source cap %d): "
                        + "accuracy of category / cause-symptom on the held-out source%n"
                        + "(confident model: only the rules it gives p >= %.2f, with their share in brackets)%n%n",
                settings.l2(), settings.iterations(), settings.sourceCap(), AlertText.LEARNED_CONFIDENT);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-32s %5s", "held-out source", "rules"));
        READERS.forEach(r -> head.append(String.format(Locale.ROOT, " | %-20s", r)));
        out.println(head);
        double[][] macro = new double[READERS.size()][3];
        Tally[] micro = new Tally[READERS.size()];
        for (int r = 0; r < READERS.size(); r++) {
            micro[r] = new Tally();
        }
        for (Map.Entry<String, List<Tally>> e : bySource.entrySet()) {
            int n = e.getValue().get(0).n;
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-32s %5d", e.getKey(), n));
            for (int r = 0; r < READERS.size(); r++) {
                Tally t = e.getValue().get(r);
                row.append(cell(t.category(), t.role(), (double) t.n / n));
                macro[r][0] += t.category();
                macro[r][1] += t.role();
                macro[r][2] += (double) t.n / n;
                micro[r].n += t.n;
                micro[r].category += t.category;
                micro[r].role += t.role;
            }
            out.println(row);
        }
        int sources = bySource.size();
        int all = micro[0].n;
        StringBuilder m1 = new StringBuilder(String.format(Locale.ROOT, "%-32s %5s", "macro (mean of sources)", ""));
        StringBuilder m2 = new StringBuilder(String.format(Locale.ROOT, "%-32s %5d", "micro (all rules)", all));
        for (int r = 0; r < READERS.size(); r++) {
            m1.append(cell(macro[r][0] / sources, macro[r][1] / sources, macro[r][2] / sources));
            m2.append(cell(micro[r].category(), micro[r].role(), (double) micro[r].n / all));
        }
        out.println(m1);
        out.println(m2);
    }

    private static String cell(double category, double role, double share) {
        return String.format(Locale.ROOT, " | %4.2f / %4.2f%-7s", category, role,
                share < 0.999 ? String.format(Locale.ROOT, " (%.2f)", share) : "");
    }
}
