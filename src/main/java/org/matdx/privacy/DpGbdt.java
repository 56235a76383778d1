package org.matdx.privacy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Differentially private gradient-boosted trees: every tree learns from all rows, its leaves from
 * Gaussian noisy sums, and the budget across trees is accounted in zero-concentrated DP ({@link Zcdp}).
 * The design follows Maddock, Cormode, Wang, Maple &amp; Jha, "Federated Boosted Decision Trees with
 * Differential Privacy", CCS 2022 (totally random trees, all rows per tree, Gaussian leaf noise with
 * Rényi/zCDP accounting — their strongest private learner at small ε), on the DP-GBDT frame of Li,
 * Wu, Wen &amp; He, AAAI 2020.
 * <ul>
 *   <li><b>Splits</b> are drawn without looking at the rows: a random feature at each node and an
 *       edge of the fixed {@link FeatureBins} (where the bins carry their reference sample, an edge
 *       that divides the reference compositions reaching the node). Tree shapes cost no budget.
 *       With at least {@link #MIN_OPEN_ROWS} public rows among the training rows, the splits are
 *       grown greedily on those alone and a held-out hundred of them stops the boosting early —
 *       still no budget (public-data-assisted private learning).</li>
 *   <li><b>Target</b>: clipped to a range known without the data (e.g. band gaps 0-12 eV) or else
 *       to its 10 % and 90 % quantiles by the exponential mechanism; a non-negative stated range is
 *       learned as ln(1 + y) (a transform fixed by the stated range, not by the rows), then scaled to
 *       [−1, 1]. Boosting starts at the private median (exponential mechanism).</li>
 *   <li><b>Sensitivity</b>: the gradient of every row is its residual clipped to ±c (the Huber loss's
 *       gradient), so adding or removing one row changes one leaf's gradient sum by at most c and
 *       one leaf's count by 1 in each tree — every other row's gradient depends only on what the
 *       earlier trees released. Each tree releases its leaf sums with N(0, σ_s²) and its leaf
 *       counts with N(0, σ_n²) noise: ρ_tree = c²/(2σ_s²) + 1/(2σ_n²).</li>
 *   <li><b>Composition</b>: ρ adds up over the trees (adaptive composition of zCDP), the total is
 *       converted once to (ε_trees, δ); with the pure ε-DP quantiles the guarantee is
 *       (ε, δ)-DP for adding or removing one training row, ε = ε_quantiles + ε_trees.</li>
 * </ul>
 * Every release is written in the {@link PrivacyLedger}. Splitting the rows into disjoint parts per
 * tree (pure ε-DP with parallel composition, MatDX's first private learner) and choosing splits by
 * the exponential mechanism were measured and dropped (docs/BENCHMARKS.md).
 */
public final class DpGbdt {
    private DpGbdt() {
    }

    /** δ of the (ε, δ) guarantee: at most 10⁻⁶ and at most 1/(10·rows), far below the chance of any one row. */
    public static double delta(int rows) {
        return Math.min(1e-6, 0.1 / Math.max(1, rows));
    }

    /** Fewest rows a noisy leaf count is taken for when dividing (a count's noise must not blow a leaf up). */
    static final double MIN_COUNT = 5;

    /** The loss boosted: squared error (classification scores) or Huber (regression; clipped residuals). */
    public enum Loss {
        SQUARED, HUBER
    }

    /**
     * @param epsilon      the whole ε this training may spend
     * @param delta        the δ of the (ε, δ) guarantee
     * @param trees        boosting rounds; each tree sees every row
     * @param depth        of every tree
     * @param shrinkage    η
     * @param clip         c: residuals are clipped to ±c in the scaled target ([−1, 1]); it bounds every row's influence
     * @param countShare   of each tree's ρ, spent on the leaf counts (the rest on the leaf sums)
     * @param rangeShare   of ε, spent on the target's median (and quantiles, if no range is given)
     * @param range        the target's plausible range {low, high} if known without the data, else null
     * @param logTarget    learn ln(1 + y): only with a stated range whose low end is ≥ 0
     */
    public record Settings(double epsilon, double delta, int trees, int depth, double shrinkage, double clip,
                           double countShare, Loss loss, double rangeShare, double[] range, boolean logTarget) {
        public Settings {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("ε must be positive and finite, was " + epsilon);
            }
            if (!(delta > 0 && delta < 1e-3)) {
                throw new IllegalArgumentException("δ must be in (0, 0.001), was " + delta);
            }
            if (trees < 1 || trees > 10_000 || depth < 1 || depth > 10) {
                throw new IllegalArgumentException("need 1-10000 trees of depth 1-10");
            }
            if (!(shrinkage > 0 && shrinkage <= 1) || !(clip > 0 && clip <= 2) || !(countShare > 0 && countShare < 1)
                    || !(rangeShare > 0 && rangeShare < 1)) {
                throw new IllegalArgumentException("shrinkage must be in (0, 1], clip in (0, 2], countShare and rangeShare in (0, 1)");
            }
            if (range != null && (range.length != 2 || !Double.isFinite(range[0]) || !Double.isFinite(range[1])
                    || !(range[1] > range[0]))) {
                throw new IllegalArgumentException("the target range must be two finite numbers, low < high");
            }
            if (logTarget && (range == null || range[0] < 0)) {
                throw new IllegalArgumentException("ln(1 + y) needs a stated range that starts at 0 or above");
            }
            range = range == null ? null : range.clone();
        }

        /**
         * MatDX's defaults, measured on matbench_expt_gap (docs/BENCHMARKS.md): 100 trees, η = 0.1,
         * Huber residuals clipped at c = 0.4 of the scaled range (0.5 in ln(1 + eV) for band gaps),
         * 30 % of each tree's ρ on the counts, 5 % of ε on the median (15 % on three quantiles when no
         * range is stated), δ from {@link #delta}, ln(1 + y)
         * for a non-negative stated range; depth up to 5 with about 100 rows per leaf — shallower
         * trees for small datasets, so that a leaf's noisy mean still averages many rows.
         */
        public static Settings standard(int rows, double epsilon, double[] range, Loss loss) {
            int depth = 5;
            while (depth > 1 && rows < 96 * (1 << depth)) {
                depth--;
            }
            boolean log = loss == Loss.HUBER && range != null && range[0] >= 0;
            // without a stated range, three quantiles share 15 % of ε: at 5 % each the 95 % quantile of
            // matbench_expt_gap landed among hundreds of far-off grid values too often (MAE 8.4 eV at ε = 2)
            return new Settings(epsilon, DpGbdt.delta(rows), 100, depth, 0.1, loss == Loss.HUBER ? 0.4 : 1.0, 0.3, loss,
                    range == null ? 0.15 : 0.05, range, log);
        }

        /**
         * As {@link #standard(int, double, double[], Loss)} for {@code rows} of which {@code openRows} are
         * public: from {@link #MIN_OPEN_ROWS} of them on, the splits are grown on those (they cost no
         * budget), so the trees may be more and deeper — 300 trees, depth up to 6 with about 16 public
         * rows per leaf (measured on matbench_expt_gap, docs/BENCHMARKS.md: 300 trees of depth 6 beat
         * 100 of depth 5 at every public share tried).
         */
        public static Settings standard(int rows, int openRows, double epsilon, double[] range, Loss loss) {
            Settings s = standard(rows, epsilon, range, loss);
            if (openRows < MIN_OPEN_ROWS) {
                return s;
            }
            int depth = 6;
            while (depth > 2 && openRows < 16 * (1 << depth)) {
                depth--;
            }
            return s.withTrees(300, s.shrinkage()).withDepth(depth);
        }

        public Map<String, Object> describe() {
            return describe(0);
        }

        /** The card's account of the learner; {@code openRows}: public rows among the training rows. */
        public Map<String, Object> describe(int openRows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("algorithm", "dp-gbdt (all rows per tree, Gaussian leaves, zCDP)");
            m.put("reference", "Maddock, Cormode, Wang, Maple, Jha, Federated Boosted Decision Trees with Differential Privacy, "
                    + "CCS 2022; Li, Wu, Wen, He, Privacy-Preserving Gradient Boosting Decision Trees, AAAI 2020; "
                    + "Bun, Steinke, Concentrated Differential Privacy, TCC 2016");
            m.put("epsilon", epsilon);
            m.put("delta", delta);
            m.put("trees", trees);
            m.put("max_depth", depth);
            m.put("shrinkage", shrinkage);
            m.put("loss", loss.name().toLowerCase(Locale.ROOT));
            m.put("residual_clip", clip);
            m.put("target_transform", logTarget ? "ln(1 + y)" : "none");
            boolean grown = openRows >= MIN_OPEN_ROWS;
            // not the count: the card is for predict-only callers too, who learn no row counts
            m.put("splits", grown ? "grown greedily on the public rows only, at fixed edges (no budget)"
                    : "random, at fixed edges from reference compositions (no budget)");
            if (grown) {
                m.put("leaves", "public rows' mean gradient and the protected rows' noisy mean, weighted by inverse variance");
                m.put("public_data_reference", "Bie, Kamath, Singhal, Private Estimation with Public Data, NeurIPS 2022");
            }
            if (range != null) {
                m.put("target_range", List.of(range[0], range[1]));
            }
            return m;
        }

        public Settings withEpsilon(double e) {
            return new Settings(e, delta, trees, depth, shrinkage, clip, countShare, loss, rangeShare, range, logTarget);
        }

        public Settings withTrees(int t, double eta) {
            return new Settings(epsilon, delta, t, depth, eta, clip, countShare, loss, rangeShare, range, logTarget);
        }

        public Settings withDepth(int d) {
            return new Settings(epsilon, delta, trees, d, shrinkage, clip, countShare, loss, rangeShare, range, logTarget);
        }

        public Settings withClip(double c) {
            return new Settings(epsilon, delta, trees, depth, shrinkage, c, countShare, loss, rangeShare, range, logTarget);
        }

        public Settings withLogTarget(boolean l) {
            return new Settings(epsilon, delta, trees, depth, shrinkage, clip, countShare, loss, rangeShare, range, l);
        }
    }

    /** Trains on {@code x} (rows × cols, row-major) and {@code y}, every row protected; noise from {@code noise}. */
    public static PrivateTrees train(float[] x, int rows, int cols, double[] y, FeatureBins bins, Settings s,
                                     Mechanisms noise, PrivacyLedger ledger) {
        return train(x, rows, cols, y, null, bins, s, noise, ledger);
    }

    /**
     * Fewest open rows for the trees' splits to be grown on them; with fewer, splits are drawn at random.
     * A greedy split on a handful of rows only memorises them.
     */
    public static final int MIN_OPEN_ROWS = 100;

    /**
     * Trains on {@code x} and {@code y} where {@code open[r]} marks a row anyone may read (a public
     * dataset's row): those need no protection, so when there are at least {@link #MIN_OPEN_ROWS}
     * of them each tree's splits are grown greedily on their gradients alone (public-data-assisted
     * private learning: the public rows choose the structure, the protected rows only reach the noisy
     * leaf sums and counts). Every protected row's influence is exactly as without open rows — one
     * clipped gradient and one count per tree — and the open rows' gradients depend on the protected
     * ones only through the earlier trees' released leaves (post-processing), so the accounting does not
     * change. {@code open} null: no row is open.
     */
    public static PrivateTrees train(float[] x, int rows, int cols, double[] y, boolean[] open, FeatureBins bins,
                                     Settings s, Mechanisms noise, PrivacyLedger ledger) {
        if (open != null && open.length != rows) {
            throw new IllegalArgumentException(rows + " rows but " + open.length + " open/protected flags");
        }
        if (rows != y.length || x.length != (long) rows * cols) {
            throw new IllegalArgumentException(rows + " rows of " + cols + " features but " + x.length + " values and "
                    + y.length + " targets");
        }
        if (bins.features() != cols) {
            throw new IllegalArgumentException(bins.features() + " binned features but " + cols + " columns");
        }
        double lo;
        double hi;
        int releases = s.range() == null ? 3 : 1;
        double eq = s.epsilon() * s.rangeShare() / releases;
        if (s.range() == null) {
            // a quantile by the exponential mechanism is only as good as ε·(share of rows beyond it)·n is
            // large against the log of the grid size (Pr[miss by more than (2/ε)(ln|grid| + t) rows] ≤ e^−t):
            // 10 % and 90 %, on a coarse grid — at 5 % and 95 % the upper end of matbench_expt_gap still
            // landed far off in one fold of five at ε = 1
            double[] grid = Mechanisms.logGrid(10);
            lo = noise.quantile(y, 0.10, grid, eq);
            hi = noise.quantile(y, 0.90, grid, eq);
            if (hi < lo) {
                double t = hi;
                hi = lo;
                lo = t;
            }
            if (hi - lo < 1e-6 * Math.max(1, Math.abs(hi))) {
                hi = lo + Math.max(1e-3, 1e-3 * Math.abs(lo));
            }
        } else {
            lo = s.range()[0];
            hi = s.range()[1];
        }
        PrivateTrees.Transform transform = s.logTarget() ? PrivateTrees.Transform.LOG1P : PrivateTrees.Transform.NONE;
        double tlo = transform.forward(lo);
        double thi = transform.forward(hi);
        double[] t = new double[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = transform.forward(Math.max(lo, Math.min(hi, y[i])));
        }
        double[] inside = new double[201];
        for (int i = 0; i < inside.length; i++) {
            inside[i] = tlo + (thi - tlo) * i / (inside.length - 1);
        }
        double med = noise.quantile(t, 0.5, inside, eq);
        ledger.spend(s.range() == null ? "target quantiles 10 %, 50 %, 90 % (exponential mechanism)"
                : "target median (exponential mechanism; the range was given)", releases * eq, "sequential");
        double mid = (tlo + thi) / 2;
        double half = (thi - tlo) / 2;
        double start = Math.max(-1, Math.min(1, (med - mid) / half));
        double[] z = new double[rows];
        for (int i = 0; i < rows; i++) {
            z[i] = (t[i] - mid) / half;
        }
        PrivateTrees model = new PrivateTrees(s.depth(), cols, start, mid, half, transform, lo, hi);
        double[] f = new double[rows];
        Arrays.fill(f, start);
        int leaves = 1 << s.depth();
        int internal = leaves - 1;
        int[] usable = IntStream.range(0, cols).filter(j -> bins.edges().get(j).length > 0).toArray();
        if (usable.length == 0) {
            throw new IllegalArgumentException("no feature has a split point");
        }
        double epsTrees = s.epsilon() * (1 - s.rangeShare());
        double rho = Zcdp.rho(epsTrees, s.delta());
        double rhoTree = rho / s.trees();
        double c = s.clip();
        // ρ_tree = c²/(2σ_s²) + 1/(2σ_n²), split by countShare
        double sigmaSum = c / Math.sqrt(2 * rhoTree * (1 - s.countShare()));
        double sigmaCount = 1 / Math.sqrt(2 * rhoTree * s.countShare());
        double eta = s.shrinkage();
        double[] sum = new double[leaves];
        double[] count = new double[leaves];
        double[] openSum = new double[leaves];
        double[] openSq = new double[leaves];
        double[] openCount = new double[leaves];
        int[] leafOf = new int[rows];
        int[] openRows = open == null ? new int[0] : IntStream.range(0, rows).filter(r -> open[r]).toArray();
        boolean grown = openRows.length >= MIN_OPEN_ROWS;
        // CHECK_ROWS public rows (a quarter when there are fewer than 4·CHECK_ROWS), drawn at random,
        // only judge how many trees to keep (early stopping on public rows: no budget); they take no
        // part in splits or leaves. Without it, 300 greedy trees on 400 noisy public rows fitted
        // their noise (self-made table of the attack: 0.76 eV against 0.65 with random splits)
        boolean[] check = new boolean[rows];
        if (grown) {
            int[] order = openRows.clone();
            for (int i = order.length - 1; i > 0; i--) {
                int j = noise.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int i = 0; i < Math.min(CHECK_ROWS, order.length / 4); i++) {
                check[order[i]] = true;
            }
            openRows = Arrays.stream(openRows).filter(r -> !check[r]).toArray();
        }
        short[] binOf = grown ? binIndex(x, cols, openRows, bins) : null;
        double[] openGradient = new double[openRows.length];
        double bestCheck = Double.POSITIVE_INFINITY;
        int keep = s.trees();
        for (int k = 0; k < s.trees(); k++) {
            int[] feature = new int[internal];
            float[] at = new float[internal];
            if (grown) {
                for (int i = 0; i < openRows.length; i++) {
                    int r = openRows[i];
                    openGradient[i] = Math.max(-c, Math.min(c, z[r] - f[r]));
                }
                greedySplits(bins, usable, binOf, openGradient, feature, at, noise);
            } else {
                randomSplits(bins, usable, feature, at, noise);
            }
            double[] leaf = new double[leaves];
            model.add(feature, at, leaf);
            int tree = model.trees() - 1;
            Arrays.fill(sum, 0);
            Arrays.fill(count, 0);
            Arrays.fill(openSum, 0);
            Arrays.fill(openSq, 0);
            Arrays.fill(openCount, 0);
            for (int r = 0; r < rows; r++) {
                double g = Math.max(-c, Math.min(c, z[r] - f[r])); // the Huber loss's negative gradient
                int l = model.leaf(tree, x, r);
                leafOf[r] = l;
                if (check[r]) {
                    continue;
                }
                if (open != null && open[r]) {
                    openSum[l] += g;
                    openSq[l] += g * g;
                    openCount[l]++;
                } else {
                    sum[l] += g;
                    count[l]++;
                }
            }
            for (int l = 0; l < leaves; l++) {
                double noisySum = sum[l] + noise.gaussian(sigmaSum);
                double noisyCount = Math.max(MIN_COUNT, count[l] + noise.gaussian(sigmaCount));
                double mean = noisySum / noisyCount;
                if (openCount[l] > 0) {
                    mean = combined(openSum[l], openSq[l], openCount[l], noisySum, noisyCount, sigmaSum);
                }
                // post-processing of the two noisy releases: a mean step, bounded by η·c as every residual is
                leaf[l] = Math.max(-eta * c, Math.min(eta * c, eta * mean));
            }
            double loss = 0;
            for (int r = 0; r < rows; r++) {
                f[r] += leaf[leafOf[r]];
                loss += check[r] ? Math.abs(z[r] - f[r]) : 0;
            }
            if (grown && loss < bestCheck) {
                bestCheck = loss;
                keep = k + 1;
            }
        }
        model.keep(keep);
        ledger.spend(String.format(Locale.ROOT,
                        "%d trees on all rows (Gaussian noise on leaf sums, σ = %.3g·c, and counts, σ = %.3g; splits %s)",
                        s.trees(), sigmaSum / c, sigmaCount, grown ? "grown on the public rows only; the first " + keep
                                + " kept, by the error on held-out public rows" : "drawn without the data"),
                epsTrees, s.delta(), String.format(Locale.ROOT,
                        "zCDP: ρ = %.4g over the trees (each tree one Gaussian release, a row in one leaf), as (ε, δ = %.1e)",
                        rho, s.delta()));
        return model;
    }

    /**
     * A leaf's mean gradient from its open rows (exact) and its protected rows (a noisy sum over a noisy
     * count), each weighted by the inverse of its variance — the textbook combination of two unbiased
     * estimates, as in private estimation with public data (Bie, Kamath &amp; Singhal, NeurIPS 2022). The
     * gradients' spread v is the open rows' own; the protected mean's variance is (σ_s² + v·ñ)/ñ².
     * Only released or public values enter, so this is post-processing.
     */
    static double combined(double openSum, double openSq, double openCount, double noisySum, double noisyCount,
                           double sigmaSum) {
        double mu = openSum / openCount;
        double v = Math.max(1e-6, openSq / openCount - mu * mu);
        double wOpen = openCount / v;
        double wProtected = noisyCount * noisyCount / (sigmaSum * sigmaSum + v * noisyCount);
        return (wOpen * mu + wProtected * noisySum / noisyCount) / (wOpen + wProtected);
    }

    /** Public rows set aside to choose the number of trees (early stopping). */
    static final int CHECK_ROWS = 100;

    /** Fewest open rows on each side of a grown split. */
    static final int MIN_SPLIT_SIDE = 10;
    /** L2 regularisation of the grown splits' gain (XGBoost's λ with unit hessians). */
    static final double SPLIT_LAMBDA = 1;

    /**
     * Bin of every open row in every column against the fixed edges as the trees compare (in float):
     * bin b holds values above edge b−1 and at most edge b; NaN is bin 0, as a tree sends it left.
     */
    static short[] binIndex(float[] x, int cols, int[] openRows, FeatureBins bins) {
        short[] out = new short[openRows.length * cols];
        for (int j = 0; j < cols; j++) {
            double[] e = bins.edges().get(j);
            float[] fe = new float[e.length];
            for (int b = 0; b < e.length; b++) {
                fe[b] = (float) e[b];
            }
            for (int i = 0; i < openRows.length; i++) {
                float v = x[openRows[i] * cols + j];
                int b = 0;
                if (!Float.isNaN(v)) {
                    int lo = 0;
                    int hi = fe.length;
                    while (lo < hi) { // the number of edges below v
                        int m = (lo + hi) >>> 1;
                        if (fe[m] < v) {
                            lo = m + 1;
                        } else {
                            hi = m;
                        }
                    }
                    b = lo;
                }
                out[i * cols + j] = (short) b;
            }
        }
        return out;
    }

    /**
     * A complete tree's splits grown greedily (best gain G_L²/(n_L+λ) + G_R²/(n_R+λ) over the fixed
     * edges, as a histogram GBDT does) on the open rows' gradients only; a node with too few open rows
     * to split gets a random feature and edge.
     */
    static void greedySplits(FeatureBins bins, int[] usable, short[] binOf, double[] g, int[] feature, float[] at,
                             Mechanisms noise) {
        int cols = bins.features();
        int[][] members = new int[feature.length][];
        members[0] = IntStream.range(0, g.length).toArray();
        int maxBins = 1;
        for (int j : usable) {
            maxBins = Math.max(maxBins, bins.edges().get(j).length + 1);
        }
        double[] hs = new double[maxBins];
        int[] hn = new int[maxBins];
        for (int k = 0; k < feature.length; k++) {
            int[] here = members[k];
            int bestFeature = -1;
            int bestEdge = -1;
            double bestGain = 0;
            if (here.length >= 2 * MIN_SPLIT_SIDE) {
                double total = 0;
                for (int i : here) {
                    total += g[i];
                }
                for (int j : usable) {
                    int nb = bins.edges().get(j).length + 1;
                    Arrays.fill(hs, 0, nb, 0);
                    Arrays.fill(hn, 0, nb, 0);
                    for (int i : here) {
                        int b = binOf[i * cols + j];
                        hs[b] += g[i];
                        hn[b]++;
                    }
                    double gl = 0;
                    int nl = 0;
                    for (int e = 0; e < nb - 1; e++) {
                        gl += hs[e];
                        nl += hn[e];
                        int nr = here.length - nl;
                        if (nl < MIN_SPLIT_SIDE || nr < MIN_SPLIT_SIDE) {
                            continue;
                        }
                        double gr = total - gl;
                        double gain = gl * gl / (nl + SPLIT_LAMBDA) + gr * gr / (nr + SPLIT_LAMBDA);
                        if (gain > bestGain) {
                            bestGain = gain;
                            bestFeature = j;
                            bestEdge = e;
                        }
                    }
                }
            }
            if (bestFeature < 0) {
                bestFeature = usable[noise.nextInt(usable.length)];
                bestEdge = noise.nextInt(bins.edges().get(bestFeature).length);
            }
            feature[k] = bestFeature;
            at[k] = (float) bins.edges().get(bestFeature)[bestEdge];
            if (2 * k + 2 < feature.length) {
                int left = 0;
                for (int i : here) {
                    if (binOf[i * cols + bestFeature] <= bestEdge) {
                        left++;
                    }
                }
                int[] l = new int[left];
                int[] r = new int[here.length - left];
                int a = 0;
                int b = 0;
                for (int i : here) {
                    if (binOf[i * cols + bestFeature] <= bestEdge) {
                        l[a++] = i;
                    } else {
                        r[b++] = i;
                    }
                }
                members[2 * k + 1] = l;
                members[2 * k + 2] = r;
            }
        }
    }

    /** Reference rows routed through a tree while its splits are drawn; at most this many per tree. */
    private static final int REFERENCE_SAMPLE = 2000;

    /**
     * Draws a tree's splits without the data: at each node a random feature and, when the bins carry
     * a reference sample, the edge nearest to a random quantile (between the 25th and 75th) of the
     * reference rows that reach the node — so a split divides compositions in general, not an empty
     * corner; else a random edge.
     */
    static void randomSplits(FeatureBins bins, int[] usable, int[] feature, float[] at, Mechanisms noise) {
        float[] ref = bins.reference();
        int cols = bins.features();
        int refRows = ref == null ? 0 : ref.length / cols;
        int[][] members = new int[feature.length][];
        if (refRows > 0) {
            int n = Math.min(REFERENCE_SAMPLE, refRows);
            int[] sample = new int[n];
            for (int i = 0; i < n; i++) {
                sample[i] = noise.nextInt(refRows);
            }
            members[0] = sample;
        }
        for (int k = 0; k < feature.length; k++) {
            int j = usable[noise.nextInt(usable.length)];
            double[] edges = bins.edges().get(j);
            feature[k] = j;
            int[] here = members[k];
            double[] v = null;
            int m = 0;
            if (here != null && here.length >= 2) {
                v = new double[here.length];
                for (int r : here) {
                    float x = ref[r * cols + j];
                    if (!Float.isNaN(x)) {
                        v[m++] = x;
                    }
                }
            }
            if (m >= 2) {
                double[] w = Arrays.copyOf(v, m);
                Arrays.sort(w);
                double target = w[(int) ((0.25 + 0.5 * noise.nextDouble()) * (m - 1))];
                int best = Arrays.binarySearch(edges, target);
                if (best < 0) {
                    int ins = -best - 1;
                    best = ins == 0 ? 0 : ins >= edges.length ? edges.length - 1
                            : target - edges[ins - 1] <= edges[ins] - target ? ins - 1 : ins;
                }
                at[k] = (float) edges[best];
            } else {
                at[k] = (float) edges[noise.nextInt(edges.length)];
            }
            if (here != null && 2 * k + 2 < feature.length) {
                int left = 0;
                for (int r : here) {
                    if (!(ref[r * cols + j] > at[k])) {
                        left++;
                    }
                }
                int[] l = new int[left];
                int[] rr = new int[here.length - left];
                int a = 0;
                int b = 0;
                for (int r : here) {
                    if (!(ref[r * cols + j] > at[k])) {
                        l[a++] = r;
                    } else {
                        rr[b++] = r;
                    }
                }
                members[2 * k + 1] = l;
                members[2 * k + 2] = rr;
            }
        }
    }
}
