package org.matdx.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.matdx.core.Json;
import org.matdx.privacy.Mechanisms;
import org.matdx.privacy.PrivacyLedger;
import org.matdx.privacy.PrivateTrees;
import org.matdx.privacy.Zcdp;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gradient-boosted trees grown from histograms summed over nodes (the SecureBoost / FedTree family
 * without per-node splits): every node bins its rows on the public {@link FederationSpec#edges},
 * and for each tree node of the level being grown sends the sums of gradients g = F − z and
 * hessians h = 1 per feature and bin. The coordinator, which only ever sees those sums over
 * nodes, picks each split by the usual second-order gain and, at the last level, the leaves
 * −η·G/(H + λ). The trees are complete (depth levels; a node without a useful split sends all its
 * rows left at +∞), so they fit the {@link PrivateTrees} artifact and predict like MatDX's
 * private models. The target is learned in the scaled space z = (t − mid)/half ∈ [−1, 1] of the
 * public range, t = y or ln(1 + y).
 *
 * <p>With ε &gt; 0 every node adds Gaussian noise to its sums before masking, each a share
 * σ²/(n − 1) of the variance, so the sum over at least n − 1 nodes carries N(0, σ²): the base round
 * (Σz, count) 5 % of ρ, each histogram round an equal part of the rest; a row adds at most c to one
 * bin's G and 1 to one bin's H of every feature, so ρ_round = F·c²/(2σ_G²) + F/(2σ_H²), composed in
 * zCDP ({@link Zcdp}) and converted once to (ε, δ), as the model-use-only learner does.
 */
public final class FederatedTrees {
    private FederatedTrees() {
    }

    /** One tree in heap order: internal node k has children 2k+1, 2k+2; leaves follow the internal nodes. */
    public record Tree(int depth, int[] feature, float[] at, double[] leaf) {
        public static Tree empty(int depth) {
            int internal = (1 << depth) - 1;
            float[] at = new float[internal];
            Arrays.fill(at, Float.POSITIVE_INFINITY);
            return new Tree(depth, new int[internal], at, new double[internal + 1]);
        }

        /** The heap index of the node at {@code level} that row {@code r} reaches (splits above it must be set). */
        int node(float[] x, int cols, int r, int level) {
            int node = 0;
            for (int l = 0; l < level; l++) {
                float v = x[r * cols + feature[node]];
                node = 2 * node + (v > at[node] ? 2 : 1); // NaN goes left, as in PrivateTrees
            }
            return node;
        }

        double predict(float[] x, int cols, int r) {
            return leaf[node(x, cols, r, depth) - ((1 << depth) - 1)];
        }
    }

    /**
     * How the histograms of a level are laid out in one vector: the features a tree may split on
     * ({@code usable}, feature indices), where each one's bins start, and which column of a node's
     * binned rows holds it.
     */
    public record Layout(List<float[]> edges, int[] usable, int[] column, int[] offset, int binsPerNode) {
        /** Every feature with at least one edge. */
        public static Layout of(List<float[]> edges) {
            int[] usable = IntStream.range(0, edges.size()).filter(j -> edges.get(j).length > 0).toArray();
            return of(edges, usable, IntStream.range(0, usable.length).toArray());
        }

        private static Layout of(List<float[]> edges, int[] usable, int[] column) {
            int[] offset = new int[usable.length];
            int total = 0;
            for (int k = 0; k < usable.length; k++) {
                offset[k] = total;
                total += edges.get(usable[k]).length + 1;
            }
            return new Layout(List.copyOf(edges), usable, column, offset, total);
        }

        /**
         * The features tree {@code tree} of a session may split on: {@code featuresPerTree} of the
         * usable ones drawn from public randomness (the session id and the tree's number), or all.
         */
        public Layout forTree(FederationSpec spec, String session, int tree) {
            int k = spec.featuresPerTree();
            if (k <= 0 || k >= usable.length) {
                return this;
            }
            SplittableRandom r = new SplittableRandom(session.hashCode() * 1_000_003L + tree);
            int[] idx = IntStream.range(0, usable.length).toArray();
            for (int i = 0; i < k; i++) {
                int j = i + r.nextInt(idx.length - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            int[] chosen = Arrays.copyOf(idx, k);
            Arrays.sort(chosen);
            int[] features = new int[k];
            int[] columns = new int[k];
            for (int i = 0; i < k; i++) {
                features[i] = usable[chosen[i]];
                columns[i] = column[chosen[i]];
            }
            return of(edges, features, columns);
        }

        public int length(int level) {
            return (1 << level) * binsPerNode * 2;
        }

        /** What a node sends for a level: every tree node's histograms, or only the left children's. */
        public int sentLength(FederationSpec spec, int level) {
            return leftChildrenOnly(spec, level) ? length(level) / 2 : length(level);
        }
    }

    /**
     * Below the root, nodes send the left children's histograms only and the coordinator takes each
     * right child's as its parent's less its sibling's (LightGBM's histogram subtraction): half the
     * traffic, the same sums. Not under DP, where the difference would carry two draws of noise.
     */
    static boolean leftChildrenOnly(FederationSpec spec, int level) {
        return level > 0 && !spec.differentiallyPrivate();
    }

    /** A level's histograms in full from what the nodes sent and, when they sent left children only, the parents'. */
    public static double[] expand(FederationSpec spec, Layout sub, int level, double[] parents, double[] sent) {
        if (!leftChildrenOnly(spec, level)) {
            return sent;
        }
        int block = sub.binsPerNode() * 2;
        int pairs = 1 << (level - 1);
        if (parents == null || parents.length != pairs * block || sent.length != pairs * block) {
            throw new IllegalArgumentException("level " + level + ": " + sent.length + " sums sent, parents of "
                    + (parents == null ? 0 : parents.length) + "; expected " + pairs * block + " each");
        }
        double[] full = new double[2 * pairs * block];
        for (int j = 0; j < pairs; j++) {
            for (int i = 0; i < block; i++) {
                double left = sent[j * block + i];
                full[2 * j * block + i] = left;
                full[(2 * j + 1) * block + i] = parents[j * block + i] - left;
            }
        }
        return full;
    }

    /** Noise scales for a spec (zero when no DP), from the spec alone: every node and the coordinator compute the same. */
    public record Noise(double baseSigma, double evalSigma, double gradientSigma, double hessianSigma, double leafGradientSigma,
                        double leafHessianSigma, double rho, double delta) {
        /** Of ρ, spent on the start (Σz, count) and as much again on the evaluation of the finished model. */
        static final double BASE_SHARE = 0.025;
        /** Of each tree's ρ, spent on its leaves (a round of its own: a row is in one leaf); the rest on its splits. */
        static final double LEAF_SHARE = 0.5;

        public static Noise of(FederationSpec spec, Layout layout, int rowsForDelta) {
            if (!spec.differentiallyPrivate()) {
                return new Noise(0, 0, 0, 0, 0, 0, 0, 0);
            }
            double delta = spec.delta(rowsForDelta);
            double rho = Zcdp.rho(spec.epsilon(), delta);
            double rhoTree = rho * (1 - 2 * BASE_SHARE) / spec.trees();
            double rhoRound = rhoTree * (1 - LEAF_SHARE) / spec.depth();
            double rhoLeaves = rhoTree * LEAF_SHARE;
            int f = spec.featuresPerTree() > 0 ? Math.min(spec.featuresPerTree(), layout.usable().length) : layout.usable().length;
            // Δ² of the base round: 1 (z ∈ [−1, 1]) + 1 (count)
            double base = Math.sqrt(2 / (2 * rho * BASE_SHARE));
            // a histogram round: Δ² = f·c² (G) + f (H), half of the round's ρ on each
            double g = Math.sqrt(f) * spec.clip() / Math.sqrt(rhoRound);
            double h = Math.sqrt(f) / Math.sqrt(rhoRound);
            // the leaf round: Δ² = c² + 1
            double lg = spec.clip() / Math.sqrt(rhoLeaves);
            double lh = 1 / Math.sqrt(rhoLeaves);
            // Δ² of the evaluation: the range² (one row's |error| in one band) + 1 (its count)
            double width = spec.rangeHigh() - spec.rangeLow();
            double eval = Math.sqrt((width * width + 1) / (2 * rho * BASE_SHARE));
            return new Noise(base, eval, g, h, lg, lh, rho, delta);
        }

        /** The ledger of a DP training, for the model card. */
        public PrivacyLedger ledger(FederationSpec spec) {
            PrivacyLedger l = new PrivacyLedger();
            if (spec.differentiallyPrivate()) {
                l.spend(String.format(Locale.ROOT, "target mean (Σz, count; σ = %.3g); per tree %d histogram rounds "
                                        + "(σ_G = %.3g, σ_H = %.3g per bin) and a leaf round (σ_G = %.3g, σ_H = %.3g per leaf), "
                                        + "%d trees; the error per band (σ = %.3g); all noise on sums over nodes",
                                baseSigma, spec.depth(), gradientSigma, hessianSigma, leafGradientSigma, leafHessianSigma,
                                spec.trees(), evalSigma),
                        spec.epsilon(), delta, String.format(Locale.ROOT, "zCDP: ρ = %.4g over all rounds, as (ε, δ = %.1e); "
                                + "noise added by the nodes before masking, at least σ² in the sum when at most one node drops", rho, delta));
            }
            return l;
        }
    }

    /**
     * Which ensemble a round grows. Without a hurdle there is only {@link #VALUE}. With one
     * ({@link FederationSpec#hurdle}) a {@link #GATE} learns whether the value is above zero at all
     * (least squares on ±1: the same learner, hessians 1) over every row, and the value trees learn
     * from the rows above zero only; the model predicts 0 where the gate says ≤ 0, as MatDX's
     * ordinary hurdle model does for the metals among band gaps.
     */
    public enum Part {
        VALUE, GATE;

        /** The tree's number for the public feature draw ({@link Layout#forTree}): gate trees after every value tree. */
        public int treeNumber(int k) {
            return this == GATE ? FederationSpec.MAX_TREES + k : k;
        }
    }

    /** A node's rows, binned once, and its running scores (one set per {@link Part}). */
    public static final class Local {
        private final FederationSpec spec;
        private final Layout layout;
        private final float[] x;
        private final int rows;
        private final int cols;
        private final double[] target;
        private final short[] binned; // up to 256 bins: 0-256 does not fit a byte
        private final Fit value;
        private final Fit gate;

        /** One ensemble's scaled targets, the rows it learns from, and its scores so far. */
        private static final class Fit {
            final double[] z;
            final boolean[] uses; // null: every row
            double[] scores;
            int applied;

            Fit(double[] z, boolean[] uses) {
                this.z = z;
                this.uses = uses;
            }

            boolean uses(int r) {
                return uses == null || uses[r];
            }
        }

        public Local(FederationSpec spec, float[] x, double[] y) {
            this.spec = spec;
            this.layout = Layout.of(spec.edges());
            this.cols = spec.features().featureSet().size();
            this.rows = y.length;
            if (x.length != (long) rows * cols) {
                throw new IllegalArgumentException(rows + " rows of " + cols + " features but " + x.length + " values");
            }
            this.x = x;
            double[] z = new double[rows];
            this.target = y.clone();
            for (int i = 0; i < rows; i++) {
                z[i] = scale(spec, y[i]);
            }
            if (spec.hurdle()) {
                double[] above = new double[rows];
                boolean[] positive = new boolean[rows];
                for (int i = 0; i < rows; i++) {
                    positive[i] = y[i] > 0;
                    above[i] = positive[i] ? 1 : -1;
                }
                this.value = new Fit(z, positive);
                this.gate = new Fit(above, null);
            } else {
                this.value = new Fit(z, null);
                this.gate = null;
            }
            int u = layout.usable().length;
            this.binned = new short[rows * u];
            for (int k = 0; k < u; k++) {
                float[] e = layout.edges().get(layout.usable()[k]);
                int j = layout.usable()[k];
                for (int r = 0; r < rows; r++) {
                    binned[r * u + k] = (short) bin(e, x[r * cols + j]);
                }
            }
        }

        public int rows() {
            return rows;
        }

        private Fit fit(Part part) {
            if (part == Part.GATE && gate == null) {
                throw new IllegalArgumentException("part: a gate is grown only with a hurdle in the spec");
            }
            return part == Part.GATE ? gate : value;
        }

        /**
         * The base round's input: Σz and the count of the rows the value trees learn from (with noise
         * under DP); with a hurdle also the gate's Σz (±1) and the count of all rows.
         */
        public double[] baseSums(Noise noise, Mechanisms m, int parties) {
            double s = 0;
            int n = 0;
            for (int r = 0; r < rows; r++) {
                if (value.uses(r)) {
                    s += value.z[r];
                    n++;
                }
            }
            if (gate != null) {
                double g = 0;
                for (double v : gate.z) {
                    g += v;
                }
                return new double[] {s, n, g, rows};
            }
            return new double[] {s + share(noise.baseSigma(), m, parties), n + share(noise.baseSigma(), m, parties)};
        }

        /** Brings the scores up to date with the trees grown so far (start, then each tree not yet applied). */
        public void catchUp(double start, List<Tree> trees) {
            catchUp(Part.VALUE, start, trees);
        }

        /** As {@link #catchUp(double, List)} for one part's ensemble. */
        public void catchUp(Part part, double start, List<Tree> trees) {
            Fit f = fit(part);
            if (f.scores == null) {
                f.scores = new double[rows];
                Arrays.fill(f.scores, start);
            }
            if (trees.size() < f.applied) {
                throw new IllegalArgumentException("the coordinator sent " + trees.size() + " trees; this node has " + f.applied);
            }
            for (int t = f.applied; t < trees.size(); t++) {
                Tree tree = trees.get(t);
                check(tree);
                for (int r = 0; r < rows; r++) {
                    f.scores[r] += tree.predict(x, cols, r);
                }
            }
            f.applied = trees.size();
        }

        /**
         * The evaluation round's input: for each of {@link #BANDS} equal parts of the target range
         * (by predicted value), the sum of |y − ŷ| over this node's rows predicted there and their count.
         */
        public double[] evaluate(double start, List<Tree> trees, Noise noise, Mechanisms m, int parties) {
            return evaluate(start, trees, 0, List.of(), noise, m, parties);
        }

        /** As {@link #evaluate(double, List, Noise, Mechanisms, int)}, of the model with its gate (hurdle). */
        public double[] evaluate(double start, List<Tree> trees, double gateStart, List<Tree> gateTrees, Noise noise, Mechanisms m,
                                 int parties) {
            catchUp(start, trees);
            trees.forEach(this::check);
            gateTrees.forEach(this::check);
            PrivateTrees model = model(spec, start, trees, gateStart, gateTrees);
            double[] p = model.predict(x, rows, cols);
            double width = (spec.rangeHigh() - spec.rangeLow()) / BANDS;
            double[] out = new double[2 * BANDS];
            for (int r = 0; r < rows; r++) {
                int b = Math.max(0, Math.min(BANDS - 1, (int) Math.floor((p[r] - spec.rangeLow()) / width)));
                double y = Math.max(spec.rangeLow(), Math.min(spec.rangeHigh(), target[r]));
                out[b] += Math.abs(y - p[r]);
                out[BANDS + b] += 1;
            }
            for (int i = 0; i < out.length; i++) {
                out[i] += share(noise.evalSigma(), m, parties);
            }
            return out;
        }

        /** Under DP, the leaves' own round: ΣG and count per leaf of the grown {@code tree} (a row is in one leaf). */
        public double[] leafSums(Tree tree, Noise noise, Mechanisms m, int parties) {
            check(tree);
            int leaves = 1 << spec.depth();
            double[] out = new double[2 * leaves];
            double c = spec.clip();
            for (int r = 0; r < rows; r++) {
                int leaf = tree.node(x, cols, r, spec.depth()) - (leaves - 1);
                out[2 * leaf] += Math.max(-c, Math.min(c, value.scores[r] - value.z[r]));
                out[2 * leaf + 1] += 1;
            }
            for (int i = 0; i < out.length; i += 2) {
                out[i] += share(noise.leafGradientSigma(), m, parties);
                out[i + 1] += share(noise.leafHessianSigma(), m, parties);
            }
            return out;
        }

        /** G and H per tree node of {@code level}, feature and bin, rows routed through the partial {@code tree}. */
        public double[] histograms(Tree tree, int level, Layout sub, Noise noise, Mechanisms m, int parties) {
            return histograms(Part.VALUE, tree, level, sub, noise, m, parties);
        }

        /** As {@link #histograms(Tree, int, Layout, Noise, Mechanisms, int)} for one part's ensemble (its rows, its gradients). */
        public double[] histograms(Part part, Tree tree, int level, Layout sub, Noise noise, Mechanisms m, int parties) {
            Fit f = fit(part);
            if (f.scores == null) {
                throw new IllegalStateException("histograms before the scores were brought up to date");
            }
            check(tree);
            if (level < 0 || level >= spec.depth()) {
                throw new IllegalArgumentException("level " + level + " of a tree of depth " + spec.depth());
            }
            boolean leftOnly = leftChildrenOnly(spec, level);
            double[] h = new double[sub.sentLength(spec, level)];
            int u = layout.usable().length;
            int first = (1 << level) - 1;
            double c = spec.clip();
            for (int r = 0; r < rows; r++) {
                if (!f.uses(r)) {
                    continue;
                }
                int node = tree.node(x, cols, r, level) - first;
                if (leftOnly) {
                    if (node % 2 == 1) {
                        continue; // a right child's histogram is its parent's less its sibling's
                    }
                    node /= 2;
                }
                double g = Math.max(-c, Math.min(c, f.scores[r] - f.z[r]));
                int base = node * sub.binsPerNode();
                for (int k = 0; k < sub.usable().length; k++) {
                    int at = (base + sub.offset()[k] + binned[r * u + sub.column()[k]]) * 2;
                    h[at] += g;
                    h[at + 1] += 1;
                }
            }
            if (noise.gradientSigma() > 0) {
                for (int i = 0; i < h.length; i += 2) {
                    h[i] += share(noise.gradientSigma(), m, parties);
                    h[i + 1] += share(noise.hessianSigma(), m, parties);
                }
            }
            return h;
        }

        private void check(Tree tree) {
            if (tree.depth() != spec.depth()) {
                throw new IllegalArgumentException("a tree of depth " + tree.depth() + "; the spec says " + spec.depth());
            }
            for (int i = 0; i < tree.feature().length; i++) {
                int f = tree.feature()[i];
                if (f < 0 || f >= cols) {
                    throw new IllegalArgumentException("a split on feature " + f);
                }
                // only at a public edge (or nowhere): a threshold of the coordinator's choosing could cut one row off
                float at = tree.at()[i];
                if (at != Float.POSITIVE_INFINITY && Arrays.binarySearch(layout.edges().get(f), at) < 0) {
                    throw new IllegalArgumentException("a split of feature " + f + " at " + at + ", which is not an edge of "
                            + "the public bins");
                }
            }
        }
    }

    /** Bands of the predicted value the model's error is reported in (equal parts of the public range). */
    public static final int BANDS = 3;

    /** The uncertainty bands a node registers, from the summed evaluation (Σ|e| and count per band). */
    public static ObjectNode uncertainty(FederationSpec spec, double[] sums) {
        var out = Json.object().put("coverage", 0.5)
                .put("method", "mean absolute error of the finished model on all participants' training rows predicted in "
                        + "the band (summed over nodes by secure aggregation; in-sample, so optimistic)");
        var bands = out.putArray("bands");
        double width = (spec.rangeHigh() - spec.rangeLow()) / BANDS;
        double overall = sums[BANDS] + sums[BANDS + 1] + sums[BANDS + 2] > 0
                ? (sums[0] + sums[1] + sums[2]) / Math.max(1, sums[BANDS] + sums[BANDS + 1] + sums[BANDS + 2]) : width;
        for (int b = 0; b < BANDS; b++) {
            // a band with (almost) no rows borrows the overall error rather than dividing noise by noise
            double mae = sums[BANDS + b] >= 10 ? sums[b] / sums[BANDS + b] : overall;
            bands.addObject().put("from", spec.rangeLow() + b * width).put("to", spec.rangeLow() + (b + 1) * width)
                    .put("uncertainty", Math.max(0, Math.min(spec.rangeHigh() - spec.rangeLow(), mae)));
        }
        return out;
    }

    /** A node's share of noise of total variance σ²: σ²/(n − 1), so n − 1 survivors together carry at least σ². */
    static double share(double sigma, Mechanisms m, int parties) {
        return sigma > 0 ? m.gaussian(sigma / Math.sqrt(Math.max(1, parties - 1))) : 0;
    }

    /** Bin of a value on ascending edges: the number of edges it exceeds (NaN: bin 0, left of every edge). */
    static int bin(float[] edges, float v) {
        int lo = 0;
        int hi = edges.length;
        if (Float.isNaN(v)) {
            return 0;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v > edges[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double scale(FederationSpec spec, double y) {
        PrivateTrees.Transform t = transform(spec);
        double lo = forward(t, spec.rangeLow());
        double hi = forward(t, spec.rangeHigh());
        double v = forward(t, Math.max(spec.rangeLow(), Math.min(spec.rangeHigh(), y)));
        return (v - (lo + hi) / 2) / ((hi - lo) / 2);
    }

    static PrivateTrees.Transform transform(FederationSpec spec) {
        return spec.logTarget() ? PrivateTrees.Transform.LOG1P : PrivateTrees.Transform.NONE;
    }

    private static double forward(PrivateTrees.Transform t, double y) {
        return t == PrivateTrees.Transform.LOG1P ? Math.log1p(y) : y;
    }

    /**
     * The coordinator's step for one level: from the summed histograms, each node's split (or +∞ when
     * no split gains or leaves a child below the minimum rows), and at the last level the leaves.
     */
    public static void grow(FederationSpec spec, Layout layout, Tree tree, int level, double[] sums) {
        grow(spec, layout, tree, level, sums, 0);
    }

    /**
     * As {@link #grow}, on noisy sums whose hessian (count) per bin has noise σ_H: a child must then
     * count at least 3·σ_H·√bins more than the minimum rows, so that a split is not chosen for a
     * bin whose count is mostly noise (a rule fixed by public settings: post-processing, no budget).
     */
    public static void grow(FederationSpec spec, Layout layout, Tree tree, int level, double[] sums, double hessianSigma) {
        if (sums.length != layout.length(level)) {
            throw new IllegalArgumentException(sums.length + " sums for level " + level + "; expected " + layout.length(level));
        }
        int nodes = 1 << level;
        int first = nodes - 1;
        double lambda = spec.lambda();
        boolean last = level == spec.depth() - 1;
        for (int i = 0; i < nodes; i++) {
            int base = i * layout.binsPerNode() * 2;
            // the node's totals, from the first usable feature's bins (every row is in one bin of each)
            double g = 0;
            double h = 0;
            int bins0 = layout.usable().length == 0 ? 0 : layout.edges().get(layout.usable()[0]).length + 1;
            for (int b = 0; b < bins0; b++) {
                g += sums[base + 2 * b];
                h += sums[base + 2 * b + 1];
            }
            double parent = g * g / (h + lambda);
            double best = 1e-9;
            int bestFeature = 0;
            float bestAt = Float.POSITIVE_INFINITY;
            double bestGl = g;
            double bestHl = h;
            for (int k = 0; k < layout.usable().length; k++) {
                float[] e = layout.edges().get(layout.usable()[k]);
                double gl = 0;
                double hl = 0;
                int off = base + layout.offset()[k] * 2;
                double minChild = spec.minChildRows() + 3 * hessianSigma * Math.sqrt(e.length + 1);
                for (int b = 0; b < e.length; b++) {
                    gl += sums[off + 2 * b];
                    hl += sums[off + 2 * b + 1];
                    double gr = g - gl;
                    double hr = h - hl;
                    if (hl < minChild || hr < minChild) {
                        continue;
                    }
                    double gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
                    if (gain > best) {
                        best = gain;
                        bestFeature = layout.usable()[k];
                        bestAt = e[b];
                        bestGl = gl;
                        bestHl = hl;
                    }
                }
            }
            tree.feature()[first + i] = bestFeature;
            tree.at()[first + i] = bestAt;
            if (last) {
                int leaf = 2 * i;
                tree.leaf()[leaf] = leafValue(spec, bestGl, bestHl);
                tree.leaf()[leaf + 1] = leafValue(spec, g - bestGl, h - bestHl);
            }
        }
    }

    /** The leaves from the leaf round's sums (DP): a leaf whose noisy count is below the minimum rows gets 0. */
    public static void setLeaves(FederationSpec spec, Tree tree, double[] sums) {
        int leaves = 1 << spec.depth();
        if (sums.length != 2 * leaves) {
            throw new IllegalArgumentException(sums.length + " leaf sums; expected " + 2 * leaves);
        }
        for (int l = 0; l < leaves; l++) {
            tree.leaf()[l] = sums[2 * l + 1] >= spec.minChildRows() ? leafValue(spec, sums[2 * l], sums[2 * l + 1]) : 0;
        }
    }

    static double leafValue(FederationSpec spec, double g, double h) {
        if (!(h > 0)) {
            return 0; // no rows (or noise said fewer than none): the leaf is not reached by training rows
        }
        double w = -spec.shrinkage() * g / (h + spec.lambda());
        double cap = spec.shrinkage() * spec.clip();
        return Math.max(-cap, Math.min(cap, w));
    }

    /** The start score from the summed base round (Σz, count). */
    public static double start(double[] base) {
        return base[1] > 1 ? Math.max(-1, Math.min(1, base[0] / base[1])) : 0;
    }

    /** The gate's start score from the summed base round of a training with a hurdle (its Σz, count after the value's). */
    public static double gateStart(double[] base) {
        return base.length >= 4 && base[3] > 1 ? Math.max(-1, Math.min(1, base[2] / base[3])) : 0;
    }

    /** Values of the base round a node sends: the value's Σz and count, and the gate's with a hurdle. */
    public static int baseLength(FederationSpec spec) {
        return spec.hurdle() ? 4 : 2;
    }

    /** The trees as MatDX's private-model artifact, predicting in the target's unit within the public range. */
    public static PrivateTrees model(FederationSpec spec, double start, List<Tree> trees) {
        return model(spec, start, trees, 0, List.of());
    }

    /**
     * With a hurdle, the value trees behind their gate: the gate's score (least squares on ±1)
     * above 0 lets the value through, else the model predicts 0.
     */
    public static PrivateTrees model(FederationSpec spec, double start, List<Tree> trees, double gateStart, List<Tree> gateTrees) {
        PrivateTrees value = valueModel(spec, start, trees);
        if (!spec.hurdle()) {
            return value;
        }
        List<int[]> f = new ArrayList<>();
        List<float[]> at = new ArrayList<>();
        List<double[]> leaves = new ArrayList<>();
        for (Tree tree : gateTrees) {
            f.add(tree.feature());
            at.add(tree.at());
            leaves.add(tree.leaf());
        }
        return value.withGate(PrivateTrees.of(spec.depth(), spec.features().featureSet().size(), gateStart, 0, 1,
                PrivateTrees.Transform.NONE, -1, 1, f, at, leaves));
    }

    private static PrivateTrees valueModel(FederationSpec spec, double start, List<Tree> trees) {
        PrivateTrees.Transform t = transform(spec);
        double lo = forward(t, spec.rangeLow());
        double hi = forward(t, spec.rangeHigh());
        List<int[]> f = new ArrayList<>();
        List<float[]> at = new ArrayList<>();
        List<double[]> leaves = new ArrayList<>();
        for (Tree tree : trees) {
            f.add(tree.feature());
            at.add(tree.at());
            leaves.add(tree.leaf());
        }
        return PrivateTrees.of(spec.depth(), spec.features().featureSet().size(), start, (lo + hi) / 2, (hi - lo) / 2, t,
                spec.rangeLow(), spec.rangeHigh(), f, at, leaves);
    }

    /**
     * The same learner on rows held in one place (pooled, or one node alone): what federated
     * training must match, and the baseline it must beat. No secure aggregation, no noise.
     */
    public static PrivateTrees trainCentrally(FederationSpec spec, float[] x, double[] y) {
        Local local = new Local(spec, x, y);
        Layout layout = Layout.of(spec.edges());
        Noise none = Noise.of(spec.withoutNoise(), layout, y.length);
        double[] base = local.baseSums(none, null, 1);
        double start = start(base);
        List<Tree> trees = growCentrally(spec, local, layout, none, Part.VALUE, start);
        if (!spec.hurdle()) {
            return model(spec, start, trees);
        }
        double gateStart = gateStart(base);
        return model(spec, start, trees, gateStart, growCentrally(spec, local, layout, none, Part.GATE, gateStart));
    }

    private static List<Tree> growCentrally(FederationSpec spec, Local local, Layout layout, Noise none, Part part, double start) {
        List<Tree> trees = new ArrayList<>();
        for (int k = 0; k < spec.trees(); k++) {
            local.catchUp(part, start, trees);
            Tree tree = Tree.empty(spec.depth());
            Layout sub = layout.forTree(spec, "central", part.treeNumber(k));
            double[] parents = null;
            for (int level = 0; level < spec.depth(); level++) {
                parents = expand(spec, sub, level, parents, local.histograms(part, tree, level, sub, none, null, 1));
                grow(spec, sub, tree, level, parents);
            }
            trees.add(tree);
        }
        return trees;
    }
}
