package org.matdx.informatics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to train a model: the task, the boosting settings, how many ensemble members (each with its
 * own seed and row subsample; their spread is the uncertainty), and for regression whether to use
 * a hurdle — a classifier for "is the value non-zero?" in front of a regressor fitted on the
 * non-zero rows. The hurdle suits zero-inflated targets such as band gaps, where metals are 0.
 */
public record Recipe(Task task, BoostParams params, int members, boolean hurdle) {
    /** A target is zero-inflated when at least this share of its values is exactly zero. */
    public static final double HURDLE_SHARE = 0.2;

    public Recipe {
        if (members < 1 || members > 50) {
            throw new IllegalArgumentException("members must be 1-50, was " + members);
        }
        if (hurdle && task != Task.REGRESSION) {
            throw new IllegalArgumentException("a hurdle is for regression targets only");
        }
    }

    /** The hurdle is chosen when the target is non-negative and at least 20% of it is zero. */
    public static boolean zeroInflated(double[] y) {
        int zeros = 0;
        for (double v : y) {
            if (v < 0) {
                return false;
            }
            if (v == 0) {
                zeros++;
            }
        }
        return y.length > 0 && zeros >= HURDLE_SHARE * y.length && zeros < y.length;
    }

    public Recipe withParams(BoostParams p) {
        return new Recipe(task, p, members, hurdle);
    }

    public Recipe withMembers(int m) {
        return new Recipe(task, params, m, hurdle);
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", "xgboost gbtree (hist)");
        m.put("task", task.code());
        m.put("members", members);
        m.put("hurdle", hurdle);
        m.putAll(params.describe());
        return m;
    }
}
