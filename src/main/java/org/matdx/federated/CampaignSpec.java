package org.matdx.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import org.matdx.optimize.CampaignConfig;
import org.matdx.optimize.Parameter;
import org.matdx.optimize.ParameterSpace;
import org.matdx.privacy.Zcdp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every node of a federated campaign agrees to before any of its trials is touched: the
 * shared parameter space (declared as a campaign's {@code parameters}), the objective, its goal and
 * its plausible range (public, like the 0–100 % of a yield: values are clipped to it and scaled to
 * [−1, 1], failed runs count as its worst end), and the surrogate the coordinator may fit from the
 * nodes' sums — a Gaussian process approximated by {@code features} random Fourier features of a
 * Matérn-5/2 or squared-exponential kernel, one feature map per length scale of the grid — and how
 * proposals are chosen. A node answers only a coordinator whose spec equals its own, field by field.
 *
 * @param lengthScales the grid of isotropic length scales (unit-cube units) whose statistics are aggregated in every round
 * @param noises       the grid of noise variances (of the standardised objective) the marginal likelihood chooses among
 * @param initial      pooled trials below which nodes propose space-filling points of their own instead
 * @param seed         public seed of the feature maps (with the session id)
 * @param privacy      distributed differential privacy on the aggregated statistics, or null for none
 */
public record CampaignSpec(String objective, boolean maximise, double rangeLow, double rangeHigh, JsonNode parameters,
                           boolean simplex, int features, List<Double> lengthScales, List<Double> noises, Kernel kernel,
                           Choice acquisition, double kappa, int perNode, int initial, long seed, Privacy privacy) {
    public static final int MAX_FEATURES = 256;
    public static final int MAX_GRID = 8;
    public static final int MAX_PER_NODE = 4;
    /** Encoded dimensions of the shared space (a categorical parameter takes one per option). */
    public static final int MAX_DIMENSIONS = 64;

    public enum Kernel {
        MATERN52, RBF;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a node turns the posterior into its suggestion. */
    public enum Choice {
        /** A draw of the weights per suggestion; the node runs its candidate that the draw rates best (Dai, Low & Jaillet 2020). */
        THOMPSON,
        /** μ + κσ of the posterior at each of the node's candidates. */
        UCB,
        /**
         * Expected improvement at each of the node's candidates over the largest posterior mean on a
         * public agreed set of points (computed by the coordinator from the posterior: no extra round).
         */
        EI;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Distributed differential privacy on the statistics (docs/federation.md): every node adds its
     * share of Gaussian noise to its statistics before masking, so the sum the coordinator decodes
     * carries noise of variance at least σ² per value while at most one node drops (Kairouz, Liu &amp;
     * Steinke, ICML 2021, with continuous noise on the fixed-point ring). The unit protected is one
     * trial: its scaled value is clipped to [−1, 1] and |φ(x)|² ≤ 2 for every x, so adding or removing
     * it moves the statistics by at most Δ (L2, {@link #sensitivity}). Every round re-releases all
     * trials, so the budget is ρ-zCDP over {@code rounds} rounds: σ² = rounds · Δ² / (2ρ), ρ from (ε, δ)
     * ({@link Zcdp}); a node answers no more than {@code rounds} statistics rounds.
     */
    public record Privacy(double epsilon, double delta, int rounds) {
        /** What a campaign gets with {@code "privacy": {}}: the figures docs/federation.md measures. */
        public static final double DEFAULT_EPSILON = 8;
        public static final double DEFAULT_DELTA = 1e-6;
        public static final int DEFAULT_ROUNDS = 40;

        public Privacy {
            List<Problem.Issue> issues = new ArrayList<>();
            if (!(epsilon >= 0.01 && epsilon <= 1000)) {
                issues.add(new Problem.Issue("privacy.epsilon", "0.01-1000"));
            }
            if (!(delta >= 1e-12 && delta <= 1e-3)) {
                issues.add(new Problem.Issue("privacy.delta", "10⁻¹²-10⁻³"));
            }
            if (rounds < 1 || rounds > 1000) {
                issues.add(new Problem.Issue("privacy.rounds", "1-1000 rounds the budget covers"));
            }
            if (!issues.isEmpty()) {
                throw Problem.invalid(issues);
            }
        }

        public static Privacy of(double epsilon) {
            return new Privacy(epsilon, DEFAULT_DELTA, DEFAULT_ROUNDS);
        }

        /** ρ of zCDP for the whole campaign. */
        public double rho() {
            return Zcdp.rho(epsilon, delta);
        }

        /**
         * Δ²: one trial moves n, Σz, Σz² by at most 1 each and, per length scale, Φᵀ1 and Φᵀz by
         * |φ|² ≤ 2 each (squared L2) and the upper triangle of ΦᵀΦ by Σ_{j≤k} φ_j²φ_k² =
         * (|φ|⁴ + Σφ_j⁴)/2 ≤ 2 + 2/d (as φ_j² ≤ 2/d).
         */
        public static double sensitivity(CampaignSpec spec) {
            return 3 + spec.lengthScales().size() * (6 + 2.0 / spec.features());
        }

        /** σ of the noise on every value of a round's sum. */
        public double sigma(CampaignSpec spec) {
            return Math.sqrt(rounds * sensitivity(spec) / (2 * rho()));
        }

        public ObjectNode toJson() {
            return Json.object().put("epsilon", epsilon).put("delta", delta).put("rounds", rounds);
        }

        /** The privacy terms of a spec ({@code "privacy": {}} for the defaults), null when absent. */
        static Privacy read(JsonFields spec) {
            JsonFields f = spec.object("privacy", "must be an object with epsilon, delta and rounds (each optional), or absent for none");
            if (!f.present()) {
                return null;
            }
            double epsilon = f.finiteNumber("epsilon", 0.01, 1000, DEFAULT_EPSILON);
            double delta = f.finiteNumber("delta", 1e-12, 1e-3, DEFAULT_DELTA);
            int rounds = f.integer("rounds", 1, 1000, DEFAULT_ROUNDS);
            f.refuseUnknown();
            return spec.part("privacy", () -> new Privacy(epsilon, delta, rounds));
        }
    }

    /** What a node's administrator agrees to about the statistics, in words (shown before joining, kept in the consent). */
    public String privacyTerms() {
        if (privacy == null) {
            return "no differential privacy: the coordinator decodes the exact sums of all nodes' trial statistics; while few "
                    + "trials are pooled (or between two rounds in which one trial was added) it can recover those trials' "
                    + "settings and values";
        }
        return String.format(Locale.ROOT, "distributed differential privacy per trial: (ε = %s, δ = %s) over at most %d "
                        + "statistics rounds (ρ = %.4g zCDP); every value of the sum the coordinator decodes carries Gaussian noise "
                        + "of σ = %.3g (this node adds its share before masking); this node answers no more than %d rounds",
                privacy.epsilon(), privacy.delta(), privacy.rounds(), privacy.rho(), privacy.sigma(this), privacy.rounds());
    }

    public CampaignSpec {
        List<Problem.Issue> issues = new ArrayList<>();
        if (objective == null || !objective.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            issues.add(new Problem.Issue("objective", "a property name of letters, digits and _, at most 64 characters"));
        }
        if (!Double.isFinite(rangeLow) || !Double.isFinite(rangeHigh) || !(rangeHigh > rangeLow)
                || Math.abs(rangeLow) > 1e9 || Math.abs(rangeHigh) > 1e9) {
            issues.add(new Problem.Issue("objective_range", "two finite numbers, low < high, within ±10⁹"));
        }
        if (features < 16 || features > MAX_FEATURES) {
            issues.add(new Problem.Issue("features", "16-" + MAX_FEATURES + " random Fourier features"));
        }
        lengthScales = lengthScales == null ? List.of() : List.copyOf(lengthScales);
        noises = noises == null ? List.of() : List.copyOf(noises);
        if (lengthScales.isEmpty() || lengthScales.size() > MAX_GRID
                || lengthScales.stream().anyMatch(l -> !(l >= 1e-3 && l <= 100))) {
            issues.add(new Problem.Issue("length_scales", "1-" + MAX_GRID + " length scales, each 0.001-100 (unit-cube units)"));
        }
        if (noises.isEmpty() || noises.size() > MAX_GRID || noises.stream().anyMatch(v -> !(v >= 1e-6 && v <= 1))) {
            issues.add(new Problem.Issue("noises", "1-" + MAX_GRID + " noise variances, each 10⁻⁶-1 (of the standardised objective)"));
        }
        if (kernel == null) {
            issues.add(new Problem.Issue("kernel", "matern52 or rbf"));
        }
        if (acquisition == null) {
            issues.add(new Problem.Issue("acquisition", "thompson, ucb or ei"));
        }
        if (!(kappa >= 0 && kappa <= 10)) {
            issues.add(new Problem.Issue("kappa", "0-10"));
        }
        if (perNode < 1 || perNode > MAX_PER_NODE) {
            issues.add(new Problem.Issue("per_node", "1-" + MAX_PER_NODE + " suggestions per node and round"));
        }
        if (initial < 0 || initial > 1000) {
            issues.add(new Problem.Issue("initial", "0-1000 pooled trials before the surrogate is used"));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        // the space, checked by the campaigns' own parser (names, bounds, options)
        ParameterSpace space = space(parameters, simplex);
        if (space.dims() > MAX_DIMENSIONS) {
            throw Problem.invalid("parameters", "at most " + MAX_DIMENSIONS + " encoded dimensions, got " + space.dims());
        }
        // canonical: two nodes that declared the same space in different spellings agree
        parameters = declare(space);
    }

    /** 128 features, length scales 0.05-1.6 (× √d), noise variances 10⁻³-0.3, Thompson sampling, one suggestion per node. */
    public static CampaignSpec standard(String objective, boolean maximise, double low, double high, JsonNode parameters,
                                        boolean simplex) {
        return new CampaignSpec(objective, maximise, low, high, parameters, simplex, 128,
                standardScales(space(parameters, simplex).dims()), STANDARD_NOISES, Kernel.MATERN52, Choice.THOMPSON, 2, 1, 0,
                2024, null);
    }

    private static final List<Double> STANDARD_NOISES = List.of(1e-3, 1e-2, 0.1, 0.3);

    private static List<Double> standardScales(int dims) {
        double root = Math.sqrt(dims);
        List<Double> scales = new ArrayList<>();
        for (double l : new double[] {0.05, 0.1, 0.2, 0.4, 0.8, 1.6}) {
            scales.add(Math.round(l * root * 1e4) / 1e4);
        }
        return scales;
    }

    public CampaignSpec withAcquisition(Choice c) {
        return new CampaignSpec(objective, maximise, rangeLow, rangeHigh, parameters, simplex, features, lengthScales, noises,
                kernel, c, kappa, perNode, initial, seed, privacy);
    }

    public CampaignSpec withInitial(int n) {
        return new CampaignSpec(objective, maximise, rangeLow, rangeHigh, parameters, simplex, features, lengthScales, noises,
                kernel, acquisition, kappa, perNode, n, seed, privacy);
    }

    public CampaignSpec withFeatures(int d) {
        return new CampaignSpec(objective, maximise, rangeLow, rangeHigh, parameters, simplex, d, lengthScales, noises,
                kernel, acquisition, kappa, perNode, initial, seed, privacy);
    }

    public CampaignSpec withLengthScales(List<Double> scales) {
        return new CampaignSpec(objective, maximise, rangeLow, rangeHigh, parameters, simplex, features, scales, noises,
                kernel, acquisition, kappa, perNode, initial, seed, privacy);
    }

    public CampaignSpec withPrivacy(Privacy p) {
        return new CampaignSpec(objective, maximise, rangeLow, rangeHigh, parameters, simplex, features, lengthScales, noises,
                kernel, acquisition, kappa, perNode, initial, seed, p);
    }

    public ParameterSpace space() {
        return space(parameters, simplex);
    }

    public int dimensions() {
        return space().dims();
    }

    static ParameterSpace space(JsonNode parameters, boolean simplex) {
        if (parameters == null || !parameters.isArray() || parameters.isEmpty() || parameters.size() > MAX_DIMENSIONS) {
            throw Problem.invalid("parameters", "1-" + MAX_DIMENSIONS + " parameters, declared as in a campaign");
        }
        ObjectNode c = Json.object().put("name", "federated").put("simplex", simplex);
        c.set("parameters", parameters);
        c.putObject("objective").put("name", "objective").put("goal", "maximize");
        c.putObject("stop").put("budget", 1);
        try {
            return CampaignConfig.parse(c).space();
        } catch (Problem p) {
            throw Problem.invalid("parameters", p.getMessage());
        }
    }

    /** The objective scaled onto [−1, 1] of the public range, oriented so that larger is better; clipped. */
    public double scale(double value) {
        double v = Math.max(rangeLow, Math.min(rangeHigh, value));
        double z = (v - (rangeLow + rangeHigh) / 2) / ((rangeHigh - rangeLow) / 2);
        return maximise ? z : -z;
    }

    /** What a failed run counts as: the worst end of the public range. */
    public static final double FAILED = -1;

    /** Values aggregated per round: n, Σz, Σz², then per length scale Φᵀ1, Φᵀz and the upper triangle of ΦᵀΦ. */
    public int statisticsLength() {
        return 3 + lengthScales.size() * (2 * features + features * (features + 1) / 2);
    }

    /** Campaign-style parameter declarations of a space (for a table read from disk). */
    public static ArrayNode declare(ParameterSpace space) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Parameter p : space.parameters()) {
            ObjectNode o = a.addObject().put("name", p.name());
            switch (p) {
                case Parameter.Continuous c -> o.put("type", "continuous").put("low", c.low()).put("high", c.high()).put("log", c.log());
                case Parameter.Discrete d -> {
                    ArrayNode v = o.put("type", "discrete").putArray("values");
                    d.values().forEach(v::add);
                }
                case Parameter.Categorical c -> {
                    ArrayNode v = o.put("type", "categorical").putArray("options");
                    c.options().forEach(v::add);
                    if (c.descriptors() != null) {
                        ObjectNode ds = o.putObject("descriptors");
                        for (int i = 0; i < c.options().size(); i++) {
                            ArrayNode row = ds.putArray(c.options().get(i));
                            c.descriptors().get(i).forEach(row::add);
                        }
                    }
                }
            }
        }
        return a;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object().put("objective", objective).put("goal", maximise ? "maximize" : "minimize");
        o.putArray("objective_range").add(rangeLow).add(rangeHigh);
        o.set("parameters", parameters.deepCopy());
        o.put("simplex", simplex).put("features", features);
        ArrayNode ls = o.putArray("length_scales");
        lengthScales.forEach(ls::add);
        ArrayNode ns = o.putArray("noises");
        noises.forEach(ns::add);
        o.put("kernel", kernel.code()).put("acquisition", acquisition.code()).put("kappa", kappa).put("per_node", perNode)
                .put("initial", initial).put("seed", seed);
        if (privacy != null) {
            o.set("privacy", privacy.toJson());
        }
        return o;
    }

    /**
     * A spec as a coordinator sends it, a node stores it or a person writes it: every problem of it
     * once, each with its field ({@link JsonFields}), then the rules across fields.
     */
    public static CampaignSpec parse(JsonNode j) {
        if (j == null || !j.isObject()) {
            throw Problem.invalid("spec", "an object with objective, goal, objective_range, parameters and the surrogate's settings");
        }
        JsonFields f = JsonFields.of(j);
        String objective = f.text("objective", 64);
        String goal = f.oneOf("goal", List.of("maximize", "minimize"), null);
        if (goal == null) {
            f.problem("goal", "is required: maximize or minimize"); // said once: a goal that is not one of them is refused above
        }
        double[] range = f.requiredNumbers("objective_range", 2, -1e9, 1e9);
        if (range != null && range.length != 2) {
            f.problem("objective_range", "[low, high]: the objective's plausible range, known without the data");
        }
        JsonNode parameters = f.raw("parameters");
        boolean simplex = f.bool("simplex", false);
        ParameterSpace space = f.part("parameters", () -> space(parameters, simplex));
        int features = f.integer("features", 16, MAX_FEATURES, 128);
        List<Double> lengthScales = grid(f, "length_scales", 1e-3, 100, standardScales(space == null ? 1 : space.dims()));
        List<Double> noises = grid(f, "noises", 1e-6, 1, STANDARD_NOISES);
        Kernel kernel = f.enumOf("kernel", Kernel.class, Kernel.MATERN52);
        Choice acquisition = f.enumOf("acquisition", Choice.class, Choice.THOMPSON);
        double kappa = f.finiteNumber("kappa", 0, 10, 2);
        int perNode = f.integer("per_node", 1, MAX_PER_NODE, 1);
        int initial = f.integer("initial", 0, 1000, 0);
        long seed = f.longInteger("seed", Long.MIN_VALUE, Long.MAX_VALUE, 2024);
        Privacy privacy = Privacy.read(f);
        f.refuseUnknown();
        boolean read = range != null && range.length == 2;
        CampaignSpec s = space == null ? null : f.part("spec", () -> new CampaignSpec(objective, !"minimize".equals(goal),
                read ? range[0] : 0, read ? range[1] : 1, parameters, simplex, features, lengthScales, noises, kernel,
                acquisition, kappa, perNode, initial, seed, privacy));
        f.done();
        return s;
    }

    private static List<Double> grid(JsonFields f, String name, double min, double max, List<Double> dflt) {
        double[] v = f.numbers(name, MAX_GRID, min, max);
        return v == null ? dflt : Arrays.stream(v).boxed().toList();
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s %s over %d dimensions, %d random features (%s), %d length scales, %s, %d per node",
                maximise ? "maximize" : "minimize", objective, dimensions(), features, kernel.code(), lengthScales.size(),
                acquisition.code(), perNode) + (privacy == null ? ", no differential privacy"
                : String.format(Locale.ROOT, ", (ε = %s, δ = %s)-DP over %d rounds", privacy.epsilon(), privacy.delta(), privacy.rounds()));
    }
}
