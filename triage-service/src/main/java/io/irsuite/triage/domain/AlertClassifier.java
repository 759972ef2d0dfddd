package io.irsuite.triage.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an alert's wording points at, learned from the labelled corpus ({@link AlertCorpus}) instead of a
 * word list: two multinomial logistic regressions over the alert's {@link AlertTokens}, one for the fault
 * category (the {@link Category} wire names plus {@code crash}, a fault of the service's own process that
 * names no category) and one for cause-like versus symptom-like. Each decision is explained by the tokens
 * that pushed it most ({@code network (0.91): 'packet', 'loss', 'receive errs'}).
 *
 * <p>The model is trained at build time ({@code TrainAlertClassifier} in {@code process-classes}) into
 * {@value #RESOURCE}; when that resource is missing (a run from {@code compile}), it is trained at class
 * load from the same corpus with the same deterministic procedure, so either way the model is the same.
 */
public final class AlertClassifier {

    public static final String RESOURCE = "/alert-classifier/model.tsv";
    static final String FORMAT = "alert-classifier v1";

    /** Category classes, in model order. */
    public static final List<String> CATEGORIES;

    static {
        List<String> classes = new ArrayList<>();
        for (Category c : Category.values()) {
            classes.add(c.wire());
        }
        classes.add("crash");
        CATEGORIES = List.copyOf(classes);
    }

    static final List<String> ROLES = List.of("symptom", "cause");

    /** A decision and why. */
    public record Prediction(String category, double probability, List<String> because, boolean causeLike,
                             double causeProbability) {

        /** The category, null for {@code crash} (a fault of its own that names none). */
        public Category asCategory() {
            return "crash".equals(category) ? null : Category.fromWire(category);
        }

        /** {@code network (0.91): 'packet', 'loss', 'receive errs'}. */
        public String explain() {
            return category + " (" + String.format(Locale.ROOT, "%.2f", probability) + ")"
                    + (because.isEmpty() ? "" : ": '" + String.join("', '", because) + "'");
        }
    }

    /** Training settings; {@link #DEFAULT} is what the build uses. */
    public record Settings(double l2, int iterations, double learningRate, int sourceCap, int minCount) {
        public static final Settings DEFAULT = new Settings(0.0001, 250, 0.3, 250, 2);
    }

    private final Map<String, Integer> vocabulary;
    private final String[] tokens;
    /** [class][token]; the last column is the bias. */
    private final double[][] categoryWeights;
    private final double[][] roleWeights;

    private AlertClassifier(String[] tokens, double[][] categoryWeights, double[][] roleWeights) {
        this.tokens = tokens;
        this.categoryWeights = categoryWeights;
        this.roleWeights = roleWeights;
        Map<String, Integer> v = new HashMap<>(tokens.length * 2);
        for (int i = 0; i < tokens.length; i++) {
            v.put(tokens[i], i);
        }
        this.vocabulary = v;
    }

    private static final class Shared {
        static final AlertClassifier MODEL = loadOrTrain();
    }

    /** A model that stands in for the shared one on this thread (the evaluator's held-out runs); null: none. */
    private static final ThreadLocal<AlertClassifier> STAND_IN = new ThreadLocal<>();

    /** The model the service uses: the build's, else the same trained now (or this thread's stand-in). */
    public static AlertClassifier shared() {
        AlertClassifier standIn = STAND_IN.get();
        return standIn != null ? standIn : Shared.MODEL;
    }

    /**
     * Runs {@code work} on this thread with {@code model} in place of the shared model, for evaluations that
     * triage with a classifier trained without a held-out source ({@code AlertText} remembers readings per model).
     */
    public static <T> T using(AlertClassifier model, java.util.function.Supplier<T> work) {
        AlertClassifier previous = STAND_IN.get();
        STAND_IN.set(model);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                STAND_IN.remove();
            } else {
                STAND_IN.set(previous);
            }
        }
    }

    /** The model trained on every source of the corpus but {@code heldOut}, with the default settings. */
    public static AlertClassifier trainedWithout(String heldOut) {
        return train(AlertCorpus.load().stream().filter(r -> !r.source().equals(heldOut)).toList(), Settings.DEFAULT);
    }

    private static AlertClassifier loadOrTrain() {
        try (InputStream in = AlertClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return train(AlertCorpus.load(), Settings.DEFAULT);
    }

    public int vocabularySize() {
        return tokens.length;
    }

    /** Classifies one alert. */
    public Prediction classify(String name, String text, Map<String, String> labels, List<String> metrics) {
        Map<String, String> features = AlertTokens.of(name, text, labels, metrics);
        int[] idx = indices(features.keySet());
        double[] p = softmax(scores(categoryWeights, idx));
        int best = argmax(p);
        double[] r = softmax(scores(roleWeights, idx));
        // Why: the tokens that raise the log-odds of the decision most,
        // ∂ log(p(best) / (1 − p(best))) / ∂ x = w_best − Σ_{k≠best} p_k w_k / (1 − p(best)),
        // which, unlike ∂ log p(best), does not vanish when the model is sure.
        List<double[]> pushes = new ArrayList<>();
        double others = Math.max(1 - p[best], 1e-12);
        for (int i : idx) {
            double expected = 0;
            for (int k = 0; k < p.length; k++) {
                if (k != best) {
                    expected += p[k] * categoryWeights[k][i];
                }
            }
            double push = categoryWeights[best][i] - expected / others;
            if (push > 0.05) {
                pushes.add(new double[]{i, push});
            }
        }
        pushes.sort(Comparator.comparingDouble((double[] a) -> -a[1]).thenComparingDouble(a -> a[0]));
        List<String> because = new ArrayList<>();
        for (double[] push : pushes) {
            String shown = features.get(tokens[(int) push[0]]);
            if (!because.contains(shown)) {
                because.add(shown);
            }
            if (because.size() == 3) {
                break;
            }
        }
        return new Prediction(CATEGORIES.get(best), p[best], List.copyOf(because), r[1] >= 0.5, r[1]);
    }

    public Prediction classify(AlertCorpus.Rule rule) {
        return classify(rule.name(), rule.summary(), rule.labels(), rule.metrics());
    }

    private int[] indices(Iterable<String> features) {
        List<Integer> found = new ArrayList<>();
        for (String f : features) {
            Integer i = vocabulary.get(f);
            if (i != null) {
                found.add(i);
            }
        }
        return found.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }

    private static double[] scores(double[][] weights, int[] idx) {
        double[] z = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            double[] w = weights[k];
            double s = w[w.length - 1];
            for (int i : idx) {
                s += w[i];
            }
            z[k] = s;
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    // ---- training ---------------------------------------------------------------------------------

    /**
     * Trains on {@code rules}: tokens seen in at least {@code minCount} rules form the vocabulary; each rule
     * weighs 1, except that a source with more than {@code sourceCap} rules weighs {@code sourceCap} in all
     * (one large collection must not drown the others); full-batch gradient descent (AdaGrad steps) on the
     * weighted cross-entropy with an L2 penalty. No randomness, so the same corpus gives the same model.
     */
    public static AlertClassifier train(List<AlertCorpus.Rule> rules, Settings settings) {
        Map<String, Integer> perSource = new TreeMap<>();
        rules.forEach(r -> perSource.merge(r.source(), 1, Integer::sum));
        List<Map<String, String>> features = rules.stream().map(r -> AlertTokens.of(r.name(), r.summary(),
                r.labels(), r.metrics())).toList();
        Map<String, Integer> seen = new TreeMap<>();
        features.forEach(f -> f.keySet().forEach(t -> seen.merge(t, 1, Integer::sum)));
        String[] vocabulary = seen.entrySet().stream().filter(e -> e.getValue() >= settings.minCount())
                .map(Map.Entry::getKey).toArray(String[]::new);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocabulary.length; i++) {
            index.put(vocabulary[i], i);
        }
        int n = rules.size();
        int[][] docs = new int[n][];
        int[] category = new int[n];
        int[] role = new int[n];
        double[] weight = new double[n];
        for (int d = 0; d < n; d++) {
            AlertCorpus.Rule rule = rules.get(d);
            docs[d] = features.get(d).keySet().stream().map(index::get).filter(java.util.Objects::nonNull)
                    .mapToInt(Integer::intValue).sorted().distinct().toArray();
            category[d] = CATEGORIES.indexOf(rule.category());
            if (category[d] < 0) {
                throw new IllegalArgumentException("unknown category " + rule.category() + " of " + rule.name());
            }
            role[d] = rule.cause() ? 1 : 0;
            weight[d] = Math.min(1.0, (double) settings.sourceCap() / perSource.get(rule.source()));
        }
        double[][] cat = fit(docs, category, weight, CATEGORIES.size(), vocabulary.length, settings);
        double[][] rol = fit(docs, role, weight, ROLES.size(), vocabulary.length, settings);
        return new AlertClassifier(vocabulary, cat, rol);
    }

    private static double[][] fit(int[][] docs, int[] labels, double[] weight, int classes, int v, Settings s) {
        double total = Arrays.stream(weight).sum();
        double[][] w = new double[classes][v + 1];
        double[][] g2 = new double[classes][v + 1];
        double[][] grad = new double[classes][v + 1];
        for (int it = 0; it < s.iterations(); it++) {
            for (double[] row : grad) {
                Arrays.fill(row, 0);
            }
            for (int d = 0; d < docs.length; d++) {
                double[] p = softmax(scores(w, docs[d]));
                for (int k = 0; k < classes; k++) {
                    double g = weight[d] * (p[k] - (labels[d] == k ? 1 : 0)) / total;
                    if (g == 0) {
                        continue;
                    }
                    double[] gk = grad[k];
                    for (int i : docs[d]) {
                        gk[i] += g;
                    }
                    gk[v] += g;
                }
            }
            for (int k = 0; k < classes; k++) {
                double[] wk = w[k];
                double[] gk = grad[k];
                double[] sk = g2[k];
                for (int i = 0; i <= v; i++) {
                    double g = gk[i] + (i < v ? s.l2() * wk[i] : 0);
                    sk[i] += g * g;
                    if (sk[i] > 0) {
                        wk[i] -= s.learningRate() * g / Math.sqrt(sk[i]);
                    }
                }
            }
        }
        // Rounded as stored, so that a model trained now equals the one read from the build's resource.
        for (double[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = round(row[i]);
            }
        }
        return w;
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }

    // ---- storage ----------------------------------------------------------------------------------

    /** Writes the model as text: a header, the class lists, then one line per token (bias first). */
    public void write(Writer out) throws IOException {
        out.write("# " + FORMAT + ": token, " + CATEGORIES.size() + " category weights, " + ROLES.size()
                + " role weights\n");
        out.write("categories\t" + String.join("\t", CATEGORIES) + "\n");
        out.write("roles\t" + String.join("\t", ROLES) + "\n");
        writeRow(out, "<bias>", tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            writeRow(out, tokens[i], i);
        }
    }

    private void writeRow(Writer out, String token, int i) throws IOException {
        StringBuilder sb = new StringBuilder(token);
        for (double[] w : categoryWeights) {
            sb.append('\t').append(number(w[i]));
        }
        for (double[] w : roleWeights) {
            sb.append('\t').append(number(w[i]));
        }
        out.write(sb.append('\n').toString());
    }

    private static String number(double x) {
        if (x == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.4f", x);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Reads what {@link #write} wrote. */
    public static AlertClassifier read(BufferedReader in) throws IOException {
        String header = in.readLine();
        if (header == null || !header.startsWith("# " + FORMAT)) {
            throw new IllegalStateException("not an alert classifier model: " + header);
        }
        expect(in.readLine(), "categories", CATEGORIES);
        expect(in.readLine(), "roles", ROLES);
        String bias = in.readLine();
        List<String[]> rows = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        int v = rows.size();
        String[] tokens = new String[v];
        double[][] cat = new double[CATEGORIES.size()][v + 1];
        double[][] rol = new double[ROLES.size()][v + 1];
        fill(bias.split("\t", -1), v, cat, rol);
        for (int i = 0; i < v; i++) {
            tokens[i] = rows.get(i)[0];
            fill(rows.get(i), i, cat, rol);
        }
        return new AlertClassifier(tokens, cat, rol);
    }

    private static void expect(String line, String what, List<String> classes) {
        if (line == null || !line.equals(what + "\t" + String.join("\t", classes))) {
            throw new IllegalStateException("the model's " + what + " differ from this version's: " + line);
        }
    }

    private static void fill(String[] row, int i, double[][] cat, double[][] rol) {
        if (row.length != 1 + cat.length + rol.length) {
            throw new IllegalStateException("a model row of " + row.length + " fields: " + row[0]);
        }
        for (int k = 0; k < cat.length; k++) {
            cat[k][i] = Double.parseDouble(row[1 + k]);
        }
        for (int k = 0; k < rol.length; k++) {
            rol[k][i] = Double.parseDouble(row[1 + cat.length + k]);
        }
    }

    /** The tokens the model knows, for tests and reports. */
    Set<String> vocabulary() {
        return new TreeSet<>(vocabulary.keySet());
    }
}
