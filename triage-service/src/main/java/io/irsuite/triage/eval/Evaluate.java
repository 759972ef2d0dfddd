package io.irsuite.triage.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.triage.domain.ActionOutcomes;
import io.irsuite.triage.domain.ActionPlanner;
import io.irsuite.triage.domain.Category;
import io.irsuite.triage.domain.Feature;
import io.irsuite.triage.domain.ModelTrainer;
import io.irsuite.triage.domain.PastIncident;
import io.irsuite.triage.domain.PlannedAction;
import io.irsuite.triage.domain.ActionThresholds;
import io.irsuite.triage.domain.RootCauseAnalyzer;
import io.irsuite.triage.domain.SeverityClassifier;
import io.irsuite.triage.domain.SeverityThresholds;
import io.irsuite.triage.domain.Weights;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Offline evaluation of triage: replays a folder of scenarios ({@code *.json} in the shared format)
 * through the same domain rules the service runs, with the playbook defaults, and prints the report.
 * No Quarkus, no database, no broker.
 *
 * <pre>
 * Evaluate DIR [--split FRACTION] [--variants N] [--seed N] [--holdout SOURCE|all [--write OUT_DIR]]
 * </pre>
 * With {@code --holdout}, the held-out evaluation ({@link HeldOutEvaluation}): variants worded by rules of
 * a corpus source, triaged with the alert classifier trained without that source; {@code --write} also writes
 * each held-out variant into OUT_DIR as a scenario file of the shared format, for detection's grouping evaluation.
 * With {@code --variants N}, each scenario is replaced by N perturbed copies ({@link ScenarioVariants}:
 * services renamed, real-world alert names), to check that nothing is tuned to the samples' names.
 * With {@code --split}, the scenarios are shuffled with the seed, the first FRACTION is the training set,
 * whose truths are fed back as confirmed outcomes the way the service learns from feedback, and the
 * figures are those of the rest, the test set, at cold start and after learning.
 */
public final class Evaluate {

    /** The change window of the defaults ({@code ir.triage.change-window}). */
    static final Duration CHANGE_WINDOW = Duration.ofHours(2);

    private Evaluate() {
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: Evaluate SCENARIO_DIR [--split 0.5] [--variants 20] [--seed 42] [--holdout SOURCE|all [--write OUT_DIR]]");
            System.exit(2);
            return;
        }
        if (options.holdout() != null) {
            HeldOutEvaluation.run(load(options.dir()), options, System.out);
            return;
        }
        run(options, System.out);
    }

    /** Command-line options. */
    record Options(Path dir, Double split, long seed, int variants, String holdout, Path write) {

        Options(Path dir, Double split, long seed, int variants) {
            this(dir, split, seed, variants, null, null);
        }

        static Options parse(String[] args) {
            Path dir = null;
            Double split = null;
            long seed = 42;
            int variants = 0;
            String holdout = null;
            Path write = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--split" -> {
                        split = Double.parseDouble(value(args, ++i, arg));
                        if (!(split > 0 && split < 1)) {
                            throw new IllegalArgumentException("--split must be between 0 and 1");
                        }
                    }
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                    case "--holdout" -> {
                        holdout = value(args, ++i, arg);
                        if (!"all".equals(holdout) && !io.irsuite.triage.domain.AlertCorpus.SOURCES.contains(holdout)) {
                            throw new IllegalArgumentException("--holdout must be all or one of "
                                    + io.irsuite.triage.domain.AlertCorpus.SOURCES);
                        }
                    }
                    case "--write" -> write = Path.of(value(args, ++i, arg));
                    case "--variants" -> {
                        variants = Integer.parseInt(value(args, ++i, arg));
                        if (variants < 1 || variants > 1000) {
                            throw new IllegalArgumentException("--variants must be between 1 and 1000");
                        }
                    }
                    default -> {
                        if (arg.startsWith("--") || dir != null) {
                            throw new IllegalArgumentException("unexpected argument " + arg);
                        }
                        dir = Path.of(arg);
                    }
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("missing the scenario directory");
            }
            if (holdout != null && split != null) {
                throw new IllegalArgumentException("--holdout does not combine with --split");
            }
            if (write != null && holdout == null) {
                throw new IllegalArgumentException("--write needs --holdout");
            }
            return new Options(dir, split, seed, variants, holdout, write);
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }
    }

    static Evaluation run(Options options, PrintStream out) throws IOException {
        List<Scenario> scenarios = load(options.dir());
        String what = scenarios.size() + " scenarios from " + options.dir();
        if (options.variants() > 0) {
            scenarios = ScenarioVariants.of(scenarios, options.variants(), options.seed());
            what = scenarios.size() + " variants (" + options.variants() + " of each, seed " + options.seed()
                    + ": services renamed, real-world alert names) of the scenarios from " + options.dir();
        }
        if (options.split() == null) {
            Evaluation evaluation = evaluate(scenarios);
            out.println("Triage evaluation: " + what + " (all, no split)");
            out.println();
            out.print(evaluation.report());
            return evaluation;
        }
        List<Scenario> shuffled = new ArrayList<>(scenarios);
        Collections.shuffle(shuffled, new Random(options.seed()));
        int trainSize = (int) Math.round(shuffled.size() * options.split());
        List<Scenario> train = shuffled.subList(0, trainSize);
        List<Scenario> test = shuffled.subList(trainSize, shuffled.size());
        Evaluation cold = evaluate(test);
        Learned learned = learn(train);
        Evaluation after = evaluate(test, learned);
        out.printf(Locale.ROOT, "Triage evaluation: %s, split %.2f seed %d: %d train, %d test.%n"
                        + "The training set's truths are fed back as confirmed outcomes (cause, resolution, whether the "
                        + "first action was right);%nthe figures are the test set's, at cold start and after learning.%n%n",
                what, options.split(), options.seed(), train.size(), test.size());
        out.printf(Locale.ROOT, "%-16s %4s %6s %6s %9s %9s %11s %7s%n", "test set", "n", "AC@1", "AC@3", "category",
                "severity", "top action", "Brier");
        comparison(out, "cold start", cold);
        comparison(out, "after learning", after);
        out.printf(Locale.ROOT, "%nModel v%d trained on %d outcomes; weights that moved most from the priors:%n",
                learned.weights().version(), learned.weights().examples());
        Arrays.stream(Feature.values())
                .sorted(Comparator.comparingDouble((Feature f) -> -Math.abs(learned.weights().of(f) - f.defaultWeight())))
                .limit(5)
                .forEach(f -> out.printf(Locale.ROOT, "  %-20s %6.2f -> %6.2f%n", f.wire(), f.defaultWeight(),
                        learned.weights().of(f)));
        out.println();
        out.println("After learning:");
        out.print(after.report());
        return after;
    }

    private static void comparison(PrintStream out, String label, Evaluation e) {
        Evaluation.Rates r = e.overall();
        out.printf(Locale.ROOT, "%-16s %4d %6.2f %6.2f %9.2f %9.2f %11.2f %7.3f%n", label, r.count(), r.ac1(), r.ac3(),
                r.category(), r.severity(), r.action(), e.brier());
    }

    /** What feeding back the training scenarios' truths teaches: root-cause weights, past incidents, action outcomes. */
    record Learned(Weights weights, List<PastIncident> history, ActionOutcomes outcomes) {
    }

    /**
     * Replays each training scenario at cold start and feeds its truth back as the service would receive a
     * confirmed outcome: the cause (an example for the model and a past incident for similarity) and whether
     * the first recommended action was right (an action outcome for its category).
     */
    static Learned learn(List<Scenario> train) {
        ScenarioReplay replay = replay();
        List<ModelTrainer.Example> examples = new ArrayList<>();
        List<PastIncident> history = new ArrayList<>();
        ActionOutcomes outcomes = ActionOutcomes.none();
        for (Scenario scenario : train) {
            ScenarioReplay.Outcome o = replay.replay(scenario);
            Scenario.Truth truth = scenario.truth();
            examples.add(ModelTrainer.Example.of(o.analysis().candidates(), truth.rootService()));
            Category category = Category.fromWire(truth.category());
            history.add(new PastIncident(scenario.id(), o.analysis().signature(), truth.rootService(),
                    category == null ? Category.UNKNOWN : category,
                    truth.acceptableActions().isEmpty() ? "resolved" : "resolved by " + truth.acceptableActions().get(0)));
            if (!o.actions().isEmpty()) {
                PlannedAction first = o.actions().get(0);
                outcomes = outcomes.with(o.analysis().rootCause().category(), first.action(),
                        truth.rootService().equals(first.target()) && truth.acceptableActions().contains(first.action().wire()));
            }
        }
        return new Learned(ModelTrainer.train(examples, 1), history, outcomes);
    }

    /** Replays the scenarios through the default rules at cold start. */
    public static Evaluation evaluate(List<Scenario> scenarios) {
        ScenarioReplay replay = replay();
        return Evaluation.of(scenarios.stream().map(replay::replay).toList());
    }

    static Evaluation evaluate(List<Scenario> scenarios, Learned learned) {
        ScenarioReplay replay = replay().withWeights(learned.weights());
        return Evaluation.of(scenarios.stream().map(s -> replay.replay(s, learned.history(), learned.outcomes())).toList());
    }

    static ScenarioReplay replay() {
        return new ScenarioReplay(new SeverityClassifier(SeverityThresholds.defaults()),
                new RootCauseAnalyzer(CHANGE_WINDOW), new ActionPlanner(ActionThresholds.defaults()), CHANGE_WINDOW);
    }

    /** Every {@code *.json} file of {@code dir} that reads as a scenario, by file name. */
    public static List<Scenario> load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a directory: " + dir.toAbsolutePath());
        }
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        List<Scenario> scenarios = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                Scenario s = mapper.readValue(file.toFile(), Scenario.class);
                if (s.truth() != null) {
                    scenarios.add(s.id() == null ? new Scenario(file.getFileName().toString(), s.topology(),
                            s.changes(), s.alerts(), s.truth()) : s);
                }
            }
        }
        return scenarios;
    }
}
