package org.matdx.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.random.RandomGenerator;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.matdx.optimize.Acquisition;
import org.matdx.optimize.Parameter;
import org.matdx.optimize.ParameterSpace;

/**
 * Bayesian optimisation from sums over nodes: a Gaussian process approximated by random Fourier
 * features (Rahimi &amp; Recht, NIPS 2007) is Bayesian linear regression on the features, whose
 * posterior and exact marginal likelihood depend on the trials only through ΦᵀΦ, Φᵀz, zᵀz and n —
 * sums over trials, hence over nodes, which secure aggregation delivers without showing any one
 * node's share. The federated Thompson-sampling design of Dai, Low &amp; Jaillet (NeurIPS 2020)
 * uses the same features for the same reason.
 *
 * <p>One round: every node sends, for each length scale ℓ of the spec's grid (one feature map
 * each, drawn from the public seed and the session id), Φᵀ1, Φᵀz and the upper triangle of ΦᵀΦ,
 * and once n, Σz, Σz² (z: the objective scaled onto [−1, 1] of the public range, larger better;
 * a failed run counts as −1). The coordinator standardises z with the pooled mean and deviation
 * (exactly, from those sums), picks (ℓ, σ²) of the grid by the log marginal likelihood
 * <pre>  −½ [ (ỹᵀỹ − bᵀM⁻¹b)/σ² + (n − D) ln σ² + ln|M| + n ln 2π ],  M = ΦᵀΦ + σ²I,  b = Φᵀỹ</pre>
 * (unit prior variance of the weights on standardised values), and has the posterior
 * w ~ N(M⁻¹b, σ²M⁻¹) of every node's trials together.
 */
public final class FederatedBayes {
    private FederatedBayes() {
    }

    /** The feature map of length scale {@code scale} of the grid in a session: φ(x) = √(2/D) cos(Wx + b). */
    public record Features(double[][] w, double[] b) {
        public static Features of(CampaignSpec spec, String session, int scale) {
            int dims = spec.dimensions();
            int d = spec.features();
            double ell = spec.lengthScales().get(scale);
            // public randomness: every node and the coordinator draw the same map
            SplittableRandom r = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + session.hashCode() * 1_000_003L + scale);
            double[][] w = new double[d][dims];
            double[] b = new double[d];
            for (int j = 0; j < d; j++) {
                // the spectral density of the Matérn-5/2 kernel is a Student t with 5 degrees of freedom
                double t = 1;
                if (spec.kernel() == CampaignSpec.Kernel.MATERN52) {
                    double chi = 0;
                    for (int k = 0; k < 5; k++) {
                        double g = r.nextGaussian();
                        chi += g * g;
                    }
                    t = Math.sqrt(5 / chi);
                }
                for (int k = 0; k < dims; k++) {
                    w[j][k] = r.nextGaussian() * t / ell;
                }
                b[j] = r.nextDouble() * 2 * Math.PI;
            }
            return new Features(w, b);
        }

        public int size() {
            return b.length;
        }

        public double[] at(double[] x) {
            int d = b.length;
            double norm = Math.sqrt(2.0 / d);
            double[] phi = new double[d];
            for (int j = 0; j < d; j++) {
                double s = b[j];
                double[] wj = w[j];
                for (int k = 0; k < x.length; k++) {
                    s += wj[k] * x[k];
                }
                phi[j] = norm * Math.cos(s);
            }
            return phi;
        }
    }

    /**
     * What a node (or one place holding all trials) sends in a round: n, Σz, Σz², then per length
     * scale Φᵀ1, Φᵀz and the upper triangle of ΦᵀΦ (row by row), {@link CampaignSpec#statisticsLength} values.
     */
    public static double[] statistics(CampaignSpec spec, String session, List<double[]> x, double[] z) {
        if (x.size() != z.length) {
            throw new IllegalArgumentException(x.size() + " trials but " + z.length + " values");
        }
        int d = spec.features();
        double[] out = new double[spec.statisticsLength()];
        out[0] = z.length;
        for (double v : z) {
            if (!(v >= -1 && v <= 1)) {
                throw new IllegalArgumentException("a scaled value " + v + " outside [−1, 1]");
            }
            out[1] += v;
            out[2] += v * v;
        }
        int at = 3;
        for (int g = 0; g < spec.lengthScales().size(); g++) {
            Features f = Features.of(spec, session, g);
            int ones = at;
            int proj = at + d;
            int tri = at + 2 * d;
            for (int i = 0; i < z.length; i++) {
                double[] phi = f.at(x.get(i));
                int t = tri;
                for (int j = 0; j < d; j++) {
                    out[ones + j] += phi[j];
                    out[proj + j] += phi[j] * z[i];
                    for (int k = j; k < d; k++) {
                        out[t++] += phi[j] * phi[k];
                    }
                }
            }
            at += 2 * d + d * (d + 1) / 2;
        }
        return out;
    }

    /** One (length scale, noise) of the grid and its log marginal likelihood. */
    public record Fit(int scale, double lengthScale, double noise, double logLikelihood) {
    }

    /**
     * The pooled posterior over the weights of the chosen feature map: mean M⁻¹b and the lower
     * Cholesky factor L of M (covariance σ²M⁻¹ = σ² L⁻ᵀL⁻¹), with what it was chosen from.
     */
    public record Posterior(int trials, double mean, double deviation, Fit chosen, List<Fit> grid, double[] weights,
                            double[][] factor) {
        /** A draw of the weights: μ + σ L⁻ᵀ ξ. */
        public double[] sample(RandomGenerator r) {
            int d = weights.length;
            double[] xi = new double[d];
            for (int j = 0; j < d; j++) {
                xi[j] = r.nextGaussian();
            }
            double[] v = backward(factor, xi);
            double s = Math.sqrt(chosen.noise());
            double[] out = new double[d];
            for (int j = 0; j < d; j++) {
                out[j] = weights[j] + s * v[j];
            }
            return out;
        }

        /** L⁻¹ as its lower triangle, row by row: a node's predictive variance at φ is σ² |L⁻¹φ|². */
        public double[] inverseFactor() {
            int d = weights.length;
            double[] packed = new double[d * (d + 1) / 2];
            int t = 0;
            double[][] inv = new double[d][d];
            for (int c = 0; c < d; c++) {
                double[] e = new double[d];
                e[c] = 1;
                double[] col = forward(factor, e);
                for (int r = 0; r < d; r++) {
                    inv[r][c] = col[r];
                }
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c <= r; c++) {
                    packed[t++] = inv[r][c];
                }
            }
            return packed;
        }
    }

    /**
     * The posterior from the summed statistics, or null while fewer than {@code max(2, initial)}
     * trials are pooled (nodes then propose space-filling points of their own).
     */
    public static Posterior posterior(CampaignSpec spec, double[] sums) {
        if (sums.length != spec.statisticsLength()) {
            throw new IllegalArgumentException(sums.length + " sums; the spec has " + spec.statisticsLength());
        }
        double n = Math.rint(sums[0]);
        if (n < Math.max(2, spec.initial())) {
            return null;
        }
        boolean noisy = spec.privacy() != null;
        // under DP the sums are noisy: what follows only post-processes them into what exact sums could be
        double mean = noisy ? Math.max(-1, Math.min(1, sums[1] / n)) : sums[1] / n;
        double var = (noisy ? Math.max(0, Math.min(n, sums[2])) : sums[2]) / n - mean * mean;
        // all values alike (or all failed): nothing to standardise by
        double sd = var > 1e-12 ? Math.sqrt(var) : 1;
        double yy = (sums[2] - 2 * mean * sums[1] + n * mean * mean) / (sd * sd);
        int d = spec.features();
        List<Fit> grid = new ArrayList<>();
        Fit best = null;
        double[] bestWeights = null;
        double[][] bestFactor = null;
        int at = 3;
        for (int g = 0; g < spec.lengthScales().size(); g++) {
            double[] ones = Arrays.copyOfRange(sums, at, at + d);
            double[] b = new double[d];
            for (int j = 0; j < d; j++) {
                b[j] = (sums[at + d + j] - mean * ones[j]) / sd;
            }
            double[][] a = new double[d][d];
            int t = at + 2 * d;
            for (int j = 0; j < d; j++) {
                for (int k = j; k < d; k++) {
                    a[j][k] = sums[t];
                    a[k][j] = sums[t++];
                }
            }
            at += 2 * d + d * (d + 1) / 2;
            if (noisy) {
                a = nearestPositiveSemidefinite(a);
            }
            for (double noise : spec.noises()) {
                double[][] m = new double[d][];
                for (int j = 0; j < d; j++) {
                    m[j] = a[j].clone();
                    m[j][j] += noise;
                }
                double[][] l;
                try {
                    l = new CholeskyDecomposition(new Array2DRowRealMatrix(m, false), 1e-9, 1e-12).getL().getData();
                } catch (MathIllegalArgumentException e) {
                    continue; // rounding left ΦᵀΦ + σ²I not positive definite at this σ²: skip it
                }
                double[] u = forward(l, b);
                double logDet = 0;
                double fit = 0;
                for (int j = 0; j < d; j++) {
                    logDet += 2 * Math.log(l[j][j]);
                    fit += u[j] * u[j];
                }
                double lml = -0.5 * (Math.max(0, yy - fit) / noise + (n - d) * Math.log(noise) + logDet + n * Math.log(2 * Math.PI));
                Fit f = new Fit(g, spec.lengthScales().get(g), noise, lml);
                grid.add(f);
                if (best == null || lml > best.logLikelihood()) {
                    best = f;
                    bestWeights = backward(l, u);
                    bestFactor = l;
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no length scale and noise of the grid gave a positive-definite system");
        }
        return new Posterior((int) n, mean, sd, best, List.copyOf(grid), bestWeights, bestFactor);
    }

    /** The nearest positive semi-definite matrix (Frobenius norm) to a symmetric one: its negative eigenvalues set to 0 (Higham 1988). */
    static double[][] nearestPositiveSemidefinite(double[][] a) {
        EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(a, false));
        double[] lambda = e.getEigenvalues();
        double[][] v = e.getV().getData();
        int d = lambda.length;
        double[][] out = new double[d][d];
        for (int k = 0; k < d; k++) {
            double l = Math.max(0, lambda[k]);
            if (l == 0) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                double vi = v[i][k] * l;
                for (int j = 0; j < d; j++) {
                    out[i][j] += vi * v[j][k];
                }
            }
        }
        return out;
    }

    /** Solves L u = v (L lower triangular). */
    static double[] forward(double[][] l, double[] v) {
        int d = v.length;
        double[] u = new double[d];
        for (int j = 0; j < d; j++) {
            double s = v[j];
            for (int k = 0; k < j; k++) {
                s -= l[j][k] * u[k];
            }
            u[j] = s / l[j][j];
        }
        return u;
    }

    /** Solves Lᵀ w = u. */
    static double[] backward(double[][] l, double[] u) {
        int d = u.length;
        double[] w = new double[d];
        for (int j = d - 1; j >= 0; j--) {
            double s = u[j];
            for (int k = j + 1; k < d; k++) {
                s -= l[k][j] * w[k];
            }
            w[j] = s / l[j][j];
        }
        return w;
    }

    /** What the coordinator tells a node to do with its candidates. */
    public sealed interface Instruction {
        /** Too few pooled trials: the node's own space-filling choice. */
        record Explore(int count) implements Instruction {
        }

        /** One weight draw per suggestion, in the feature map of length scale {@code scale}. */
        record Thompson(int scale, List<double[]> draws) implements Instruction {
        }

        /** μ + κσ with σ² = noise · |L⁻¹φ|². */
        record Ucb(int scale, double[] weights, double[] inverseFactor, double noise, double kappa, int count) implements Instruction {
        }

        /**
         * Expected improvement over {@code incumbent} (standardised, as μ = φ·w), with μ and σ as for UCB.
         * The incumbent is not any node's best trial: it is the largest posterior mean over a public
         * set of points of the space ({@link #incumbent}), which the coordinator computes from the
         * posterior alone — so it costs nothing in privacy and reveals nothing of any node's trials.
         */
        record Ei(int scale, double[] weights, double[] inverseFactor, double noise, double incumbent, int count)
                implements Instruction {
        }
    }

    /** Points of the agreed set over which the incumbent is the largest posterior mean. */
    public static final int AGREED_POINTS = 2048;

    /**
     * The agreed set of a round: {@value #AGREED_POINTS} points drawn uniformly from the spec's
     * space with public randomness (the spec's seed and the session), encoded; a continuous
     * parameter uniform on its (log-)range, a discrete or categorical one on its values. A simplex
     * constraint is not imposed on these points (they only set the level to improve on).
     */
    public static double[][] agreedPoints(CampaignSpec spec, String session) {
        ParameterSpace space = spec.space();
        SplittableRandom r = new SplittableRandom(spec.seed() * 0xC2B2AE3D27D4EB4FL + session.hashCode());
        double[][] out = new double[AGREED_POINTS][];
        String[] raw = new String[space.parameters().size()];
        for (int i = 0; i < AGREED_POINTS; i++) {
            for (int k = 0; k < raw.length; k++) {
                raw[k] = switch (space.parameters().get(k)) {
                    case Parameter.Continuous c -> Double.toString(c.log()
                            ? Math.exp(Math.log(c.low()) + r.nextDouble() * (Math.log(c.high()) - Math.log(c.low())))
                            : c.low() + r.nextDouble() * (c.high() - c.low()));
                    case Parameter.Discrete d -> Double.toString(d.values().get(r.nextInt(d.values().size())));
                    case Parameter.Categorical c -> c.options().get(r.nextInt(c.options().size()));
                };
            }
            out[i] = space.encode(raw);
        }
        return out;
    }

    /** The incumbent for EI: the largest posterior mean (standardised) over the round's agreed points. */
    public static double incumbent(CampaignSpec spec, String session, Posterior post) {
        Features f = Features.of(spec, session, post.chosen().scale());
        double best = Double.NEGATIVE_INFINITY;
        for (double[] x : agreedPoints(spec, session)) {
            best = Math.max(best, dot(f.at(x), post.weights()));
        }
        return best;
    }

    /**
     * A node's choice among its candidates ({@code pool}, encoded) that it has not tried
     * ({@code tried}: completed, failed or open — a failed point is never proposed again): the
     * indices of at most the instruction's count of them, best first.
     */
    public static List<Integer> choose(CampaignSpec spec, String session, Instruction what, double[][] pool, Set<Integer> tried,
                                       RandomGenerator random) {
        Set<Integer> taken = new HashSet<>(tried);
        List<Integer> out = new ArrayList<>();
        switch (what) {
            case Instruction.Explore e -> {
                for (int k = 0; k < e.count(); k++) {
                    int i = farthest(pool, taken, random);
                    if (i < 0) {
                        break;
                    }
                    out.add(i);
                    taken.add(i);
                }
            }
            case Instruction.Thompson t -> {
                Features f = Features.of(spec, session, t.scale());
                double[][] phi = features(f, pool, taken);
                for (double[] w : t.draws()) {
                    int best = -1;
                    double bestValue = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < pool.length; i++) {
                        if (phi[i] == null || taken.contains(i)) {
                            continue;
                        }
                        double v = dot(phi[i], w);
                        if (v > bestValue) {
                            bestValue = v;
                            best = i;
                        }
                    }
                    if (best < 0) {
                        break;
                    }
                    out.add(best);
                    taken.add(best);
                }
            }
            case Instruction.Ucb u -> best(pool, taken, out, u.count(), score(spec, session, u.scale(), pool, taken, u.weights(),
                    u.inverseFactor(), u.noise(), (mu, sd) -> mu + u.kappa() * sd));
            case Instruction.Ei e -> best(pool, taken, out, e.count(), score(spec, session, e.scale(), pool, taken, e.weights(),
                    e.inverseFactor(), e.noise(), (mu, sd) -> Acquisition.expectedImprovement(mu, Math.max(sd, 1e-12), e.incumbent())));
        }
        return out;
    }

    /** The acquisition at every untried candidate (NaN at tried ones) from μ = φ·w and σ² = noise · |L⁻¹φ|². */
    private static double[] score(CampaignSpec spec, String session, int scale, double[][] pool, Set<Integer> taken, double[] weights,
                                  double[] inverseFactor, double noise, DoubleBinaryOperator rule) {
        Features f = Features.of(spec, session, scale);
        double[][] phi = features(f, pool, taken);
        int d = weights.length;
        double[] score = new double[pool.length];
        for (int i = 0; i < pool.length; i++) {
            if (phi[i] == null) {
                score[i] = Double.NaN;
                continue;
            }
            double var = 0;
            int t = 0;
            for (int r = 0; r < d; r++) {
                double s = 0;
                for (int c = 0; c <= r; c++) {
                    s += inverseFactor[t++] * phi[i][c];
                }
                var += s * s;
            }
            score[i] = rule.applyAsDouble(dot(phi[i], weights), Math.sqrt(noise * var));
        }
        return score;
    }

    /** Adds the {@code count} untried candidates of highest score to {@code out}, best first. */
    private static void best(double[][] pool, Set<Integer> taken, List<Integer> out, int count, double[] score) {
        for (int k = 0; k < count; k++) {
            int best = -1;
            for (int i = 0; i < pool.length; i++) {
                if (!Double.isNaN(score[i]) && !taken.contains(i) && (best < 0 || score[i] > score[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            out.add(best);
            taken.add(best);
        }
    }

    private static double[][] features(Features f, double[][] pool, Set<Integer> taken) {
        double[][] phi = new double[pool.length][];
        for (int i = 0; i < pool.length; i++) {
            if (!taken.contains(i)) {
                phi[i] = f.at(pool[i]);
            }
        }
        return phi;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The untried candidate farthest from everything tried (a random one to begin with); −1 when none is left. */
    static int farthest(double[][] pool, Set<Integer> taken, RandomGenerator random) {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < pool.length; i++) {
            if (!taken.contains(i)) {
                open.add(i);
            }
        }
        if (open.isEmpty()) {
            return -1;
        }
        if (taken.isEmpty()) {
            return open.get(random.nextInt(open.size()));
        }
        int best = -1;
        double bestDist = -1;
        for (int i : open) {
            double dmin = Double.MAX_VALUE;
            for (int j : taken) {
                double s = 0;
                for (int k = 0; k < pool[i].length; k++) {
                    double v = pool[i][k] - pool[j][k];
                    s += v * v;
                }
                dmin = Math.min(dmin, s);
            }
            if (dmin > bestDist) {
                bestDist = dmin;
                best = i;
            }
        }
        return best;
    }
}
