package org.matdx.privacy;

import java.util.Arrays;

/**
 * Differentially private gradient-boosted trees after Li, Wu, Wen, He, "Privacy-Preserving
 * Gradient Boosting Decision Trees", AAAI 2020 (DP-GBDT):
 * <ul>
 *   <li><b>Budget across trees</b>: the rows are dealt into {@code treesPerEnsemble} disjoint parts
 *       and each tree of an ensemble learns from one part, so one ensemble costs the ε of one tree
 *       (parallel composition); the {@code ensembles} run one after another on all rows, each with
 *       an equal share (sequential composition).</li>
 *   <li><b>Gradient-based data filtering</b>: a row whose gradient exceeds g* = 1 (the target is
 *       normalised to [−1, 1]) is left out of the tree, which bounds every row's influence.</li>
 *   <li><b>Geometric leaf clipping</b>: leaf values of the t-th tree of an ensemble are clipped to
 *       ±2·g*·η·(1−η)^t; with the λ-regularised leaf −η·ΣG/(N+λ) the sensitivity of a leaf value is
 *       min(η·g* / (1+λ), 2·g*·η·(1−η)^t), and Laplace noise of that sensitivity / ε is added.</li>
 *   <li><b>Splits</b> are chosen at random among fixed {@link FeatureBins} edges, without looking at
 *       the rows (where the bins carry their reference sample, at an edge that divides the reference
 *       compositions reaching the node), so the tree shapes cost no budget (totally random trees, as Maddock et al., CCS
 *       2022, found competitive for private boosting). Li et al. spend half of each tree's budget
 *       on the exponential mechanism instead; at the ε and row counts of model-use-only data, that
 *       choice is nearly uniform anyway, and the leaves do better with the whole budget.</li>
 *   <li><b>Target range</b>: given by whoever trains (public knowledge of the quantity, e.g. band
 *       gaps 0-10 eV) or else the 5 % and 95 % quantiles estimated by the exponential mechanism over
 *       a fixed grid; targets outside are clipped to it. Boosting starts at the private median.
 *       Both spend {@link Settings#rangeShare} of ε.</li>
 * </ul>
 * The guarantee is ε-DP for adding or removing one training row (Dwork &amp; Roth 2014); every
 * release is written in the {@link PrivacyLedger}.
 */
public final class DpGbdt {
    private DpGbdt() {
    }

    /** The loss boosted: squared error (means) or absolute error (medians, for MAE). */
    public enum Loss {
        SQUARED, ABSOLUTE
    }

    /**
     * @param epsilon          the whole ε this training may spend
     * @param rangeShare       of ε, spent on the three target quantiles
     * @param shrinkage        η
     * @param lambda           λ, the leaf regulariser (larger: smaller sensitivity, smaller steps)
     * @param leafClipping     whether to clip leaf values geometrically (Li et al.'s GLC)
     * @param range            the target's plausible range {low, high} if known without the data (e.g.
     *                         0-10 eV for band gaps), else null: it is then estimated privately
     */
    public record Settings(double epsilon, int ensembles, int treesPerEnsemble, int depth, double shrinkage,
                           double lambda, Loss loss, boolean leafClipping, double rangeShare, double[] range) {
        public Settings {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("ε must be positive and finite, was " + epsilon);
            }
            if (ensembles < 1 || treesPerEnsemble < 1 || depth < 1 || depth > 10) {
                throw new IllegalArgumentException("need at least one ensemble of one tree, depth 1-10");
            }
            if (!(shrinkage > 0 && shrinkage <= 1) || !(lambda >= 0) || !(rangeShare > 0 && rangeShare < 1)) {
                throw new IllegalArgumentException("shrinkage must be in (0, 1], λ ≥ 0, rangeShare in (0, 1)");
            }
            if (range != null && (range.length != 2 || !Double.isFinite(range[0]) || !Double.isFinite(range[1])
                    || !(range[1] > range[0]))) {
                throw new IllegalArgumentException("the target range must be two finite numbers, low < high");
            }
            range = range == null ? null : range.clone();
        }

        /**
         * MatDX's defaults, measured on matbench_expt_gap (docs/BENCHMARKS.md): 3 ensembles, absolute
         * loss, η = 0.1, λ = 40, geometric leaf clipping, 5 % of ε on the target's median (and range),
         * trees of depth up to 5 and as many per ensemble (up to 20) as keep about 6 rows per leaf —
         * shallower trees for small datasets, so that a leaf still averages several rows.
         */
        public static Settings standard(int rows, double epsilon, double[] range, Loss loss) {
            int depth = 5;
            while (depth > 1 && rows < 8 * (1 << depth)) {
                depth--;
            }
            int trees = Math.max(1, Math.min(20, rows / (6 << depth)));
            return new Settings(epsilon, 3, trees, depth, 0.1, 40, loss, true, 0.05, range);
        }

        public java.util.Map<String, Object> describe() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("algorithm", "dp-gbdt");
            m.put("reference", "Li, Wu, Wen, He, Privacy-Preserving Gradient Boosting Decision Trees, AAAI 2020");
            m.put("epsilon", epsilon);
            m.put("ensembles", ensembles);
            m.put("trees_per_ensemble", treesPerEnsemble);
            m.put("max_depth", depth);
            m.put("shrinkage", shrinkage);
            m.put("lambda", lambda);
            m.put("loss", loss.name().toLowerCase(java.util.Locale.ROOT));
            m.put("geometric_leaf_clipping", leafClipping);
            m.put("splits", "random, at fixed edges from reference compositions (no budget)");
            if (range != null) {
                m.put("target_range", java.util.List.of(range[0], range[1]));
            }
            return m;
        }

        public Settings withEpsilon(double e) {
            return new Settings(e, ensembles, treesPerEnsemble, depth, shrinkage, lambda, loss, leafClipping, rangeShare, range);
        }

        public Settings withLoss(Loss l) {
            return new Settings(epsilon, ensembles, treesPerEnsemble, depth, shrinkage, lambda, l, leafClipping, rangeShare, range);
        }

        public Settings withRange(double[] r) {
            return new Settings(epsilon, ensembles, treesPerEnsemble, depth, shrinkage, lambda, loss, leafClipping, rangeShare, r);
        }
    }

    /** How many trees each ensemble needs at most for its parts to keep about {@code rowsPerLeaf} rows per leaf. */
    public static int treesFor(int rows, int depth, int rowsPerLeaf, int max) {
        return Math.max(1, Math.min(max, rows / Math.max(1, rowsPerLeaf << depth)));
    }

    /** Trains on {@code x} (rows × cols, row-major) and {@code y}; noise from {@code noise}. */
    public static PrivateTrees train(float[] x, int rows, int cols, double[] y, FeatureBins bins, Settings s,
                                     Mechanisms noise, PrivacyLedger ledger) {
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
            // large against the log of the grid size: 5 % and 95 %, on a coarse grid
            double[] grid = Mechanisms.logGrid(20);
            lo = noise.quantile(y, 0.05, grid, eq);
            hi = noise.quantile(y, 0.95, grid, eq);
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
        double[] inside = new double[201];
        for (int i = 0; i < inside.length; i++) {
            inside[i] = lo + (hi - lo) * i / (inside.length - 1);
        }
        double med = noise.quantile(y, 0.5, inside, eq);
        ledger.spend(s.range() == null ? "target quantiles 5 %, 50 %, 95 % (exponential mechanism)"
                : "target median (exponential mechanism; the range was given)", releases * eq, "sequential");
        double mid = (lo + hi) / 2;
        double half = (hi - lo) / 2;
        double start = Math.max(-1, Math.min(1, (med - mid) / half));
        double[] z = new double[rows];
        for (int i = 0; i < rows; i++) {
            z[i] = (Math.max(lo, Math.min(hi, y[i])) - mid) / half;
        }
        PrivateTrees model = new PrivateTrees(s.depth(), cols, start, mid, half);
        double[] f = new double[rows];
        Arrays.fill(f, start);
        double perEnsemble = s.epsilon() * (1 - s.rangeShare()) / s.ensembles();
        int internal = (1 << s.depth()) - 1;
        int leaves = internal + 1;
        int[] usable = java.util.stream.IntStream.range(0, cols).filter(j -> bins.edges().get(j).length > 0).toArray();
        if (usable.length == 0) {
            throw new IllegalArgumentException("no feature has a split point");
        }
        int trees = Math.min(s.treesPerEnsemble(), rows);
        int[] order = java.util.stream.IntStream.range(0, rows).toArray();
        double eta = s.shrinkage();
        double[] sum = new double[leaves];
        int[] count = new int[leaves];
        for (int e = 0; e < s.ensembles(); e++) {
            shuffle(order, noise);
            for (int t = 0; t < trees; t++) {
                int from = (int) ((long) rows * t / trees);
                int to = (int) ((long) rows * (t + 1) / trees);
                int[] feature = new int[internal];
                float[] at = new float[internal];
                randomSplits(bins, usable, feature, at, noise);
                double[] leaf = new double[leaves];
                model.add(feature, at, leaf);
                int tree = model.trees() - 1;
                Arrays.fill(sum, 0);
                Arrays.fill(count, 0);
                for (int p = from; p < to; p++) {
                    int r = order[p];
                    double g = switch (s.loss()) {
                        case SQUARED -> f[r] - z[r];
                        case ABSOLUTE -> Math.signum(f[r] - z[r]);
                    };
                    if (Math.abs(g) > 1) {
                        continue; // gradient-based data filtering (g* = 1)
                    }
                    int l = model.leaf(tree, x, r);
                    sum[l] += g;
                    count[l]++;
                }
                double clip = s.leafClipping() ? 2 * eta * Math.pow(1 - eta, t) : Double.POSITIVE_INFINITY;
                double sensitivity = Math.min(eta / (1 + s.lambda()), 2 * Math.min(clip, eta));
                for (int l = 0; l < leaves; l++) {
                    double v = -eta * sum[l] / (count[l] + s.lambda());
                    v = Math.max(-clip, Math.min(clip, v));
                    leaf[l] = v + noise.laplace(sensitivity / perEnsemble);
                }
                for (int r = 0; r < rows; r++) {
                    f[r] += leaf[model.leaf(tree, x, r)];
                }
            }
        }
        ledger.spend(s.ensembles() + " ensembles of " + trees + " trees (Laplace noise on leaf values)",
                perEnsemble * s.ensembles(), "trees of one ensemble learn from disjoint rows (parallel); ensembles sequential");
        return model;
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

    private static void shuffle(int[] a, Mechanisms noise) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = noise.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
