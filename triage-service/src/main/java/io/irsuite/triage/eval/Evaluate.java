package io.irsuite.triage.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.triage.domain.ActionPlanner;
import io.irsuite.triage.domain.ActionThresholds;
import io.irsuite.triage.domain.RootCauseAnalyzer;
import io.irsuite.triage.domain.SeverityClassifier;
import io.irsuite.triage.domain.SeverityThresholds;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Evaluate DIR [--split FRACTION --seed N]
 * </pre>
 * With {@code --split}, the scenarios are shuffled with the seed, the first FRACTION is the training set
 * (outcomes for learning, once triage learns) and the figures are those of the rest, the test set.
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
            System.err.println("usage: Evaluate SCENARIO_DIR [--split 0.5 --seed 42]");
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    /** Command-line options. */
    record Options(Path dir, Double split, long seed) {

        static Options parse(String[] args) {
            Path dir = null;
            Double split = null;
            long seed = 42;
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
            return new Options(dir, split, seed);
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
        List<Scenario> test = scenarios;
        String header = scenarios.size() + " scenarios from " + options.dir() + " (all, no split)";
        if (options.split() != null) {
            List<Scenario> shuffled = new ArrayList<>(scenarios);
            Collections.shuffle(shuffled, new Random(options.seed()));
            int train = (int) Math.round(shuffled.size() * options.split());
            test = shuffled.subList(train, shuffled.size());
            header = String.format(Locale.ROOT, "%d scenarios from %s, split %.2f seed %d: %d train, %d test; "
                            + "figures are the test set's. Learning from outcomes is not implemented yet, "
                            + "so the training set is not used.",
                    scenarios.size(), options.dir(), options.split(), options.seed(), train, test.size());
        }
        Evaluation evaluation = evaluate(test);
        out.println("Triage evaluation: " + header);
        out.println();
        out.print(evaluation.report());
        return evaluation;
    }

    /** Replays the scenarios through the default rules. */
    public static Evaluation evaluate(List<Scenario> scenarios) {
        ScenarioReplay replay = new ScenarioReplay(new SeverityClassifier(SeverityThresholds.defaults()),
                new RootCauseAnalyzer(CHANGE_WINDOW), new ActionPlanner(ActionThresholds.defaults()), CHANGE_WINDOW);
        return Evaluation.of(scenarios.stream().map(replay::replay).toList());
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
