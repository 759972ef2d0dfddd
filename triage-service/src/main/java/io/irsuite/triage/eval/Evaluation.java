package io.irsuite.triage.eval;

import io.irsuite.triage.domain.CandidateScore;
import io.irsuite.triage.domain.PlannedAction;
import io.irsuite.triage.domain.RootCauseFinding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Scores replayed scenarios against their truth: AC@1 and AC@3 of the root-cause service, category,
 * severity and top-action accuracy, overall and per fault kind, the calibration of the root-cause
 * confidence, and the scenarios it got wrong.
 */
public final class Evaluation {

    /** Upper bounds of the confidence buckets of the calibration table. */
    static final double[] BUCKETS = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0001};

    /** How one scenario fared. */
    public record Scored(ScenarioReplay.Outcome outcome, boolean top1, boolean top3, boolean category,
                         boolean severity, boolean action) {

        public String id() {
            return outcome.scenario().id();
        }

        public String faultKind() {
            String kind = outcome.scenario().truth().faultKind();
            return kind == null ? "(none)" : kind;
        }

        public double confidence() {
            return outcome.analysis().rootCause().confidence();
        }

        public boolean allRight() {
            return top1 && category && severity && action;
        }
    }

    /** The rates of one group of scenarios. */
    public record Rates(int count, double ac1, double ac3, double category, double severity, double action) {
    }

    /** One row of the calibration table. */
    public record Bucket(double from, double to, int count, double meanConfidence, double accuracy) {
    }

    private final List<Scored> scored;

    private Evaluation(List<Scored> scored) {
        this.scored = List.copyOf(scored);
    }

    public static Evaluation of(List<ScenarioReplay.Outcome> outcomes) {
        List<Scored> scored = new ArrayList<>();
        for (ScenarioReplay.Outcome o : outcomes) {
            Scenario.Truth truth = o.scenario().truth();
            RootCauseFinding root = o.analysis().rootCause();
            List<String> top3 = o.analysis().candidates().stream().limit(3).map(CandidateScore::service).toList();
            String firstAction = o.actions().isEmpty() ? "escalate" : o.actions().get(0).action().wire();
            scored.add(new Scored(o,
                    Objects.equals(truth.rootService(), root.service()),
                    top3.contains(truth.rootService()),
                    Objects.equals(truth.category(), root.category().wire()),
                    Objects.equals(truth.severity(), o.severity().severity().name()),
                    truth.acceptableActions().contains(firstAction)));
        }
        return new Evaluation(scored);
    }

    public List<Scored> scored() {
        return scored;
    }

    public Rates overall() {
        return rates(s -> true);
    }

    public Map<String, Rates> byFaultKind() {
        Map<String, Rates> byKind = new TreeMap<>();
        scored.stream().map(Scored::faultKind).distinct()
                .forEach(kind -> byKind.put(kind, rates(s -> s.faultKind().equals(kind))));
        return byKind;
    }

    public List<Bucket> calibration() {
        List<Bucket> buckets = new ArrayList<>();
        double from = 0;
        for (double to : BUCKETS) {
            double lo = from;
            List<Scored> in = scored.stream().filter(s -> s.confidence() >= lo && s.confidence() < to).toList();
            double mean = in.stream().mapToDouble(Scored::confidence).average().orElse(Double.NaN);
            double accuracy = in.stream().mapToDouble(s -> s.top1() ? 1 : 0).average().orElse(Double.NaN);
            buckets.add(new Bucket(lo, Math.min(1.0, to), in.size(), mean, accuracy));
            from = to;
        }
        return buckets;
    }

    /** Mean squared error of the confidence as a probability that the top candidate is right. */
    public double brier() {
        return scored.stream().mapToDouble(s -> Math.pow(s.confidence() - (s.top1() ? 1 : 0), 2)).average().orElse(Double.NaN);
    }

    private Rates rates(Predicate<Scored> filter) {
        List<Scored> in = scored.stream().filter(filter).toList();
        return new Rates(in.size(), rate(in, Scored::top1), rate(in, Scored::top3), rate(in, Scored::category),
                rate(in, Scored::severity), rate(in, Scored::action));
    }

    private static double rate(List<Scored> in, Predicate<Scored> right) {
        return in.isEmpty() ? Double.NaN : (double) in.stream().filter(right).count() / in.size();
    }

    /** The report the command prints. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-24s %4s %6s %6s %9s %9s %11s%n", "", "n", "AC@1", "AC@3", "category",
                "severity", "top action"));
        row(sb, "overall", overall());
        byFaultKind().forEach((kind, rates) -> row(sb, "  " + kind, rates));

        sb.append(String.format(Locale.ROOT, "%nCalibration of the root-cause confidence (accuracy = AC@1), Brier %.3f%n",
                brier()));
        sb.append(String.format(Locale.ROOT, "%-13s %4s %10s %9s%n", "confidence", "n", "mean conf", "accuracy"));
        for (Bucket b : calibration()) {
            sb.append(String.format(Locale.ROOT, "[%.2f, %.2f%s %4d %10s %9s%n", b.from(), b.to(),
                    b.to() >= 1.0 ? "]" : ")", b.count(), num(b.meanConfidence()), num(b.accuracy())));
        }

        List<Scored> wrong = scored.stream().filter(s -> !s.allRight()).toList();
        sb.append(String.format(Locale.ROOT, "%nWrong: %d of %d%n", wrong.size(), scored.size()));
        for (Scored s : wrong) {
            ScenarioReplay.Outcome o = s.outcome();
            Scenario.Truth t = o.scenario().truth();
            RootCauseFinding root = o.analysis().rootCause();
            List<String> misses = new ArrayList<>();
            if (!s.top1()) {
                misses.add("root" + (s.top3() ? " (in top 3)" : ""));
            }
            if (!s.category()) {
                misses.add("category");
            }
            if (!s.severity()) {
                misses.add("severity");
            }
            if (!s.action()) {
                misses.add("action");
            }
            sb.append(String.format(Locale.ROOT, "- %s (%s): wrong %s%n", s.id(), s.faultKind(), String.join(", ", misses)));
            sb.append(String.format(Locale.ROOT, "    expected %s / %s / %s / %s%n", t.rootService(), t.category(),
                    t.severity(), t.acceptableActions()));
            PlannedAction first = o.actions().isEmpty() ? null : o.actions().get(0);
            sb.append(String.format(Locale.ROOT, "    got      %s / %s / %s / %s (confidence %.2f)%n", root.service(),
                    root.category().wire(), o.severity().severity(), first == null ? "none" : first.action().wire(),
                    root.confidence()));
            sb.append("    candidates: ");
            sb.append(String.join("; ", o.analysis().candidates().stream().limit(4)
                    .map(c -> c.service() + " " + c.category().wire() + " " + String.format(Locale.ROOT, "%.2f", c.score()))
                    .toList())).append('\n');
            if (!s.severity()) {
                sb.append("    severity reasons: ").append(o.severity().reasons()).append('\n');
            }
            root.evidence().forEach(e -> sb.append("    · ").append(e).append('\n'));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, Rates r) {
        sb.append(String.format(Locale.ROOT, "%-24s %4d %6s %6s %9s %9s %11s%n", label, r.count(), num(r.ac1()),
                num(r.ac3()), num(r.category()), num(r.severity()), num(r.action())));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
