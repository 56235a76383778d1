package org.matdx.informatics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-fold cross-validation: rows shuffled with a fixed seed and dealt into k folds of near-equal
 * size; each fold is predicted by a model trained on the others. Reports each fold's scores and
 * their mean ± population standard deviation.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** Scores of one held-out fold. */
    public record Fold(int index, int testRows, Map<String, Double> scores) {
    }

    /**
     * @param calibration for regression ensembles: how the spread becomes an uncertainty that covers
     *                    68.27 % of the out-of-fold errors ({@link Calibration#NONE} for
     *                    classification or too few rows)
     * @param outOfFold   each row's prediction by the model that did not see it (row order), for
     *                    parity plots and residual checks
     */
    public record Result(List<Fold> folds, Map<String, Metrics.Summary> summary, Calibration calibration,
                         double[] outOfFold) {
        /** The factor k of the calibration (NaN when there is none). */
        public double uncertaintyScale() {
            return calibration.scale();
        }

        /** The mean of the first (ranking) score, e.g. MAE or ROC-AUC. */
        public double primary() {
            return summary.values().iterator().next().mean();
        }
    }

    /** Fold assignment of each row (0 … k-1), shuffled with {@code seed}. */
    public static int[] assign(int rows, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, was " + k);
        }
        if (rows < k) {
            throw new IllegalArgumentException(k + "-fold cross-validation needs at least " + k + " rows");
        }
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] fold = new int[rows];
        for (int i = 0; i < rows; i++) {
            fold[perm[i]] = i % k;
        }
        return fold;
    }

    /** Runs the folds given by {@code fold} (values 0 … k-1). */
    public static Result run(Recipe recipe, List<String> names, Matrix x, double[] y, int[] fold, int threads,
                             long seed, BoostedModel.Listener listener) {
        int k = Arrays.stream(fold).max().orElse(0) + 1;
        List<Fold> folds = new ArrayList<>();
        double[] spread = new double[y.length];
        double[] outOfFold = new double[y.length];
        for (int f = 0; f < k; f++) {
            final int ff = f;
            int[] train = IntStream.range(0, y.length).filter(i -> fold[i] != ff).toArray();
            int[] test = IntStream.range(0, y.length).filter(i -> fold[i] == ff).toArray();
            double[] yTrain = pick(y, train);
            double[] yTest = pick(y, test);
            Recipe r = recipe.task() == Task.REGRESSION && recipe.hurdle() && !Recipe.zeroInflated(yTrain)
                    ? new Recipe(recipe.task(), recipe.params(), recipe.members(), false) : recipe;
            final int done = f;
            try (BoostedModel m = BoostedModel.train(r, names, x.rows(train), yTrain, threads, seed + f,
                    frac -> listener.fitted((done + frac) / k))) {
                Predictions pred = m.predict(x.rows(test));
                double[] p = pred.value();
                for (int i = 0; i < test.length; i++) {
                    outOfFold[test[i]] = p[i];
                    spread[test[i]] = pred.std()[i];
                }
                folds.add(new Fold(f, test.length, Metrics.of(recipe.task(), yTest, p)));
            }
        }
        Calibration calibration = Calibration.NONE;
        if (recipe.task() == Task.REGRESSION) {
            double[] error = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                error[i] = y[i] - outOfFold[i];
            }
            calibration = Calibration.fit(error, spread);
        }
        return new Result(folds, summarise(folds), calibration, outOfFold);
    }

    static Map<String, Metrics.Summary> summarise(List<Fold> folds) {
        Map<String, Metrics.Summary> s = new LinkedHashMap<>();
        for (String key : folds.get(0).scores().keySet()) {
            s.put(key, Metrics.Summary.of(folds.stream().mapToDouble(f -> f.scores().get(key)).toArray()));
        }
        return s;
    }

    static double[] pick(double[] y, int[] idx) {
        double[] v = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            v[i] = y[idx[i]];
        }
        return v;
    }
}
