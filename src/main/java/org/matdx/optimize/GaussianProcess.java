package org.matdx.optimize;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Gaussian-process regression with a Matérn-5/2 kernel and one length scale per dimension
 * (automatic relevance determination), the surrogate most Bayesian-optimisation tools use for
 * experiments. Inputs live in the unit cube, each optionally warped; outputs are standardised
 * internally. Hyper-parameters (length scales, signal and noise variance, warps) maximise the log
 * marginal likelihood times their priors, by Adam on their logarithms with the analytic gradient,
 * from a warm start and a few restarts.
 */
public final class GaussianProcess {
    /**
     * Log hyper-parameters: d length scales, then signal variance, then noise variance; and, for a
     * warped surrogate, the logs of each input's Kumaraswamy warp parameters (a₁…a_d, b₁…b_d), empty
     * otherwise.
     */
    public record Hyper(double[] logLengths, double logSignal, double logNoise, double[] logWarp) {
        public Hyper {
            logLengths = logLengths.clone();
            logWarp = logWarp == null ? new double[0] : logWarp.clone();
            if (logWarp.length != 0 && logWarp.length != 2 * logLengths.length) {
                throw new IllegalArgumentException("a warp needs two parameters per input");
            }
        }

        public Hyper(double[] logLengths, double logSignal, double logNoise) {
            this(logLengths, logSignal, logNoise, null);
        }

        boolean warped() {
            return logWarp.length > 0;
        }

        /** The same with the identity warp on every input (a = b = 1), or without a warp. */
        Hyper warped(boolean on) {
            return new Hyper(logLengths, logSignal, logNoise, on ? (warped() ? logWarp : new double[2 * logLengths.length]) : null);
        }

        static Hyper initial(int d) {
            double[] l = new double[d];
            // the prior's mode, where BoTorch starts too
            Arrays.fill(l, Math.max(MIN_LOG_LENGTH, priorMean(d) - LENGTH_PRIOR_SD * LENGTH_PRIOR_SD));
            return new Hyper(l, 0, NOISE_PRIOR_MEAN);
        }

        double[] pack() {
            int d = logLengths.length;
            double[] p = Arrays.copyOf(logLengths, d + 2 + logWarp.length);
            p[d] = logSignal;
            p[d + 1] = logNoise;
            System.arraycopy(logWarp, 0, p, d + 2, logWarp.length);
            return p;
        }

        /** Unpacks an unwarped vector. */
        static Hyper unpack(double[] p) {
            return unpack(p, p.length - 2);
        }

        /** Unpacks a vector of {@code d} inputs, warped if it is long enough to hold a warp. */
        static Hyper unpack(double[] p, int d) {
            return new Hyper(Arrays.copyOf(p, d), p[d], p[d + 1], p.length > d + 2 ? Arrays.copyOfRange(p, d + 2, p.length) : null);
        }
    }

    static final double MIN_LOG_LENGTH = Math.log(0.02);
    // long enough for a one-hot option that does not matter in 30 dimensions (prior median 4.1·√d)
    static final double MAX_LOG_LENGTH = Math.log(500);
    /**
     * Length scales: log-normal with median √2 + ln(√d) on the log scale and sd √3 (Hvarfner,
     * Hellsten and Nardi 2024, now BoTorch's default): in more dimensions a point's neighbours are
     * farther apart, so the prior expects longer length scales and the surrogate does not start out
     * as a collection of unrelated bumps. Noise variance (of standardised values): log-normal around
     * e⁻⁴ with sd 1, as BoTorch.
     */
    static final double LENGTH_PRIOR_SD = Math.sqrt(3);
    static final double NOISE_PRIOR_MEAN = -4;
    static final double NOISE_PRIOR_SD = 1;

    static double priorMean(int d) {
        return Math.sqrt(2) + 0.5 * Math.log(d);
    }
    /**
     * Input warps: each input x ∈ [0, 1] passes through the Kumaraswamy CDF 1 − (1 − xᵃ)ᵇ before the
     * kernel (Snoek, Swersky, Zemel and Adams 2014), so a response that changes fast at one end of an
     * input's range (a reaction time, a loading) is as smooth for the surrogate as one that does not.
     * a = b = 1 is no warp; log a and log b have normal priors with sd √0.75 around 0 (BoTorch's),
     * and a and b stay within [1/8, 8].
     */
    static final double WARP_PRIOR_SD = Math.sqrt(0.75);
    static final double MAX_LOG_WARP = Math.log(8);
    static final double MIN_LOG_NOISE = Math.log(1e-6);
    static final double MAX_LOG_NOISE = Math.log(1.0);
    static final double MIN_LOG_SIGNAL = Math.log(0.05);
    static final double MAX_LOG_SIGNAL = Math.log(20);
    private static final double SQRT5 = Math.sqrt(5);

    private final double[][] x;
    private final double mean;
    private final double scale;
    private final Hyper hyper;
    private final DMatrixRMaj chol; // lower Cholesky factor of K + noise
    private final double[] alpha;   // (K + noise)^-1 y (standardised)
    private final double logLikelihood;

    private GaussianProcess(double[][] x, double mean, double scale, Hyper hyper, DMatrixRMaj chol, double[] alpha, double ll) {
        this.x = warp(x, hyper); // kept warped: predictions warp only the new points
        this.mean = mean;
        this.scale = scale;
        this.hyper = hyper;
        this.chol = chol;
        this.alpha = alpha;
        this.logLikelihood = ll;
    }

    public Hyper hyper() {
        return hyper;
    }

    public double logLikelihood() {
        return logLikelihood;
    }

    /**
     * Fits the model.
     *
     * @param warm     hyper-parameters to start from (e.g. the previous round's), or null
     * @param restarts extra random starts besides the warm (or default) one
     * @param fitOn    at most this many points are used to fit hyper-parameters (a random subset);
     *                 the posterior always conditions on all of them
     */
    public static GaussianProcess fit(double[][] x, double[] y, Hyper warm, int restarts, int iterations, int fitOn, long seed) {
        return fit(x, y, warm, restarts, iterations, fitOn, seed, 0);
    }

    /**
     * As above; when the hyper-parameters are fitted on a subset, the first {@code keep} points are
     * always in it (a campaign's own results among many earlier ones: they decide how far the
     * earlier ones carry over).
     */
    public static GaussianProcess fit(double[][] x, double[] y, Hyper warm, int restarts, int iterations, int fitOn, long seed,
                                      int keep) {
        return fit(x, y, warm, restarts, iterations, fitOn, seed, keep, false);
    }

    /**
     * Where the short-length-scale start puts every length: 0.3 of the unit cube, the old prior's
     * median, at which a response can rise and fall within the range of one input.
     */
    static final double SHORT_LENGTH = 0.3;

    static Hyper shortScales(int d) {
        double[] l = new double[d];
        Arrays.fill(l, Math.log(SHORT_LENGTH));
        return new Hyper(l, 0, NOISE_PRIOR_MEAN);
    }

    /**
     * As above; with {@code shortStart} (a surrogate search), one more start from short length scales
     * ({@link #SHORT_LENGTH}), kept if its posterior (likelihood times priors) is higher, and a choice
     * between plain and warped inputs ({@link #WARP_PRIOR_SD}). The dimension-scaled prior starts long
     * and Adam does not cross from a long-scale mode to a short-scale one, however much better the
     * short one explains a sharp response.
     */
    static GaussianProcess fit(double[][] x, double[] y, Hyper warm, int restarts, int iterations, int fitOn, long seed,
                               int keep, boolean shortStart) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("a Gaussian process needs at least one observation");
        }
        int d = x[0].length;
        double mean = Arrays.stream(y).average().orElse(0);
        double var = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, n - 1);
        double scale = var > 1e-300 ? Math.sqrt(var) : 1;
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = (y[i] - mean) / scale;
        }
        Random rnd = new Random(seed);
        double[][] fx = x;
        double[] fy = ys;
        if (n > fitOn) {
            int kept = Math.min(Math.max(0, keep), fitOn);
            int[] idx = IntStream.concat(IntStream.range(0, kept),
                    rnd.ints(kept, n).distinct().limit(fitOn - kept)).toArray();
            fx = new double[fitOn][];
            fy = new double[fitOn];
            for (int i = 0; i < fitOn; i++) {
                fx[i] = x[idx[i]];
                fy[i] = ys[idx[i]];
            }
        }
        Hyper best = warm != null && warm.logLengths().length == d ? warm : Hyper.initial(d);
        double bestLl = Double.NEGATIVE_INFINITY;
        int extra = shortStart ? 1 : 0;
        Hyper bestU = null;
        Hyper bestW = null;
        double llU = Double.NEGATIVE_INFINITY;
        double llW = Double.NEGATIVE_INFINITY;
        for (int r = 0; r <= restarts + extra; r++) {
            Hyper start = r == 0 ? best : r == 1 && shortStart ? shortScales(d) : random(d, rnd);
            Hyper h = n < 2 ? start : optimise(fx, fy, start, iterations);
            double ll = likelihood(fx, fy, h, null);
            if (ll > bestLl) {
                bestLl = ll;
                best = h;
            }
            if (h.warped() && ll > llW) {
                llW = ll;
                bestW = h;
            } else if (!h.warped() && ll > llU) {
                llU = ll;
                bestU = h;
            }
        }
        if (shortStart && n >= 2) {
            best = plainOrWarped(fx, fy, bestU, llU, bestW, llW, iterations);
        }
        DMatrixRMaj l = new DMatrixRMaj(n, n);
        double[] alpha = new double[n];
        double ll = posterior(x, ys, best, l, alpha);
        return new GaussianProcess(x, mean, scale, best, l, alpha, ll);
    }

    /**
     * The surrogate search's choice between plain and warped inputs, each fitted from the other's best
     * when the starts gave only one. The warped surrogate is kept when its posterior beats the plain
     * one's by more than the warp parameters it adds (Akaike's penalty), counting only inputs that take
     * more than two values: a warp cannot move a 0/1 column. Never for the parts of a mixture
     * ({@link #dependent}): warping each proportion on its own bends the simplex they share, and the
     * likelihood rewards it while the search suffers (photo_pce10: 0.78 of its top rows after 150
     * experiments instead of 0.86 — docs/BENCHMARKS.md).
     */
    private static Hyper plainOrWarped(double[][] x, double[] y, Hyper plain, double llPlain, Hyper warped, double llWarped,
                                       int iterations) {
        int d = x[0].length;
        boolean[] varied = new boolean[d];
        int free = 0;
        for (int k = 0; k < d; k++) {
            int kk = k;
            varied[k] = Arrays.stream(x).mapToDouble(row -> row[kk]).distinct().limit(3).count() > 2;
            free += varied[k] ? 2 : 0;
        }
        boolean allowed = free > 0 && !dependent(x, varied);
        if (plain == null) {
            plain = optimise(x, y, warped.warped(false), iterations);
            llPlain = likelihood(x, y, plain, null);
        }
        if (!allowed) {
            return plain;
        }
        if (warped == null) {
            warped = optimise(x, y, plain.warped(true), iterations);
            llWarped = likelihood(x, y, warped, null);
        }
        return llWarped - free > llPlain ? warped : plain;
    }

    /**
     * Whether the chosen columns obey a linear equation on every row — the parts of a mixture summing
     * to one, or a setting computed from the others: their centred values have a vanishing singular
     * value (or too few rows to tell).
     */
    static boolean dependent(double[][] x, boolean[] cols) {
        int m = 0;
        for (boolean c : cols) {
            m += c ? 1 : 0;
        }
        int n = x.length;
        if (m == 0) {
            return false;
        }
        if (n <= m) {
            return true;
        }
        DMatrixRMaj a = new DMatrixRMaj(n, m);
        for (int k = 0, j = 0; k < cols.length; k++) {
            if (!cols[k]) {
                continue;
            }
            double mean = 0;
            for (double[] row : x) {
                mean += row[k] / n;
            }
            for (int i = 0; i < n; i++) {
                a.unsafe_set(i, j, x[i][k] - mean);
            }
            j++;
        }
        double[] sv = org.ejml.dense.row.SingularOps_DDRM.singularValues(a);
        double max = Arrays.stream(sv).max().orElse(0);
        double min = Arrays.stream(sv).min().orElse(0);
        return max == 0 || min < 1e-8 * max;
    }

    /** A restart drawn from the priors (clamped to the bounds). */
    private static Hyper random(int d, Random rnd) {
        double[] l = new double[d];
        for (int i = 0; i < d; i++) {
            l[i] = Math.max(MIN_LOG_LENGTH, Math.min(MAX_LOG_LENGTH, priorMean(d) + LENGTH_PRIOR_SD * rnd.nextGaussian()));
        }
        double noise = Math.max(MIN_LOG_NOISE, Math.min(MAX_LOG_NOISE, NOISE_PRIOR_MEAN + NOISE_PRIOR_SD * rnd.nextGaussian()));
        return new Hyper(l, Math.log(0.5 + rnd.nextDouble() * 2), noise);
    }

    /** Adam ascent on the log marginal likelihood, staying inside sensible bounds. */
    private static Hyper optimise(double[][] x, double[] y, Hyper start, int iterations) {
        int d = start.logLengths().length;
        double[] p = start.pack();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        double[] grad = new double[p.length];
        double lr = 0.08;
        double bestLl = Double.NEGATIVE_INFINITY;
        double[] best = p.clone();
        for (int t = 1; t <= iterations; t++) {
            double ll = likelihood(x, y, Hyper.unpack(p, d), grad);
            if (ll > bestLl) {
                bestLl = ll;
                best = p.clone();
            }
            for (int i = 0; i < p.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * grad[i];
                v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
                double mh = m[i] / (1 - Math.pow(0.9, t));
                double vh = v[i] / (1 - Math.pow(0.999, t));
                p[i] += lr * mh / (Math.sqrt(vh) + 1e-8);
            }
            clamp(p, d);
        }
        return Hyper.unpack(best, d);
    }

    private static void clamp(double[] p, int d) {
        for (int i = d + 2; i < p.length; i++) {
            p[i] = Math.max(-MAX_LOG_WARP, Math.min(MAX_LOG_WARP, p[i]));
        }
        for (int i = 0; i < d; i++) {
            p[i] = Math.max(MIN_LOG_LENGTH, Math.min(MAX_LOG_LENGTH, p[i]));
        }
        p[d] = Math.max(MIN_LOG_SIGNAL, Math.min(MAX_LOG_SIGNAL, p[d]));
        p[d + 1] = Math.max(MIN_LOG_NOISE, Math.min(MAX_LOG_NOISE, p[d + 1]));
    }

    /** The inputs through each one's warp (themselves without one); inputs outside [0, 1] are clamped to it first. */
    static double[][] warp(double[][] x, Hyper h) {
        if (!h.warped()) {
            return x;
        }
        int d = h.logLengths().length;
        double[][] u = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < d; k++) {
                u[i][k] = warp(x[i][k], Math.exp(h.logWarp()[k]), Math.exp(h.logWarp()[d + k]));
            }
        }
        return u;
    }

    static double warp(double x, double a, double b) {
        double v = Math.max(0, Math.min(1, x));
        return v <= 0 || v >= 1 ? v : 1 - Math.pow(1 - Math.pow(v, a), b);
    }

    /** Kernel matrix (without noise) and, if asked, the per-length-scale derivative factors. */
    static double kernel(double[] a, double[] b, double[] invLen2, double signal) {
        double r2 = 0;
        for (int k = 0; k < a.length; k++) {
            double dd = a[k] - b[k];
            r2 += dd * dd * invLen2[k];
        }
        double r = Math.sqrt(r2);
        return signal * (1 + SQRT5 * r + 5 * r2 / 3) * Math.exp(-SQRT5 * r);
    }

    /** 1 / length² per dimension. */
    static double[] invLengths2(Hyper h) {
        double[] inv = new double[h.logLengths().length];
        for (int k = 0; k < inv.length; k++) {
            inv[k] = Math.exp(-2 * h.logLengths()[k]);
        }
        return inv;
    }

    /** The symmetric kernel matrix of the inputs (no noise on the diagonal). */
    static DMatrixRMaj kernelMatrix(double[][] x, double[] invLen2, double signal) {
        int n = x.length;
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = kernel(x[i], x[j], invLen2, signal);
                k.unsafe_set(i, j, v);
                k.unsafe_set(j, i, v);
            }
        }
        return k;
    }

    /**
     * Log marginal likelihood; fills {@code grad} (w.r.t. the packed log parameters) when not null.
     * Returns -inf when the kernel matrix is not positive definite.
     */
    static double likelihood(double[][] raw, double[] y, Hyper h, double[] grad) {
        double[][] x = warp(raw, h);
        int n = x.length;
        int d = x[0].length;
        double[] invLen2 = invLengths2(h);
        double signal = Math.exp(h.logSignal());
        double noise = Math.exp(h.logNoise());
        DMatrixRMaj kmat = kernelMatrix(x, invLen2, signal);
        for (int i = 0; i < n; i++) {
            kmat.unsafe_set(i, i, kmat.unsafe_get(i, i) + noise + 1e-9);
        }
        DMatrixRMaj kf = grad == null ? null : kmat.copy();
        CholeskyDecomposition_F64<DMatrixRMaj> c = DecompositionFactory_DDRM.chol(n, true);
        if (!c.decompose(kmat)) {
            if (grad != null) {
                Arrays.fill(grad, 0);
            }
            return Double.NEGATIVE_INFINITY;
        }
        DMatrixRMaj l = c.getT(null);
        double[] alpha = y.clone();
        double ll = logDensity(l, alpha);
        // log-normal priors (see LENGTH_PRIOR_SD) keep length scales and noise away from degenerate fits on a handful of points
        double mu = priorMean(d);
        for (int k = 0; k < d; k++) {
            ll -= 0.5 * Math.pow((h.logLengths()[k] - mu) / LENGTH_PRIOR_SD, 2);
        }
        ll -= 0.5 * Math.pow((h.logNoise() - NOISE_PRIOR_MEAN) / NOISE_PRIOR_SD, 2);
        for (double w : h.logWarp()) {
            ll -= 0.5 * Math.pow(w / WARP_PRIOR_SD, 2);
        }
        if (grad != null) {
            // W = alpha alpha^T - K^-1 ; dLL/dθ = 0.5 tr(W dK/dθ)
            DMatrixRMaj inv = l.copy();
            TriangularSolver_DDRM.invertLower(inv.data, n);
            double[] w = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = i; k < n; k++) { // (L^-T L^-1)_ij = sum_k Linv_ki Linv_kj
                        s += inv.unsafe_get(k, i) * inv.unsafe_get(k, j);
                    }
                    double wij = alpha[i] * alpha[j] - s;
                    w[i * n + j] = wij;
                    w[j * n + i] = wij;
                }
            }
            Arrays.fill(grad, 0);
            boolean warped = h.warped();
            // d u / d log a and d u / d log b of every input
            double[][] ga = warped ? new double[n][d] : null;
            double[][] gb = warped ? new double[n][d] : null;
            if (warped) {
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < d; k++) {
                        double v = Math.max(0, Math.min(1, raw[i][k]));
                        if (v <= 0 || v >= 1) {
                            continue;
                        }
                        double a = Math.exp(h.logWarp()[k]);
                        double b = Math.exp(h.logWarp()[d + k]);
                        double va = Math.pow(v, a);
                        double rest = 1 - va;
                        ga[i][k] = a * b * Math.pow(rest, b - 1) * va * Math.log(v);
                        gb[i][k] = rest > 0 ? -b * Math.pow(rest, b) * Math.log(rest) : 0;
                    }
                }
            }
            double gSignal = 0;
            double gNoise = 0;
            for (int i = 0; i < n; i++) {
                gNoise += w[i * n + i] * noise;
                for (int j = 0; j < n; j++) {
                    double kij = kf.unsafe_get(i, j) - (i == j ? noise + 1e-9 : 0);
                    gSignal += w[i * n + j] * kij;
                    if (j < i) {
                        double r2 = 0;
                        for (int k = 0; k < d; k++) {
                            double dd = x[i][k] - x[j][k];
                            r2 += dd * dd * invLen2[k];
                        }
                        double r = Math.sqrt(r2);
                        double common = 2 * w[i * n + j] * (5.0 / 3) * signal * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
                        for (int k = 0; k < d; k++) {
                            double dd = x[i][k] - x[j][k];
                            grad[k] += common * dd * dd * invLen2[k];
                            if (warped) {
                                grad[d + 2 + k] -= common * dd * invLen2[k] * (ga[i][k] - ga[j][k]);
                                grad[2 * d + 2 + k] -= common * dd * invLen2[k] * (gb[i][k] - gb[j][k]);
                            }
                        }
                    }
                }
            }
            for (int k = 0; k < d; k++) {
                grad[k] *= 0.5;
            }
            for (int k = d + 2; k < grad.length; k++) {
                grad[k] = 0.5 * grad[k] - h.logWarp()[k - d - 2] / (WARP_PRIOR_SD * WARP_PRIOR_SD);
            }
            grad[d] = 0.5 * gSignal;
            grad[d + 1] = 0.5 * gNoise;
            for (int k = 0; k < d; k++) {
                grad[k] -= (h.logLengths()[k] - mu) / (LENGTH_PRIOR_SD * LENGTH_PRIOR_SD);
            }
            grad[d + 1] -= (h.logNoise() - NOISE_PRIOR_MEAN) / (NOISE_PRIOR_SD * NOISE_PRIOR_SD);
        }
        return ll;
    }

    private static double posterior(double[][] raw, double[] y, Hyper h, DMatrixRMaj lOut, double[] alphaOut) {
        double[][] x = warp(raw, h);
        int n = x.length;
        double noise = Math.exp(h.logNoise());
        DMatrixRMaj l = lowerFactor(kernelMatrix(x, invLengths2(h), Math.exp(h.logSignal())), noise + 1e-9, 6);
        if (l == null) {
            throw new IllegalStateException("the kernel matrix is not positive definite even with added jitter");
        }
        lOut.setTo(l);
        System.arraycopy(y, 0, alphaOut, 0, n);
        return logDensity(l, alphaOut);
    }

    /**
     * The log density of {@code y} under N(0, L Lᵀ), given y in {@code alpha}; leaves (L Lᵀ)⁻¹ y there.
     */
    private static double logDensity(DMatrixRMaj l, double[] alpha) {
        int n = alpha.length;
        TriangularSolver_DDRM.solveL(l.data, alpha, n);
        double quad = 0;
        for (double a : alpha) {
            quad += a * a;
        }
        TriangularSolver_DDRM.solveTranL(l.data, alpha, n);
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            logDet += Math.log(l.unsafe_get(i, i));
        }
        return -0.5 * quad - logDet - 0.5 * n * Math.log(2 * Math.PI);
    }

    /**
     * The lower Cholesky factor of {@code k} plus a jitter on its diagonal, the jitter tried from
     * {@code first} up by factors of ten, {@code attempts} times; null if none makes it positive definite.
     */
    private static DMatrixRMaj lowerFactor(DMatrixRMaj k, double first, int attempts) {
        int n = k.numRows;
        double jitter = first;
        for (int attempt = 0; attempt < attempts; attempt++, jitter *= 10) {
            DMatrixRMaj kj = k.copy();
            for (int i = 0; i < n; i++) {
                kj.unsafe_set(i, i, kj.unsafe_get(i, i) + jitter);
            }
            CholeskyDecomposition_F64<DMatrixRMaj> c = DecompositionFactory_DDRM.chol(n, true);
            if (c.decompose(kj)) {
                return c.getT(null);
            }
        }
        return null;
    }

    /**
     * {@code count} joint draws of the latent function at the points (original units; row s is draw s),
     * or null when their posterior covariance cannot be factorised even with a jitter of 10⁻² of the
     * largest variance (points run twice make it singular: the jitter starts at 10⁻¹⁰ of it).
     */
    double[][] jointDraws(double[][] points, int count, Random rnd) {
        int m = points.length;
        double[][] mean = predict(points);
        DMatrixRMaj cov = new DMatrixRMaj(covariance(points));
        double top = 0;
        for (int i = 0; i < m; i++) {
            top = Math.max(top, cov.unsafe_get(i, i));
        }
        DMatrixRMaj lower = lowerFactor(cov, 1e-10 * Math.max(top, 1e-300), 9);
        if (lower == null) {
            return null;
        }
        double[][] out = new double[count][m];
        double[] z = new double[m];
        for (int s = 0; s < count; s++) {
            for (int i = 0; i < m; i++) {
                z[i] = rnd.nextGaussian();
            }
            for (int i = 0; i < m; i++) {
                double f = mean[i][0];
                for (int k = 0; k <= i; k++) {
                    f += lower.unsafe_get(i, k) * z[k];
                }
                out[s][i] = f;
            }
        }
        return out;
    }

    /** Posterior covariance of the latent function (original units) between the given points. */
    double[][] covariance(double[][] points) {
        int n = x.length;
        int m = points.length;
        double[] invLen2 = invLengths2(hyper);
        double signal = Math.exp(hyper.logSignal());
        double[][] at = warp(points, hyper);
        double[] ks = new double[n * m];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                ks[i * m + j] = kernel(x[i], at[j], invLen2, signal);
            }
        }
        forwardSolveRows(chol.data, ks, n, m, new double[m]);
        double[][] c = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b <= a; b++) {
                double v = kernel(at[a], at[b], invLen2, signal);
                for (int i = 0; i < n; i++) {
                    v -= ks[i * m + a] * ks[i * m + b];
                }
                c[a][b] = scale * scale * v;
                c[b][a] = c[a][b];
            }
        }
        return c;
    }

    /** Posterior mean and variance (in the original units) at each point; large batches use all cores. */
    public double[][] predict(double[][] points) {
        int m = points.length;
        double[][] out = new double[m][2];
        int chunk = 128;
        int chunks = (m + chunk - 1) / chunk;
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> {
            int from = c * chunk;
            int to = Math.min(m, from + chunk);
            predictInto(points, from, to, out);
        });
        return out;
    }

    private void predictInto(double[][] points, int from, int to, double[][] out) {
        int n = x.length;
        int m = to - from;
        double[] invLen2 = invLengths2(hyper);
        double signal = Math.exp(hyper.logSignal());
        double[] ks = new double[n * m]; // n x m, column j = k(X, point j)
        double[] mu = new double[m];
        double[][] at = warp(Arrays.copyOfRange(points, from, to), hyper);
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double v = kernel(x[i], at[j], invLen2, signal);
                ks[i * m + j] = v;
                s += v * alpha[i];
            }
            mu[j] = s;
        }
        double[] q = new double[m];
        forwardSolveRows(chol.data, ks, n, m, q);
        for (int j = 0; j < m; j++) {
            double var = Math.max(1e-12, signal - q[j]);
            out[from + j][0] = mean + scale * mu[j];
            out[from + j][1] = scale * scale * var;
        }
    }

    /**
     * Solves L V = B in place for m right-hand sides (B is n × m, row-major) and adds each column's
     * squared norm to {@code sumSq}. Row by row, so the inner loop runs over contiguous memory and
     * vectorises; EJML's column-wise solve strides through B and was 3× slower at n = 500.
     */
    static void forwardSolveRows(double[] l, double[] b, int n, int m, double[] sumSq) {
        for (int i = 0; i < n; i++) {
            int ri = i * m;
            int li = i * n;
            for (int k = 0; k < i; k++) {
                double lik = l[li + k];
                int rk = k * m;
                for (int j = 0; j < m; j++) {
                    b[ri + j] -= lik * b[rk + j];
                }
            }
            double inv = 1 / l[li + i];
            for (int j = 0; j < m; j++) {
                double v = b[ri + j] * inv;
                b[ri + j] = v;
                sumSq[j] += v * v;
            }
        }
    }

    /** The noise variance (in the original units): the scatter of a new measurement about the posterior mean. */
    public double noiseVariance() {
        return scale * scale * Math.exp(hyper.logNoise());
    }

    public int size() {
        return x.length;
    }
}
