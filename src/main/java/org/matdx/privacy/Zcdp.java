package org.matdx.privacy;

/**
 * Zero-concentrated differential privacy (Bun &amp; Steinke, "Concentrated Differential Privacy:
 * Simplifications, Extensions, and Lower Bounds", TCC 2016), the accounting for many Gaussian
 * releases over the same rows:
 * <ul>
 *   <li>the Gaussian mechanism with L2 sensitivity Δ and noise N(0, σ²) is ρ-zCDP with ρ = Δ²/(2σ²)
 *       (their Proposition 1.6);</li>
 *   <li>ρ adds up over releases, also when each release is chosen after seeing the earlier ones
 *       (their Lemma 2.3, adaptive composition);</li>
 *   <li>ρ-zCDP implies (ε, δ)-DP for every δ &gt; 0 with
 *       ε = inf over α &gt; 1 of αρ + (ln(1/δ) + (α−1)·ln(1−1/α) − ln α) / (α−1)
 *       (Canonne, Kamath &amp; Steinke, "The Discrete Gaussian for Differential Privacy", NeurIPS 2020,
 *       Corollary 13, applied to the Rényi divergences αρ that ρ-zCDP bounds). It is never larger
 *       than Bun &amp; Steinke's ρ + 2·√(ρ·ln(1/δ)) (their Proposition 1.3).</li>
 * </ul>
 */
public final class Zcdp {
    private Zcdp() {
    }

    /** The ε of (ε, δ)-DP that ρ-zCDP implies. */
    public static double epsilon(double rho, double delta) {
        if (!(rho >= 0) || Double.isInfinite(rho) || !(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("need ρ ≥ 0 finite and 0 < δ < 1, got ρ = " + rho + ", δ = " + delta);
        }
        if (rho == 0) {
            return 0;
        }
        double log1d = Math.log(1 / delta);
        // the objective is convex in α; its minimum lies near 1 + √(ln(1/δ)/ρ): search a log-spaced
        // grid around it, then refine by golden section in the best cell
        double best = Double.POSITIVE_INFINITY;
        double bestA = 2;
        double centre = 1 + Math.sqrt(log1d / rho);
        for (int i = -400; i <= 400; i++) {
            double a = 1 + (centre - 1) * Math.pow(10, i / 100.0);
            double e = objective(a, rho, log1d);
            if (e < best) {
                best = e;
                bestA = a;
            }
        }
        double lo = 1 + (bestA - 1) * Math.pow(10, -0.01);
        double hi = 1 + (bestA - 1) * Math.pow(10, 0.01);
        double g = (Math.sqrt(5) - 1) / 2;
        for (int k = 0; k < 100; k++) {
            double a1 = hi - g * (hi - lo);
            double a2 = lo + g * (hi - lo);
            if (objective(a1, rho, log1d) < objective(a2, rho, log1d)) {
                hi = a2;
            } else {
                lo = a1;
            }
        }
        return Math.min(best, objective((lo + hi) / 2, rho, log1d));
    }

    private static double objective(double a, double rho, double log1d) {
        return a * rho + (log1d + (a - 1) * Math.log1p(-1 / a) - Math.log(a)) / (a - 1);
    }

    /** The largest ρ whose (ε, δ) conversion is at most {@code epsilon} (bisection; the conversion grows with ρ). */
    public static double rho(double epsilon, double delta) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("ε must be positive and finite, was " + epsilon);
        }
        double lo = 0;
        double hi = epsilon; // ε(ρ) > ρ, so ρ = ε is always too much
        for (int k = 0; k < 200; k++) {
            double mid = (lo + hi) / 2;
            if (epsilon(mid, delta) > epsilon) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return lo;
    }
}
