package org.matdx.optimize;

import java.util.Arrays;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * TuRBO's trust region (Eriksson, Pearce, Gardner, Turner and Poloczek, NeurIPS 2019) adapted to a
 * pool of candidates. The acquisition is maximised only over candidates in a box around the best
 * result so far, whose sides follow the surrogate's length scales (long along inputs that matter
 * little) with their geometric mean {@code L}. {@code L} starts at 0.8 of the unit cube, doubles
 * (up to 1.6) after 3 rounds in a row that improved on the best, halves after max(4, d) / q rounds
 * in a row that did not, and is released (below) once under 0.5⁷ — TuRBO's constants.
 *
 * <p>A pool is a sparse sample of the space: a box that small around the incumbent would hold a
 * handful of rows, and the search would become a local walk that never leaves the first good
 * region. So the box is grown, keeping its shape, until it holds as many open rows as
 * {@link #MIN_SHARE} of the pool (and at least {@link #MIN_OPEN}): the trust region restricts where
 * the surrogate's optimism is believed, not which few neighbours are tried.
 *
 * <p>When the side collapses below {@code MIN}, TuRBO restarts its region elsewhere. Here the region
 * is <em>released</em> instead: the acquisition ranges over the whole pool until a round improves on
 * the best, and then a region of the initial side forms around the new best. Restarting the box
 * around the same incumbent would keep a search whose best rows lie in two separate regions in the
 * first one forever (photo_pce10: 0.48 of the top rows after 150 experiments instead of 0.80 without
 * a region; released, 0.80 — docs/BENCHMARKS.md).
 */
final class PoolTrustRegion {
    static final double INITIAL = 0.8;
    static final double MAX = 1.6;
    static final double MIN = Math.pow(0.5, 7);
    static final int SUCCESSES = 3;
    static final double MIN_SHARE = 0.25;
    static final int MIN_OPEN = 20;

    private double length = INITIAL;
    private int seen;
    private int successes;
    private int failures;
    private boolean released;

    double length() {
        return length;
    }

    /** Whether the region has collapsed without an improvement since, so that the whole pool is open. */
    boolean released() {
        return released;
    }

    /** How many results the region has counted (0 before its first round). */
    int seen() {
        return seen;
    }

    /**
     * Counts the results since the last call as one round (a batch of {@code values.length - seen}),
     * success if they improved on the best before them by more than 10⁻³ of the observed range.
     *
     * @param values every result so far in the order measured, larger is better
     * @param dims   the number of inputs (TuRBO's failure tolerance grows with it)
     */
    void update(double[] values, int dims) {
        int n = values.length;
        if (seen > 0 && n > seen) {
            double lo = Arrays.stream(values).min().orElse(0);
            double hi = Arrays.stream(values).max().orElse(0);
            double before = Arrays.stream(values, 0, seen).max().orElse(Double.NEGATIVE_INFINITY);
            double now = Arrays.stream(values, seen, n).max().orElse(Double.NEGATIVE_INFINITY);
            boolean improved = now > before + 1e-3 * (hi - lo);
            if (released) {
                // the whole pool is open, the side held at INITIAL: nothing to grow or shrink until a round
                // improves on the best
                released = !improved;
                seen = n;
                return;
            }
            if (improved) {
                successes++;
                failures = 0;
            } else {
                failures++;
                successes = 0;
            }
            int batch = n - seen;
            if (successes >= SUCCESSES) {
                length = Math.min(2 * length, MAX);
                successes = 0;
            } else if (failures >= Math.ceil(Math.max(4.0 / batch, (double) dims / batch))) {
                length /= 2;
                failures = 0;
            }
            if (length < MIN) {
                length = INITIAL;
                released = true;
                successes = 0;
                failures = 0;
            }
        }
        seen = n;
    }

    /**
     * The candidates inside the region: rows whose every coordinate lies within half a side of the
     * centre (the box grown as described above when it holds too few open rows).
     *
     * @param logLengths the surrogate's log length scales; only the first {@code dims} are the pool's inputs
     */
    IntPredicate inside(double[][] pool, double[] centre, double[] logLengths, int dims, Set<Integer> taken) {
        double meanLog = 0;
        for (int k = 0; k < dims; k++) {
            meanLog += logLengths[k] / dims;
        }
        double[] half = new double[dims];
        for (int k = 0; k < dims; k++) {
            half[k] = Math.exp(logLengths[k] - meanLog) * length / 2;
        }
        // each row's distance from the centre in half-sides (Chebyshev): inside the box at ≤ 1
        double[] reach = new double[pool.length];
        double[] open = new double[pool.length - Math.min(pool.length, taken.size())];
        int m = 0;
        for (int i = 0; i < pool.length; i++) {
            double r = 0;
            for (int k = 0; k < dims; k++) {
                r = Math.max(r, Math.abs(pool[i][k] - centre[k]) / half[k]);
            }
            reach[i] = r;
            if (!taken.contains(i) && m < open.length) {
                open[m++] = r;
            }
        }
        if (m == 0 || released) {
            return i -> true;
        }
        Arrays.sort(open, 0, m);
        int need = Math.min(m, Math.max(MIN_OPEN, (int) Math.ceil(MIN_SHARE * pool.length)));
        double limit = Math.max(1, open[need - 1]);
        // rows a batch rule appends later (fresh candidates sharing the batch's fixed settings) are not judged
        return i -> i >= reach.length || reach[i] <= limit;
    }
}
