package org.matdx.informatics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, time-boxed hyper-parameter search: a fixed list of settings that work well on small
 * tabular materials data, tried in order by 3-fold cross-validation with one ensemble member each,
 * until the time budget or the list runs out. The first (the default) is always tried, so the
 * search never returns nothing. Lower MAE wins for regression, higher ROC-AUC for classification.
 */
public final class HyperSearch {
    /** The candidates in the order they are tried. */
    public static final List<BoostParams> CANDIDATES = List.of(
            BoostParams.DEFAULT,
            new BoostParams(300, 4, 0.1, 0.8, 0.8, 1, 1),
            new BoostParams(800, 8, 0.03, 0.8, 0.5, 1, 1),
            new BoostParams(500, 6, 0.05, 0.7, 0.6, 3, 2),
            new BoostParams(400, 3, 0.1, 0.9, 0.8, 2, 1),
            new BoostParams(1000, 5, 0.02, 0.8, 0.4, 1, 1));

    /** One tried setting and its cross-validated score. */
    public record Trial(BoostParams params, double score) {
    }

    public record Outcome(BoostParams best, List<Trial> trials, String metric, boolean exhausted) {
    }

    private HyperSearch() {
    }

    public static Outcome run(Recipe recipe, List<String> names, Matrix x, double[] y, Duration budget, int maxTrials,
                              int threads, long seed, BoostedModel.Listener listener) {
        long deadline = System.nanoTime() + budget.toNanos();
        int folds = Math.min(3, y.length);
        int[] fold = CrossValidation.assign(y.length, folds, seed);
        List<Trial> trials = new ArrayList<>();
        BoostParams best = null;
        double bestScore = Double.NaN;
        int limit = Math.min(maxTrials, CANDIDATES.size());
        for (int i = 0; i < limit; i++) {
            if (i > 0 && System.nanoTime() > deadline) {
                break;
            }
            BoostParams p = CANDIDATES.get(i);
            final int done = i;
            CrossValidation.Result r = CrossValidation.run(recipe.withParams(p).withMembers(1), names, x, y, fold,
                    threads, seed, f -> listener.fitted((done + f) / limit));
            double score = r.primary();
            trials.add(new Trial(p, score));
            boolean better = best == null || (recipe.task() == Task.REGRESSION ? score < bestScore : score > bestScore);
            if (better) {
                best = p;
                bestScore = score;
            }
        }
        return new Outcome(best, List.copyOf(trials), recipe.task() == Task.REGRESSION ? "mae" : "roc_auc",
                trials.size() == limit);
    }
}
