package org.matdx.optimize;

/**
 * How much a candidate is worth measuring next, from the surrogate's mean and variance there.
 * Values are for maximisation; minimisation is handled by negating the objective upstream.
 */
public enum Acquisition {
    /** Expected improvement over the best value so far (Jones et al. 1998). */
    EI,
    /** Logarithm of EI, computed stably far in the tail where EI underflows (Ament et al. 2023). */
    LOG_EI,
    /** Upper confidence bound μ + κσ. */
    UCB;

    public double value(double mean, double variance, double best, double kappa) {
        double sigma = Math.sqrt(Math.max(variance, 1e-18));
        return switch (this) {
            case UCB -> mean + kappa * sigma;
            case EI -> expectedImprovement(mean, sigma, best);
            case LOG_EI -> logExpectedImprovement(mean, sigma, best);
        };
    }

    public static double expectedImprovement(double mean, double sigma, double best) {
        double z = (mean - best) / sigma;
        return sigma * (z * Normal.cdf(z) + Normal.pdf(z));
    }

    /**
     * log P(success) from a surrogate of the success indicator (1 success, 0 failure): the
     * probability that the latent success score is above one half, so that near a failed run it
     * falls far below any expected improvement, and far from any run it stays near one half.
     */
    public static double logProbabilityOfSuccess(double mean, double variance) {
        return Normal.logCdf((mean - 0.5) / Math.sqrt(Math.max(variance, 1e-12)));
    }

    public static double logExpectedImprovement(double mean, double sigma, double best) {
        double z = (mean - best) / sigma;
        double h;
        if (z > -6) {
            h = Math.log(z * Normal.cdf(z) + Normal.pdf(z));
        } else {
            // asymptotic: z Φ(z) + φ(z) = φ(z) (1 - z Φ(z)/(-φ(z)))... use Mills ratio R(-z) = Φ(z)/φ(z)
            double mills = Normal.millsRatio(-z);
            h = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) + Math.log1p(z * mills);
        }
        return h + Math.log(sigma);
    }

    /** The standard normal distribution. */
    static final class Normal {
        private Normal() {
        }

        static double pdf(double z) {
            return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        }

        static double cdf(double z) {
            return 0.5 * erfc(-z / Math.sqrt(2));
        }

        /** log Φ(z), accurate far into the lower tail where Φ underflows. */
        static double logCdf(double z) {
            if (z > -6) {
                return Math.log(cdf(z));
            }
            return -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) + Math.log(millsRatio(-z));
        }

        /** Φ(-x)/φ(x) for large x, by its continued fraction (accurate for x ≥ 6). */
        static double millsRatio(double x) {
            double f = x;
            for (int k = 40; k >= 1; k--) {
                f = x + k / f;
            }
            return 1 / f;
        }

        /** Complementary error function (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
        static double erfc(double x) {
            double z = Math.abs(x);
            double t = 1 / (1 + 0.5 * z);
            double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? r : 2 - r;
        }
    }
}
