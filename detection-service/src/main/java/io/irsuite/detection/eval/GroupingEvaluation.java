package io.irsuite.detection.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Offline evaluation of detection's grouping (no Quarkus, database or broker): replays the sample
 * scenarios of a folder and N generated ones ({@link ScenarioGenerator}, seeded) through
 * {@link GroupingSimulation} and prints, per set:
 * <ul>
 *   <li><b>split rate</b>: failures whose alerts (root, symptoms, duplicates) end in more than one incident;</li>
 *   <li><b>noise-join rate</b>: noise alerts that end in an incident holding a failure's alert;</li>
 *   <li><b>glued rate</b>: scenarios where two different failures end in one incident;</li>
 *   <li><b>failures grouped</b>: scenarios whose failures' alerts end in one incident per failure (no split,
 *       nothing glued; noise not counted): the check of {@code shared/scenarios/README.md}, "the root and symptom
 *       alerts landed in {@code incidentCount} incident(s)";</li>
 *   <li><b>grouping accuracy</b>: scenarios grouped exactly right (no split, no noise joined, nothing glued).</li>
 * </ul>
 * Usage: {@code GroupingEvaluation [scenario folder] [--generated N] [--seed S] [--max-hops H]
 * [--window-seconds W] [--verbose]}; defaults {@code ../shared/scenarios}, 1000, 42, 2, 600 (the service's).
 */
public final class GroupingEvaluation {

    /** The figures of one set of scenarios. */
    record Figures(int scenarios, int failures, int split, int noise, int noiseJoined, int glued, int failuresRight,
                   int exact) {

        double failuresGrouped() {
            return scenarios == 0 ? 0 : (double) failuresRight / scenarios;
        }

        double splitRate() {
            return failures == 0 ? 0 : (double) split / failures;
        }

        double noiseJoinRate() {
            return noise == 0 ? 0 : (double) noiseJoined / noise;
        }

        double accuracy() {
            return scenarios == 0 ? 0 : (double) exact / scenarios;
        }
    }

    private GroupingEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of("../shared/scenarios");
        int generated = 1000;
        long seed = 42;
        int maxHops = 2;
        double window = 600;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--generated" -> generated = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--max-hops" -> maxHops = Integer.parseInt(args[++i]);
                case "--window-seconds" -> window = Double.parseDouble(args[++i]);
                case "--verbose" -> verbose = true;
                default -> folder = Path.of(args[i]);
            }
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "grouping evaluation: max-hops %d, window %.0fs%n", maxHops, window);
        List<Scenario> samples = samples(folder);
        print(out, "samples (" + folder + ")", evaluate(samples, maxHops, window, verbose ? out : null));
        print(out, "generated (" + generated + ", seed " + seed + ")",
                evaluate(generated(generated, seed, window), maxHops, window, verbose ? out : null));
    }

    /** {@code count} scenarios of the seeded generator (the same seed gives the same scenarios). */
    static List<Scenario> generated(int count, long seed, double windowSeconds) {
        ScenarioGenerator generator = new ScenarioGenerator(seed, windowSeconds);
        List<Scenario> made = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            made.add(generator.next(n));
        }
        return made;
    }

    static List<Scenario> samples(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        List<Scenario> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(Scenario.read(mapper, f));
            }
        }
        return out;
    }

    /** Replays every scenario; {@code misses}, when set, is told each scenario not grouped exactly right. */
    static Figures evaluate(List<Scenario> scenarios, int maxHops, double windowSeconds, PrintStream misses) {
        int failures = 0, split = 0, noise = 0, noiseJoined = 0, glued = 0, failuresRight = 0, exact = 0;
        for (Scenario s : scenarios) {
            GroupingSimulation simulation = new GroupingSimulation(maxHops,
                    Duration.ofMillis(Math.round(windowSeconds * 1000)), s.dependsOn());
            List<UUID> placed = simulation.replay(s);
            Map<Integer, Set<UUID>> byFailure = new HashMap<>();
            Map<UUID, Set<Integer>> failuresOf = new HashMap<>();
            for (int i = 0; i < placed.size(); i++) {
                Scenario.Sent a = s.alerts().get(i);
                if (!a.noise()) {
                    byFailure.computeIfAbsent(a.failure(), k -> new HashSet<>()).add(placed.get(i));
                    failuresOf.computeIfAbsent(placed.get(i), k -> new HashSet<>()).add(a.failure());
                }
            }
            int scenarioSplit = 0, scenarioNoise = 0;
            for (Set<UUID> incidents : byFailure.values()) {
                failures++;
                if (incidents.size() > 1) {
                    scenarioSplit++;
                }
            }
            for (int i = 0; i < placed.size(); i++) {
                if (s.alerts().get(i).noise()) {
                    noise++;
                    if (failuresOf.containsKey(placed.get(i))) {
                        scenarioNoise++;
                    }
                }
            }
            boolean scenarioGlued = failuresOf.values().stream().anyMatch(f -> f.size() > 1);
            split += scenarioSplit;
            noiseJoined += scenarioNoise;
            glued += scenarioGlued ? 1 : 0;
            boolean failuresGrouped = scenarioSplit == 0 && !scenarioGlued;
            failuresRight += failuresGrouped ? 1 : 0;
            boolean right = failuresGrouped && scenarioNoise == 0;
            exact += right ? 1 : 0;
            if (!right && misses != null) {
                misses.printf("  %s:%s%s%s %s%n", s.id(), scenarioSplit > 0 ? " split" : "", scenarioNoise > 0 ? " noise-joined" : "",
                        scenarioGlued ? " glued" : "", describe(s, placed, simulation.reasons));
            }
        }
        return new Figures(scenarios.size(), failures, split, noise, noiseJoined, glued, failuresRight, exact);
    }

    private static String describe(Scenario s, List<UUID> placed, Map<Integer, String> reasons) {
        Map<UUID, Integer> label = new HashMap<>();
        StringBuilder b = new StringBuilder();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            order.add(i);
        }
        order.sort((x, y) -> Double.compare(s.alerts().get(x).offsetSeconds(), s.alerts().get(y).offsetSeconds()));
        for (int i : order) {
            Scenario.Sent a = s.alerts().get(i);
            if (a.role().equals("duplicate")) {
                continue;
            }
            int inc = label.computeIfAbsent(placed.get(i), k -> label.size() + 1);
            b.append(String.format(Locale.ROOT, "%n    %6.0fs start %6.0fs %-8s f%-2d %-22s %-26s %-8s -> #%d  %s",
                    a.offsetSeconds(), a.startsAtOffsetSeconds(), a.role(), a.failure(), a.service(), a.name(),
                    a.severity(), inc, reasons.get(i)));
        }
        return b.toString();
    }

    private static void print(PrintStream out, String set, Figures f) {
        out.printf(Locale.ROOT, "%-34s scenarios %5d  failures %5d  split %.3f (%d)  noise-join %.3f (%d of %d)  "
                        + "glued %d  failures grouped %.3f  accuracy %.3f%n", set, f.scenarios(), f.failures(), f.splitRate(),
                f.split(), f.noiseJoinRate(), f.noiseJoined(), f.noise(), f.glued(), f.failuresGrouped(), f.accuracy());
    }
}
