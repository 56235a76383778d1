package org.matdx.informatics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error and skill scores, as Matbench and scikit-learn define them: MAE, RMSE and R² (1 − SS_res /
 * SS_tot) for regression; ROC-AUC (Mann–Whitney, ties counted half), F1 and accuracy at a 0.5
 * threshold for classification.
 */
public final class Metrics {
    private Metrics() {
    }

    public static double mae(double[] y, double[] p) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += Math.abs(y[i] - p[i]);
        }
        return s / y.length;
    }

    public static double rmse(double[] y, double[] p) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (y[i] - p[i]) * (y[i] - p[i]);
        }
        return Math.sqrt(s / y.length);
    }

    public static double r2(double[] y, double[] p) {
        double mean = Arrays.stream(y).average().orElse(Double.NaN);
        double res = 0;
        double tot = 0;
        for (int i = 0; i < y.length; i++) {
            res += (y[i] - p[i]) * (y[i] - p[i]);
            tot += (y[i] - mean) * (y[i] - mean);
        }
        return tot == 0 ? Double.NaN : 1 - res / tot;
    }

    /** Area under the ROC curve: the probability that a random positive scores above a random negative. */
    public static double rocAuc(double[] y, double[] score) {
        Integer[] order = new Integer[y.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double[] rank = new double[y.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double r = (i + j) / 2.0 + 1; // average rank of a tie group
            for (int k = i; k <= j; k++) {
                rank[order[k]] = r;
            }
            i = j + 1;
        }
        long pos = 0;
        double rankSum = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1) {
                pos++;
                rankSum += rank[i];
            }
        }
        long neg = y.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    public static double f1(double[] y, double[] score) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < y.length; i++) {
            boolean predicted = score[i] >= 0.5;
            boolean actual = y[i] == 1;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    public static double accuracy(double[] y, double[] score) {
        long right = 0;
        for (int i = 0; i < y.length; i++) {
            if ((score[i] >= 0.5) == (y[i] == 1)) {
                right++;
            }
        }
        return (double) right / y.length;
    }

    /** The task's scores, in display order; the first is the one Matbench ranks by. */
    public static Map<String, Double> of(Task task, double[] y, double[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (task == Task.REGRESSION) {
            m.put("mae", mae(y, p));
            m.put("rmse", rmse(y, p));
            m.put("r2", r2(y, p));
        } else {
            m.put("roc_auc", rocAuc(y, p));
            m.put("f1", f1(y, p));
            m.put("accuracy", accuracy(y, p));
        }
        return m;
    }

    /** Mean and population standard deviation (Matbench reports the population std over folds). */
    public record Summary(double mean, double std) {
        public static Summary of(double[] v) {
            double m = Arrays.stream(v).average().orElse(Double.NaN);
            double ss = 0;
            for (double x : v) {
                ss += (x - m) * (x - m);
            }
            return new Summary(m, Math.sqrt(ss / v.length));
        }
    }
}
