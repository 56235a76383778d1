package org.matdx.privacy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The mechanisms the private learner is built from: Laplace and the exponential mechanism (ε-DP;
 * Dwork &amp; Roth, "The Algorithmic Foundations of Differential Privacy", 2014, §3.3 and §3.4) and
 * the Gaussian mechanism (ρ-zCDP, accounted by {@link Zcdp}).
 *
 * <p>Noise comes from a generator seeded from {@link SecureRandom} unless a seed is given (tests and
 * benchmarks, whose noise must repeat). Floating-point Laplace and Gaussian samples can leak through
 * their low bits (Mironov, CCS 2012); what a caller receives is rounded to a stated resolution, far coarser.
 */
public final class Mechanisms {
    private final SplittableRandom random;

    private Mechanisms(SplittableRandom random) {
        this.random = random;
    }

    /** Noise nobody can reproduce: the production path. */
    public static Mechanisms secure() {
        return new Mechanisms(new SplittableRandom(new SecureRandom().nextLong()));
    }

    /** Repeatable noise, for tests and benchmarks only. */
    public static Mechanisms seeded(long seed) {
        return new Mechanisms(new SplittableRandom(seed));
    }

    /** A draw from Laplace(0, scale): the Laplace mechanism adds it with scale = sensitivity / ε. */
    public double laplace(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("Laplace scale must be finite and non-negative, was " + scale);
        }
        double u = random.nextDouble() - 0.5;
        return -scale * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }

    /**
     * A draw from N(0, σ²): the Gaussian mechanism adds it with σ chosen for the release's L2
     * sensitivity and its share of ρ ({@link Zcdp}).
     */
    public double gaussian(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("Gaussian σ must be finite and non-negative, was " + sigma);
        }
        // Box-Muller from two uniforms of the same generator; 1 - u keeps the logarithm finite
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    /**
     * The q-quantile of {@code values} by the exponential mechanism over a fixed grid of candidates
     * (Smith, STOC 2011): candidate c scores minus the distance from q·n to its rank interval
     * [#{v &lt; c}, #{v ≤ c}], and is drawn with probability ∝ exp(ε·score/2). Adding or removing one
     * row moves each end of the interval by at most 1 and q·n by q ≤ 1 in the same direction, so the
     * score's sensitivity is 1. The interval (not #{v &lt; c} alone) makes a value many rows share —
     * a metal's band gap of 0 — the quantile it is, instead of tying every candidate below it (which
     * once sent the 5 % quantile of matbench_expt_gap to −10⁵). The grid must not depend on the data.
     */
    public double quantile(double[] values, double q, double[] grid, double epsilon) {
        if (grid.length == 0) {
            throw new IllegalArgumentException("the candidate grid is empty");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("ε must be positive, was " + epsilon);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double target = q * v.length;
        double[] logw = new double[grid.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < grid.length; i++) {
            int below = lowerBound(v, grid[i]);
            int atOrBelow = upperBound(v, grid[i]);
            double miss = Math.max(0, Math.max(below - target, target - atOrBelow));
            logw[i] = -epsilon * miss / 2;
            max = Math.max(max, logw[i]);
        }
        double total = 0;
        for (int i = 0; i < grid.length; i++) {
            logw[i] = Math.exp(logw[i] - max);
            total += logw[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < grid.length; i++) {
            r -= logw[i];
            if (r <= 0) {
                return grid[i];
            }
        }
        return grid[grid.length - 1];
    }

    /**
     * A grid that does not depend on the data: 0 and ±10^k for k from −3 to 6 in {@code perDecade}
     * steps per decade, sorted. Physical quantities in their usual units fall inside it.
     */
    public static double[] logGrid(int perDecade) {
        int decades = 9;
        double[] g = new double[2 * decades * perDecade + 3];
        int k = 0;
        g[k++] = 0;
        for (int i = 0; i <= decades * perDecade; i++) {
            double m = Math.pow(10, -3 + i / (double) perDecade);
            g[k++] = m;
            g[k++] = -m;
        }
        double[] out = Arrays.copyOf(g, k);
        Arrays.sort(out);
        return out;
    }

    private static int upperBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
