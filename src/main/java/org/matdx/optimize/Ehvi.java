package org.matdx.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expected hypervolume improvement for two objectives (larger is better), exact. The region a new
 * result can add to the front is cut into vertical strips at the front's first-objective values
 * (Emmerich, Yang, Deutz, Wang &amp; Fonseca 2016; Yang et al. 2019): within strip i, between
 * l<sub>i</sub> and u<sub>i</sub>, the front already covers up to height g<sub>i</sub>, so a
 * result (a, b) adds (min(a, u<sub>i</sub>) − l<sub>i</sub>)⁺ · (b − g<sub>i</sub>)⁺. With
 * independent Gaussian predictions for a and b the expectation factorises, and each factor is a
 * closed form ψ(t) = E[(y − t)⁺] = σφ(z) + (μ − t)Φ(z), z = (μ − t)/σ:
 * EHVI = Σ<sub>i</sub> [ψ<sub>a</sub>(l<sub>i</sub>) − ψ<sub>a</sub>(u<sub>i</sub>)] ψ<sub>b</sub>(g<sub>i</sub>).
 */
public final class Ehvi {
    /** The front's strips, computed once per round and used for every candidate. */
    private final double[] lower;
    private final double[] upper;
    private final double[] covered;

    /**
     * @param points results so far (dominated ones are ignored), oriented so larger is better
     * @param ref    the reference point; only what lies above it counts
     */
    public Ehvi(double[][] points, double[] ref) {
        List<double[]> p = new ArrayList<>();
        for (int i : Pareto.front(points)) {
            if (points[i][0] > ref[0] && points[i][1] > ref[1]) {
                p.add(points[i]);
            }
        }
        p.sort((x, y) -> Double.compare(x[0], y[0])); // first objective up, second therefore down
        int n = p.size();
        lower = new double[n + 1];
        upper = new double[n + 1];
        covered = new double[n + 1];
        double l = ref[0];
        for (int i = 0; i < n; i++) {
            lower[i] = l;
            upper[i] = p.get(i)[0];
            covered[i] = p.get(i)[1];
            l = p.get(i)[0];
        }
        lower[n] = l;
        upper[n] = Double.POSITIVE_INFINITY;
        covered[n] = ref[1];
    }

    /** The expected improvement of a result predicted as N(mean[k], sd[k]²) in each objective, independently. */
    public double expected(double mean0, double sd0, double mean1, double sd1) {
        double sum = 0;
        for (int i = 0; i < lower.length; i++) {
            double width = psi(lower[i], mean0, sd0) - (Double.isInfinite(upper[i]) ? 0 : psi(upper[i], mean0, sd0));
            if (width > 0) {
                sum += width * psi(covered[i], mean1, sd1);
            }
        }
        return sum;
    }

    /** The improvement a result (a, b) would bring for certain. */
    public double improvement(double a, double b) {
        return expected(a, 0, b, 0);
    }

    /** E[(y − t)⁺] for y ~ N(mean, sd²). */
    static double psi(double t, double mean, double sd) {
        if (sd <= 0) {
            return Math.max(0, mean - t);
        }
        double z = (mean - t) / sd;
        return sd * Acquisition.Normal.pdf(z) + (mean - t) * Acquisition.Normal.cdf(z);
    }

    /**
     * A reference point below the results: the worst value of each objective less a tenth of its
     * range, so that the extremes of the front still count.
     */
    public static double[] reference(double[][] points) {
        int m = points[0].length;
        double[] lo = new double[m];
        double[] hi = new double[m];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] x : points) {
            for (int k = 0; k < m; k++) {
                lo[k] = Math.min(lo[k], x[k]);
                hi[k] = Math.max(hi[k], x[k]);
            }
        }
        double[] ref = new double[m];
        for (int k = 0; k < m; k++) {
            double range = hi[k] - lo[k];
            ref[k] = lo[k] - (range > 0 ? 0.1 * range : 0.1 * Math.max(1, Math.abs(lo[k])));
        }
        return ref;
    }
}
