package org.matdx.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import org.matdx.informatics.CompositionFeatures;
import org.matdx.informatics.ReferenceCompositions;
import org.matdx.privacy.DpGbdt;
import org.matdx.privacy.FeatureBins;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every node of a federation agrees to before any of its rows is touched: the target property
 * and its plausible range (public, like the band gap's 0-12 eV), the feature set, the public bin
 * spec of the features, the trees to grow, and whether and how much differential-privacy noise the
 * sums carry. A node answers only a coordinator whose spec equals the one it joined with.
 *
 * @param epsilon ε of the (ε, δ) guarantee for each node's rows against the coordinator, or 0 for no DP noise
 * @param featuresPerTree features each tree may split on (drawn per tree from public randomness), 0 for all:
 *                        under DP a row then weighs on that many bins per round, not on every feature's
 * @param hurdle          a gate learns whether the target is above 0 at all and the value trees learn from the
 *                        rows above 0 only (half of matbench_expt_gap's rows are metals at exactly 0 eV)
 */
public record FederationSpec(String target, String featureSet, double rangeLow, double rangeHigh, boolean logTarget,
                             int bins, int trees, int depth, double shrinkage, double lambda, double minChildRows,
                             double epsilon, double clip, int featuresPerTree, boolean hurdle) {
    public static final int MAX_TREES = 1000;
    public static final int MAX_DEPTH = 6;
    public static final int MAX_BINS = 256;

    public FederationSpec {
        List<Problem.Issue> issues = new ArrayList<>();
        if (target == null || !target.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            issues.add(new Problem.Issue("target", "a property name of letters, digits and _, at most 64 characters"));
        }
        if (featureSet == null || !CompositionFeatures.KNOWN.contains(featureSet) || featureSet.contains("structure")) {
            issues.add(new Problem.Issue("features", "one of the composition feature sets (magpie, magpie+fractions, "
                    + "magpie+oxidation, magpie+oxidation+fractions); structure features have no public bins"));
        }
        if (!Double.isFinite(rangeLow) || !Double.isFinite(rangeHigh) || !(rangeHigh > rangeLow)
                || Math.abs(rangeLow) > 1e9 || Math.abs(rangeHigh) > 1e9) {
            issues.add(new Problem.Issue("target_range", "two finite numbers, low < high, within ±10⁹"));
        } else if (logTarget && rangeLow < 0) {
            issues.add(new Problem.Issue("log_target", "ln(1 + y) needs a range that starts at 0 or above"));
        }
        if (bins < 2 || bins > MAX_BINS) {
            issues.add(new Problem.Issue("bins", "2-" + MAX_BINS));
        }
        if (trees < 1 || trees > MAX_TREES) {
            issues.add(new Problem.Issue("trees", "1-" + MAX_TREES));
        }
        if (depth < 1 || depth > MAX_DEPTH) {
            issues.add(new Problem.Issue("depth", "1-" + MAX_DEPTH));
        }
        if (!(shrinkage > 0 && shrinkage <= 1)) {
            issues.add(new Problem.Issue("shrinkage", "in (0, 1]"));
        }
        if (!(lambda >= 0 && lambda <= 1e6)) {
            issues.add(new Problem.Issue("lambda", "0-10⁶"));
        }
        if (!(minChildRows >= 1 && minChildRows <= 1e6)) {
            issues.add(new Problem.Issue("min_child_rows", "1-10⁶"));
        }
        if (!(epsilon == 0 || (epsilon >= 0.01 && epsilon <= 100))) {
            issues.add(new Problem.Issue("epsilon", "0 (no noise) or 0.01-100"));
        }
        if (!(clip > 0 && clip <= 2)) {
            issues.add(new Problem.Issue("clip", "in (0, 2] (the residual clip in the scaled target)"));
        }
        if (featuresPerTree < 0 || featuresPerTree > 1000) {
            issues.add(new Problem.Issue("features_per_tree", "0 (all) or 1-1000"));
        }
        if (hurdle && rangeLow != 0) {
            issues.add(new Problem.Issue("hurdle", "a hurdle separates values of exactly 0; the target range must start at 0"));
        }
        if (hurdle && epsilon > 0) {
            issues.add(new Problem.Issue("hurdle", "not with DP noise (the gate's rounds are not in the privacy accounting)"));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
    }

    /** Without a hurdle (the specs agreed before there was one). */
    public FederationSpec(String target, String featureSet, double rangeLow, double rangeHigh, boolean logTarget, int bins,
                          int trees, int depth, double shrinkage, double lambda, double minChildRows, double epsilon, double clip,
                          int featuresPerTree) {
        this(target, featureSet, rangeLow, rangeHigh, logTarget, bins, trees, depth, shrinkage, lambda, minChildRows, epsilon,
                clip, featuresPerTree, false);
    }

    /** The same spec with ε = 0 (the learner on rows held in one place). */
    public FederationSpec withoutNoise() {
        return new FederationSpec(target, featureSet, rangeLow, rangeHigh, logTarget, bins, trees, depth, shrinkage, lambda,
                minChildRows, 0, clip, featuresPerTree, hurdle);
    }

    /**
     * Band gaps of matbench_expt_gap and similar: 100 trees of depth 6 on 64 public bins, η 0.15,
     * λ 1, leaves of one row allowed, ln(1 + y), and — when the range starts at 0 — a hurdle (as many
     * gate trees), no DP noise. Chosen by measurement (docs/BENCHMARKS.md): 0.2799 eV pooled against
     * 0.4291 for the earlier 30 trees of depth 4 on 16 bins, MatDX's ordinary model 0.2651.
     */
    public static FederationSpec standard(String target, double low, double high) {
        return new FederationSpec(target, "magpie", low, high, low >= 0, 64, 100, 6, 0.15, 1.0, 1, 0, 2.0, 0, low == 0);
    }

    /**
     * With differential privacy at ε: 20 trees of depth 3, 8 features per tree, residuals clipped at
     * 0.5 of the scaled range — fewer, smaller releases, each touching few bins (docs/BENCHMARKS.md).
     */
    public static FederationSpec withPrivacy(String target, double low, double high, double epsilon) {
        return new FederationSpec(target, "magpie", low, high, false, 16, 20, 3, 0.3, 1.0, 5, epsilon, 0.5, 8);
    }

    public boolean differentiallyPrivate() {
        return epsilon > 0;
    }

    public CompositionFeatures features() {
        return CompositionFeatures.byId(featureSet);
    }

    /**
     * The public bin spec: the edges of {@link ReferenceCompositions} (quantiles of a fixed list of
     * compositions, no node's rows), thinned to at most {@code bins} bins per feature.
     */
    public List<float[]> edges() {
        // up to 32 bins: thinned from the 32 reference quantiles (the edges every spec so far agreed to);
        // above: that many quantiles of the same reference list
        FeatureBins ref = ReferenceCompositions.bins(features(), Math.max(ReferenceCompositions.BINS, bins));
        List<float[]> out = new ArrayList<>();
        for (double[] e : ref.edges()) {
            int keep = Math.min(e.length, bins - 1);
            float[] f = new float[keep];
            int n = 0;
            for (int k = 0; k < keep; k++) {
                // evenly spaced among the reference edges; floats, as the model compares features
                float v = (float) e[(int) Math.round((k + 1) * (e.length + 1) / (double) (keep + 1)) - 1];
                if (n == 0 || v > f[n - 1]) {
                    f[n++] = v;
                }
            }
            out.add(Arrays.copyOf(f, n));
        }
        return out;
    }

    /**
     * Values in the largest masked vector a node sends (the last level's histograms): at most
     * {@link Wire#MAX_VECTOR}, or the spec is refused (256 bins on every Magpie feature at depth 6
     * need 337,312: many features take fewer distinct values in the reference list).
     */
    public long largestRound() {
        List<float[]> e = edges();
        long[] bins = e.stream().filter(f -> f.length > 0).mapToLong(f -> f.length + 1L).sorted().toArray();
        int k = featuresPerTree > 0 ? Math.min(featuresPerTree, bins.length) : bins.length;
        long perNode = 0;
        for (int i = bins.length - k; i < bins.length; i++) {
            perNode += bins[i]; // the widest features: a bound for any draw of k of them
        }
        int level = depth - 1;
        long nodes = differentiallyPrivate() || level == 0 ? 1L << level : 1L << (level - 1);
        return nodes * perNode * 2;
    }

    /** Refuses a spec whose largest round would not fit a message ({@link #largestRound}). */
    public FederationSpec checkSize() {
        long n = largestRound();
        if (n > Wire.MAX_VECTOR) {
            throw Problem.invalid("bins", String.format(Locale.ROOT, "the last level's histograms would be %,d values; at most "
                    + "%,d fit a message: fewer bins, a smaller depth or features_per_tree", n, Wire.MAX_VECTOR));
        }
        return this;
    }

    /** δ of the DP guarantee for a node of {@code rows} rows (the private learner's rule). */
    public double delta(int rows) {
        return DpGbdt.delta(rows);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object().put("target", target).put("features", featureSet);
        o.putArray("target_range").add(rangeLow).add(rangeHigh);
        o.put("log_target", logTarget).put("bins", bins).put("trees", trees).put("depth", depth).put("shrinkage", shrinkage)
                .put("lambda", lambda).put("min_child_rows", minChildRows).put("epsilon", epsilon).put("clip", clip)
                .put("features_per_tree", featuresPerTree).put("hurdle", hurdle);
        return o;
    }

    /**
     * A spec as a coordinator sends it, a node stores it or a person writes it: every problem of it
     * once, each with its field ({@link JsonFields}), then the rules across fields.
     */
    public static FederationSpec parse(JsonNode j) {
        if (j == null || !j.isObject()) {
            throw Problem.invalid("spec", "an object with target, features, target_range and the training settings");
        }
        JsonFields f = JsonFields.of(j);
        FederationSpec d = standard("x", 0, 1);
        String target = f.text("target", 64);
        String features = f.optionalText("features", 100);
        double[] range = f.requiredNumbers("target_range", 2, -1e9, 1e9);
        if (range != null && range.length != 2) {
            f.problem("target_range", "[low, high]: the target's plausible range, known without the data");
        }
        boolean log = f.bool("log_target", false);
        int bins = f.integer("bins", 2, MAX_BINS, d.bins());
        int trees = f.integer("trees", 1, MAX_TREES, d.trees());
        int depth = f.integer("depth", 1, MAX_DEPTH, d.depth());
        double shrinkage = f.finiteNumber("shrinkage", 0, 1, d.shrinkage());
        double lambda = f.finiteNumber("lambda", 0, 1e6, d.lambda());
        double minChildRows = f.finiteNumber("min_child_rows", 1, 1e6, d.minChildRows());
        double epsilon = f.finiteNumber("epsilon", 0, 100, 0);
        double clip = f.finiteNumber("clip", 0, 2, d.clip());
        int featuresPerTree = f.integer("features_per_tree", 0, 1000, 0);
        boolean hurdle = f.bool("hurdle", false);
        f.refuseUnknown();
        boolean read = range != null && range.length == 2;
        // the rules across fields (and those of the record), with the problems above; each field once
        FederationSpec s = f.part("spec", () -> new FederationSpec(target, features == null ? d.featureSet() : features,
                read ? range[0] : 0, read ? range[1] : 1, log, bins, trees, depth, shrinkage, lambda, minChildRows, epsilon,
                clip, featuresPerTree, hurdle).checkSize());
        f.done();
        return s;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s from %s, %d trees of depth %d%s, %d bins%s, %s", target, featureSet, trees, depth,
                hurdle ? " (and as many in the hurdle's gate)" : "", bins,
                featuresPerTree > 0 ? ", " + featuresPerTree + " features per tree" : "",
                differentiallyPrivate() ? "ε = " + epsilon : "no DP noise");
    }
}
