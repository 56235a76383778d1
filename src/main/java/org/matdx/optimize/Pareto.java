package org.matdx.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Several objectives at once: the Pareto front (results no other result beats in every
 * objective), its hypervolume, and ParEGO's scalarisation that lets single-objective Bayesian
 * optimisation explore the front (Knowles 2006: a random weight vector each round, augmented
 * Chebyshev distance to the ideal point). Values here are oriented so that larger is better.
 */
public final class Pareto {
    static final double RHO = 0.05;

    private Pareto() {
    }

    /** Indices of the non-dominated rows. */
    public static List<Integer> front(double[][] v) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            boolean dominated = false;
            for (int j = 0; j < v.length && !dominated; j++) {
                dominated = j != i && dominates(v[j], v[i]);
            }
            if (!dominated) {
                out.add(i);
            }
        }
        return out;
    }

    static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] < b[k]) {
                return false;
            }
            better |= a[k] > b[k];
        }
        return better;
    }

    /**
     * The volume dominated by the points and bounded below by {@code ref}: exact for two
     * objectives, a fixed-seed Monte-Carlo estimate (200,000 samples) for three or four.
     */
    public static double hypervolume(double[][] points, double[] ref) {
        List<double[]> p = new ArrayList<>();
        for (double[] x : points) {
            boolean above = true;
            for (int k = 0; k < ref.length; k++) {
                above &= x[k] > ref[k];
            }
            if (above) {
                p.add(x);
            }
        }
        if (p.isEmpty()) {
            return 0;
        }
        if (ref.length == 2) {
            p.sort((a, b) -> Double.compare(b[0], a[0]));
            double hv = 0;
            double bestY = ref[1];
            for (double[] x : p) {
                if (x[1] > bestY) {
                    hv += (x[0] - ref[0]) * (x[1] - bestY);
                    bestY = x[1];
                }
            }
            return hv;
        }
        double[] hi = ref.clone();
        for (double[] x : p) {
            for (int k = 0; k < hi.length; k++) {
                hi[k] = Math.max(hi[k], x[k]);
            }
        }
        double box = 1;
        for (int k = 0; k < hi.length; k++) {
            box *= hi[k] - ref[k];
        }
        Random r = new Random(42);
        int n = 200_000;
        int in = 0;
        double[] s = new double[ref.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < s.length; k++) {
                s[k] = ref[k] + r.nextDouble() * (hi[k] - ref[k]);
            }
            for (double[] x : p) {
                boolean dom = true;
                for (int k = 0; k < s.length && dom; k++) {
                    dom = x[k] >= s[k];
                }
                if (dom) {
                    in++;
                    break;
                }
            }
        }
        return box * in / n;
    }

    /**
     * ParEGO's scalar for each row (larger is better): objectives scaled to [0, 1] over the rows,
     * then minus the augmented Chebyshev distance to the ideal point under {@code weights}.
     */
    public static double[] parego(double[][] v, double[] weights) {
        int m = weights.length;
        double[] lo = new double[m];
        double[] hi = new double[m];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] x : v) {
            for (int k = 0; k < m; k++) {
                lo[k] = Math.min(lo[k], x[k]);
                hi[k] = Math.max(hi[k], x[k]);
            }
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int k = 0; k < m; k++) {
                double range = hi[k] - lo[k];
                double cost = range > 0 ? (hi[k] - v[i][k]) / range : 0;
                max = Math.max(max, weights[k] * cost);
                sum += weights[k] * cost;
            }
            out[i] = -(max + RHO * sum);
        }
        return out;
    }

    /** Weights drawn uniformly from the simplex. */
    public static double[] weights(int m, Random rnd) {
        return Candidates.dirichlet(m, rnd);
    }
}
