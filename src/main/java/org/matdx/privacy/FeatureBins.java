package org.matdx.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Candidate split points of each feature, fixed before any training row is seen. The private
 * learner may split a feature only at these edges, so the thresholds it stores say nothing about
 * the rows (binning at data quantiles would publish them).
 *
 * @param edges     per feature, ascending and distinct; a feature without edges is never split on
 * @param reference rows × features (row-major) of the same data-independent sample, or null: where
 *                  given, splits fall where they divide that sample (see {@link DpGbdt})
 */
public record FeatureBins(List<double[]> edges, float[] reference) {
    public FeatureBins(List<double[]> edges) {
        this(edges, null);
    }

    public FeatureBins {
        edges = List.copyOf(edges);
        if (reference != null && reference.length % Math.max(1, edges.size()) != 0) {
            throw new IllegalArgumentException("the reference sample must have " + edges.size() + " columns");
        }
        for (int j = 0; j < edges.size(); j++) {
            double[] e = edges.get(j);
            for (int i = 1; i < e.length; i++) {
                if (!(e[i] > e[i - 1])) {
                    throw new IllegalArgumentException("edges of feature " + j + " must be ascending and distinct");
                }
            }
        }
    }

    public int features() {
        return edges.size();
    }

    /**
     * Edges at the quantiles of a reference sample of each feature (rows × cols, row-major) — a
     * sample that must not come from training rows, e.g. the features of a fixed list of
     * compositions. NaN values are ignored; equal quantiles collapse into one edge.
     */
    public static FeatureBins fromReference(float[] reference, int rows, int cols, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("at least 2 bins per feature, was " + bins);
        }
        List<double[]> out = new ArrayList<>();
        double[] col = new double[rows];
        for (int j = 0; j < cols; j++) {
            int n = 0;
            for (int i = 0; i < rows; i++) {
                float v = reference[i * cols + j];
                if (!Float.isNaN(v)) {
                    col[n++] = v;
                }
            }
            double[] sorted = Arrays.copyOf(col, n);
            Arrays.sort(sorted);
            double[] e = new double[bins - 1];
            int k = 0;
            for (int b = 1; b < bins && n > 0; b++) {
                double pos = b * (n - 1) / (double) bins;
                int lo = (int) Math.floor(pos);
                double v = sorted[lo] + (pos - lo) * (sorted[Math.min(n - 1, lo + 1)] - sorted[lo]);
                // an edge equal to the largest value would split nothing off
                if ((k == 0 || v > e[k - 1]) && v < sorted[n - 1]) {
                    e[k++] = v;
                }
            }
            out.add(Arrays.copyOf(e, k));
        }
        return new FeatureBins(out, reference);
    }
}
