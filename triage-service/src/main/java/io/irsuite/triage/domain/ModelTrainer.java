package io.irsuite.triage.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Learns the root-cause {@link Weights} from confirmed outcomes: a conditional-logit model (the
 * analyzer's softmax over an incident's candidates plus "elsewhere") fitted by maximum a posteriori,
 * with a Gaussian prior centred on the hand-set {@link Feature#defaultWeight}s. With no outcomes it
 * returns the priors; a few outcomes move the weights a little, many move them as far as the data
 * says. Because the fitted quantity is the very probability the analyzer reports, the confidence it
 * produces is calibrated on the outcomes it learnt from. Newton's method with step halving: the
 * objective is strictly convex, so it converges in a handful of iterations.
 */
public final class ModelTrainer {

    /** Precision of the prior around the default weights (how many outcomes it takes to move a weight). */
    public static final double PRIOR_PRECISION = 2.0;
    static final int MAX_ITERATIONS = 50;
    static final double TOLERANCE = 1e-6;
    /** Weights stay within this distance of their default: a handful of odd outcomes cannot flip the model. */
    static final double MAX_SHIFT = 4.0;

    private static final Feature[] FEATURES = Feature.values();
    private static final int K = FEATURES.length;

    /**
     * One confirmed outcome: the feature values of the candidates the triage ranked, and the index of
     * the confirmed cause among them, or -1 when it was none of them ("elsewhere").
     */
    public record Example(List<Map<Feature, Double>> candidates, int truth) {

        public Example {
            candidates = List.copyOf(candidates);
            if (truth < -1 || truth >= candidates.size()) {
                throw new IllegalArgumentException("truth index out of range: " + truth);
            }
        }

        /** The outcome of a triage whose cause was confirmed as {@code confirmedService}. */
        public static Example of(List<CandidateScore> ranked, String confirmedService) {
            int truth = -1;
            for (int i = 0; i < ranked.size(); i++) {
                if (ranked.get(i).service().equals(confirmedService)) {
                    truth = i;
                }
            }
            return new Example(ranked.stream().map(CandidateScore::features).toList(), truth);
        }
    }

    private ModelTrainer() {
    }

    /** The MAP weights for {@code examples}, stored as {@code version}. */
    public static Weights train(List<Example> examples, int version) {
        double[] prior = new double[K];
        for (int k = 0; k < K; k++) {
            prior[k] = FEATURES[k].defaultWeight();
        }
        List<double[][]> xs = new ArrayList<>();
        for (Example e : examples) {
            double[][] x = new double[e.candidates().size() + 1][K];
            x[0][Feature.ELSEWHERE.ordinal()] = 1.0;
            for (int i = 0; i < e.candidates().size(); i++) {
                for (Map.Entry<Feature, Double> f : e.candidates().get(i).entrySet()) {
                    x[i + 1][f.getKey().ordinal()] = f.getValue();
                }
            }
            xs.add(x);
        }
        int[] truths = examples.stream().mapToInt(e -> e.truth() + 1).toArray();

        double[] w = prior.clone();
        double loss = loss(w, prior, xs, truths);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = new double[K];
            double[][] hessian = new double[K][K];
            for (int k = 0; k < K; k++) {
                gradient[k] = PRIOR_PRECISION * (w[k] - prior[k]);
                hessian[k][k] = PRIOR_PRECISION;
            }
            for (int n = 0; n < xs.size(); n++) {
                double[][] x = xs.get(n);
                double[] p = softmax(w, x);
                double[] mean = new double[K];
                for (int i = 0; i < x.length; i++) {
                    for (int k = 0; k < K; k++) {
                        mean[k] += p[i] * x[i][k];
                    }
                }
                for (int k = 0; k < K; k++) {
                    gradient[k] += mean[k] - x[truths[n]][k];
                }
                for (int i = 0; i < x.length; i++) {
                    for (int a = 0; a < K; a++) {
                        double da = x[i][a] - mean[a];
                        if (da == 0) {
                            continue;
                        }
                        for (int b = 0; b < K; b++) {
                            hessian[a][b] += p[i] * da * (x[i][b] - mean[b]);
                        }
                    }
                }
            }
            double[] step = solve(hessian, gradient);
            double scale = 1.0;
            double[] next = new double[K];
            double nextLoss;
            do {
                for (int k = 0; k < K; k++) {
                    next[k] = clamp(w[k] - scale * step[k], prior[k]);
                }
                nextLoss = loss(next, prior, xs, truths);
                scale /= 2;
            } while (nextLoss > loss && scale > 1e-4);
            if (nextLoss > loss) {
                break;
            }
            boolean converged = loss - nextLoss < TOLERANCE;
            w = next.clone();
            loss = nextLoss;
            if (converged) {
                break;
            }
        }
        Map<Feature, Double> values = new EnumMap<>(Feature.class);
        for (int k = 0; k < K; k++) {
            values.put(FEATURES[k], Math.round(w[k] * 10_000) / 10_000.0);
        }
        return new Weights(version, values, examples.size());
    }

    private static double clamp(double value, double prior) {
        return Math.max(prior - MAX_SHIFT, Math.min(prior + MAX_SHIFT, value));
    }

    /** Negative log-posterior (up to a constant). */
    private static double loss(double[] w, double[] prior, List<double[][]> xs, int[] truths) {
        double sum = 0;
        for (int k = 0; k < K; k++) {
            sum += PRIOR_PRECISION / 2 * (w[k] - prior[k]) * (w[k] - prior[k]);
        }
        for (int n = 0; n < xs.size(); n++) {
            sum -= Math.log(Math.max(1e-300, softmax(w, xs.get(n))[truths[n]]));
        }
        return sum;
    }

    private static double[] softmax(double[] w, double[][] x) {
        double[] scores = new double[x.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int k = 0; k < K; k++) {
                s += w[k] * x[i][k];
            }
            scores[i] = s;
            max = Math.max(max, s);
        }
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            scores[i] = Math.exp(scores[i] - max);
            total += scores[i];
        }
        for (int i = 0; i < x.length; i++) {
            scores[i] /= total;
        }
        return scores;
    }

    /** Solves {@code a·x = b} by Gaussian elimination with partial pivoting (a is positive definite). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int row = col + 1; row < n; row++) {
                double factor = m[row][col] / m[col][col];
                for (int j = col; j <= n; j++) {
                    m[row][j] -= factor * m[col][j];
                }
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = m[row][n];
            for (int j = row + 1; j < n; j++) {
                sum -= m[row][j] * x[j];
            }
            x[row] = sum / m[row][row];
        }
        return x;
    }
}
