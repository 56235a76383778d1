package org.matdx.informatics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradient-boosting settings that the hyper-parameter search varies and a model card records.
 *
 * @param rounds          number of trees
 * @param maxDepth        depth of each tree
 * @param eta             learning rate
 * @param subsample       fraction of rows each tree sees (also what makes ensemble members differ)
 * @param colsample       fraction of features each tree sees
 * @param minChildWeight  smallest hessian sum in a leaf (a row count, for squared error)
 * @param lambda          L2 penalty on leaf weights
 */
public record BoostParams(int rounds, int maxDepth, double eta, double subsample, double colsample,
                          double minChildWeight, double lambda) {
    public BoostParams {
        if (rounds < 1 || rounds > 20_000) {
            throw new IllegalArgumentException("rounds must be 1-20000, was " + rounds);
        }
        if (maxDepth < 1 || maxDepth > 16) {
            throw new IllegalArgumentException("max_depth must be 1-16, was " + maxDepth);
        }
        if (!(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta must be in (0, 1], was " + eta);
        }
        if (!(subsample > 0 && subsample <= 1) || !(colsample > 0 && colsample <= 1)) {
            throw new IllegalArgumentException("subsample and colsample must be in (0, 1]");
        }
        if (!(minChildWeight >= 0) || !(lambda >= 0)) {
            throw new IllegalArgumentException("min_child_weight and lambda must be ≥ 0");
        }
    }

    /** Sensible for a few hundred to a few thousand rows of Magpie features. */
    public static final BoostParams DEFAULT = new BoostParams(500, 6, 0.05, 0.8, 0.6, 1, 1);

    /** XGBoost's parameter map for one ensemble member. */
    Map<String, Object> xgboost(String objective, long seed, int threads) {
        Map<String, Object> m = new HashMap<>();
        m.put("objective", objective);
        m.put("tree_method", "hist");
        m.put("max_depth", maxDepth);
        m.put("eta", eta);
        m.put("subsample", subsample);
        m.put("colsample_bytree", colsample);
        m.put("min_child_weight", minChildWeight);
        m.put("lambda", lambda);
        m.put("seed", seed);
        m.put("nthread", threads);
        m.put("verbosity", 0);
        return m;
    }

    /** As a model card shows them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", rounds);
        m.put("max_depth", maxDepth);
        m.put("eta", eta);
        m.put("subsample", subsample);
        m.put("colsample_bytree", colsample);
        m.put("min_child_weight", minChildWeight);
        m.put("lambda", lambda);
        return m;
    }

    public BoostParams withRounds(int r) {
        return new BoostParams(r, maxDepth, eta, subsample, colsample, minChildWeight, lambda);
    }
}
