package org.matdx.optimize;

import java.util.Arrays;
import java.util.Locale;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * A monotone map of measured values to the scale the Gaussian process models. Experimental
 * objectives are often skewed or heavy-tailed (a resistance spanning three decades, an impurity
 * that is mostly small): a GP with a stationary kernel and Gaussian noise then spends its signal
 * variance on a few extreme values and sees the rest as flat. Warping the outputs first (Box-Cox /
 * Yeo-Johnson as in HEBO, Cowen-Rivers et al. 2022; log; normal scores of ranks as in copula-based
 * BO, Salinas et al. 2020) makes the GP's assumptions hold better; the transform is increasing, so
 * the best value stays the best, and it is reversed for anything reported in the objective's units.
 */
public sealed interface OutputTransform {
    /** Which transform, or {@link #AUTO} to let the observed values decide (see {@link #choose}). */
    enum Kind {
        AUTO, NONE, LOG, BOX_COX, YEO_JOHNSON, RANK
    }

    /** The transformed value. */
    double forward(double y);

    /** The value in the objective's units of a transformed value (clamped where the inverse is undefined). */
    double inverse(double z);

    String describe();

    /** The transform of one kind fitted to the observed values ({@code AUTO}: chosen by them). */
    static OutputTransform fit(Kind kind, double[] y) {
        if (y.length < 3) {
            return new Identity();
        }
        return switch (kind) {
            case NONE -> new Identity();
            case LOG -> Power.log(y);
            case BOX_COX -> Power.fit(y, false);
            case YEO_JOHNSON -> Power.fit(y, true);
            case RANK -> Rank.of(y);
            case AUTO -> choose(y);
        };
    }

    /**
     * The data's choice. Bayesian optimisation samples near the optimum, so the values it has seen
     * are always skewed, with a tail of poor results; warping that tail away stretches the good
     * end and, measured on the Olympus tables, cost more than it gained. What does break a GP is a
     * scale on which the objective is multiplicative or has extreme outliers: positive values
     * spanning more than two decades (a resistance, a rate, a concentration), or values so
     * heavy-tailed (excess kurtosis above 20) that a few of them set the whole variance. Those get a
     * power transform (Box-Cox for positive values, Yeo-Johnson otherwise) with its exponent by
     * maximum likelihood (λ near 0 is the log), kept if it explains the values as Gaussian
     * significantly better than none (likelihood-ratio test, χ²₁ at 1 %). When even the best power
     * leaves them strongly skewed or heavy-tailed (many ties, a few outliers), normal scores of
     * ranks, which are Gaussian whatever the values.
     */
    static OutputTransform choose(double[] y) {
        double min = Arrays.stream(y).min().orElse(0);
        double max = Arrays.stream(y).max().orElse(0);
        boolean positive = min > 0;
        boolean decades = positive && max / min > 100;
        if (!decades && excessKurtosis(y) <= 20) {
            return new Identity();
        }
        Power p = Power.fit(y, !positive);
        OutputTransform t = p.gain > 6.63 ? p : new Identity();
        double[] z = Arrays.stream(y).map(t::forward).toArray();
        if (Math.abs(skewness(z)) > 1.5 || excessKurtosis(z) > 6) {
            return Rank.of(y);
        }
        return t;
    }

    static double skewness(double[] v) {
        double m = Arrays.stream(v).average().orElse(0);
        double s2 = Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElse(0);
        if (s2 <= 0) {
            return 0;
        }
        return Arrays.stream(v).map(x -> Math.pow(x - m, 3)).average().orElse(0) / Math.pow(s2, 1.5);
    }

    static double excessKurtosis(double[] v) {
        double m = Arrays.stream(v).average().orElse(0);
        double s2 = Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElse(0);
        if (s2 <= 0) {
            return 0;
        }
        return Arrays.stream(v).map(x -> Math.pow(x - m, 4)).average().orElse(0) / (s2 * s2) - 3;
    }

    /**
     * Expected improvement in the objective's own units over {@code best} (a measured value), for a
     * GP posterior N(mean, sd²) on the transformed, sign-adjusted scale w = sign·T(y) (larger is
     * better): E[max(0, sign·(T⁻¹(sign·w) − best))], integrated numerically (composite Simpson over
     * the part of ±10 sd where there is an improvement). This is what stopping rules compare with a
     * threshold the user gave in the objective's units.
     */
    default double expectedImprovement(double mean, double sd, double best, double sign) {
        if (!(sd > 0)) {
            return Math.max(0, sign * (inverse(sign * mean) - best));
        }
        double from = Math.max(mean - 10 * sd, sign * forward(best));
        double to = mean + 10 * sd;
        if (!(to > from)) {
            return 0;
        }
        int intervals = 400;
        double h = (to - from) / intervals;
        double sum = 0;
        for (int i = 0; i <= intervals; i++) {
            double w = from + i * h;
            double u = (w - mean) / sd;
            double f = Math.max(0, sign * (inverse(sign * w) - best)) * Math.exp(-0.5 * u * u);
            sum += f * (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3 / (sd * Math.sqrt(2 * Math.PI));
    }

    /** The standard normal distribution (interfaces cannot have private static fields). */
    final class StandardNormal {
        static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

        private StandardNormal() {
        }
    }

    record Identity() implements OutputTransform {
        public double forward(double y) {
            return y;
        }

        public double inverse(double z) {
            return z;
        }

        public String describe() {
            return "none";
        }

        @Override
        public double expectedImprovement(double mean, double sd, double best, double sign) {
            return Acquisition.expectedImprovement(mean, sd, sign * best);
        }
    }

    /**
     * Box-Cox ((y/s)^λ − 1)/λ of positive values scaled by their standard deviation s, or
     * Yeo-Johnson of standardised values (which allows zero and negative values); λ = 0 is the log.
     */
    record Power(boolean yeoJohnson, double lambda, double shift, double scale, double gain) implements OutputTransform {
        static final double LOG = 0;

        static Power log(double[] y) {
            double min = Arrays.stream(y).min().orElse(1);
            if (min > 0) {
                return new Power(false, LOG, 0, std(y), Double.NaN);
            }
            // not all positive: the log of the values above the smallest, offset by a tenth of their spread
            double s = std(y) > 0 ? std(y) : 1;
            return new Power(false, LOG, -(min - 0.1 * s), s, Double.NaN);
        }

        /** λ in [−3, 3] maximising the profile likelihood of a Gaussian for the transformed values. */
        static Power fit(double[] y, boolean yeoJohnson) {
            double mean = yeoJohnson ? Arrays.stream(y).average().orElse(0) : 0;
            double s = std(y);
            double scale = s > 0 ? s : 1;
            if (!yeoJohnson && Arrays.stream(y).anyMatch(v -> v <= 0)) {
                throw new IllegalArgumentException("Box-Cox needs positive values; use Yeo-Johnson");
            }
            double shift = -mean;
            double best = Double.NEGATIVE_INFINITY;
            double bestL = 1;
            for (int i = 0; i <= 120; i++) {
                double l = -3 + 0.05 * i;
                double ll = profile(y, yeoJohnson, l, shift, scale);
                if (ll > best) {
                    best = ll;
                    bestL = l;
                }
            }
            // refine by golden section within a grid step
            double a = bestL - 0.05;
            double b = bestL + 0.05;
            double g = (Math.sqrt(5) - 1) / 2;
            for (int it = 0; it < 30; it++) {
                double c = b - g * (b - a);
                double d = a + g * (b - a);
                if (profile(y, yeoJohnson, c, shift, scale) > profile(y, yeoJohnson, d, shift, scale)) {
                    b = d;
                } else {
                    a = c;
                }
            }
            double lambda = (a + b) / 2;
            double ll = profile(y, yeoJohnson, lambda, shift, scale);
            // twice the log-likelihood gain over no transform (λ = 1), for the likelihood-ratio test
            double gain = 2 * (ll - profile(y, yeoJohnson, 1, shift, scale));
            return new Power(yeoJohnson, lambda, shift, scale, gain);
        }

        private static double std(double[] y) {
            double m = Arrays.stream(y).average().orElse(0);
            return Math.sqrt(Arrays.stream(y).map(v -> (v - m) * (v - m)).sum() / Math.max(1, y.length - 1));
        }

        /** Gaussian log-likelihood of the transformed values, with the Jacobian so different λ compare. */
        private static double profile(double[] y, boolean yj, double l, double shift, double scale) {
            Power p = new Power(yj, l, shift, scale, 0);
            double[] z = new double[y.length];
            double logJ = 0;
            for (int i = 0; i < y.length; i++) {
                double u = (y[i] + shift) / scale;
                z[i] = p.warp(u);
                logJ += yj ? (l - 1) * Math.signum(u) * Math.log1p(Math.abs(u)) : (l - 1) * Math.log(u);
            }
            double m = Arrays.stream(z).average().orElse(0);
            double v = Arrays.stream(z).map(x -> (x - m) * (x - m)).average().orElse(0);
            if (!(v > 0) || !Double.isFinite(v)) {
                return Double.NEGATIVE_INFINITY;
            }
            return -0.5 * y.length * Math.log(v) + logJ;
        }

        private double warp(double u) {
            double l = lambda;
            if (!yeoJohnson) {
                return Math.abs(l) < 1e-9 ? Math.log(u) : (Math.pow(u, l) - 1) / l;
            }
            if (u >= 0) {
                return Math.abs(l) < 1e-9 ? Math.log1p(u) : (Math.pow(u + 1, l) - 1) / l;
            }
            return Math.abs(l - 2) < 1e-9 ? -Math.log1p(-u) : -(Math.pow(1 - u, 2 - l) - 1) / (2 - l);
        }

        private double unwarp(double z) {
            double l = lambda;
            if (!yeoJohnson) {
                if (Math.abs(l) < 1e-9) {
                    return Math.exp(Math.min(z, 700));
                }
                return Math.pow(Math.max(l * z + 1, 1e-12), 1 / l);
            }
            if (z >= 0) {
                if (Math.abs(l) < 1e-9) {
                    return Math.expm1(Math.min(z, 700));
                }
                return Math.pow(Math.max(l * z + 1, 1e-12), 1 / l) - 1;
            }
            if (Math.abs(l - 2) < 1e-9) {
                return -Math.expm1(Math.min(-z, 700));
            }
            return 1 - Math.pow(Math.max(1 - (2 - l) * z, 1e-12), 1 / (2 - l));
        }

        public double forward(double y) {
            double u = (y + shift) / scale;
            if (!yeoJohnson && u <= 0) {
                // below the values the transform was fitted on: continue linearly from the smallest positive
                u = 1e-12;
            }
            return warp(u);
        }

        public double inverse(double z) {
            return unwarp(z) * scale - shift;
        }

        public String describe() {
            if (!yeoJohnson && lambda == LOG) {
                return "log";
            }
            return String.format(Locale.ROOT, "%s (λ = %.2f)", yeoJohnson ? "Yeo-Johnson" : "Box-Cox", lambda);
        }
    }

    /**
     * Normal scores of ranks: the i-th smallest of n values maps to Φ⁻¹((i − 3/8)/(n + 1/4))
     * (Blom), ties share their mean score. Between observed values the map is linear, beyond them it
     * continues with the slope of the two outermost, so unseen values keep their order.
     */
    record Rank(double[] values, double[] scores) implements OutputTransform {
        static Rank of(double[] y) {
            double[] sorted = y.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double[] v = new double[n];
            double[] s = new double[n];
            int m = 0;
            for (int i = 0; i < n; ) {
                int j = i;
                while (j + 1 < n && sorted[j + 1] == sorted[i]) {
                    j++;
                }
                double score = 0;
                for (int k = i; k <= j; k++) {
                    score += inverseNormal((k + 1 - 0.375) / (n + 0.25));
                }
                v[m] = sorted[i];
                s[m] = score / (j - i + 1);
                m++;
                i = j + 1;
            }
            return new Rank(Arrays.copyOf(v, m), Arrays.copyOf(s, m));
        }

        public double forward(double y) {
            return interpolate(values, scores, y);
        }

        public double inverse(double z) {
            return interpolate(scores, values, z);
        }

        private static double interpolate(double[] from, double[] to, double x) {
            int n = from.length;
            if (n == 1) {
                return to[0] + (x - from[0]);
            }
            int i = Arrays.binarySearch(from, x);
            if (i >= 0) {
                return to[i];
            }
            int hi = Math.min(Math.max(-i - 1, 1), n - 1);
            int lo = hi - 1;
            return to[lo] + (x - from[lo]) * (to[hi] - to[lo]) / (from[hi] - from[lo]);
        }

        public String describe() {
            return "rank (normal scores)";
        }
    }

    static double inverseNormal(double p) {
        return StandardNormal.NORMAL.inverseCumulativeProbability(p);
    }
}
