package org.matdx.optimize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.FormulaException;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Numbers;
import org.matdx.core.Problem;
import org.matdx.elementstrategy.ResourceMetric;
import tools.jackson.databind.JsonNode;

/**
 * What a campaign optimises and how, as the user declares it (JSON): the parameters, the
 * objective and its goal, batch size, an optional approval gate, the acquisition function, the
 * stopping rules, an optional candidate pool (only those rows may be proposed), and an optional
 * simulator that answers trials itself (demos and tests).
 */
public record CampaignConfig(String name, ParameterSpace space, String objective, String unit, boolean maximise, int batch,
                             int initial, boolean approval, Acquisition acquisition, StopRules stop,
                             List<String[]> pool, Simulator simulator, JsonNode raw, List<Objective> objectives,
                             Composition compositionBase, List<ResourceLimit> resourceLimits,
                             LinearConstraints constraints, List<String> batchFixed, MultiObjective multi) {

    /**
     * One objective; several make a multi-objective campaign (Pareto front). Measured by the
     * instrument, or computed by the platform from the trial's composition: an element-strategy
     * score, or the prediction of a registered model ({@code model}, its id).
     */
    public record Objective(String name, String unit, boolean maximise, boolean elementStrategy, String model, XrdObjective xrd) {
        /** Computed by the platform rather than reported by the instrument. */
        public boolean computed() {
            return elementStrategy || model != null;
        }
    }

    /**
     * An objective read from a trial's powder pattern by phase identification: the weight fraction
     * (0-1) of {@code phase} (a reduced formula), or with {@code phase} null the phase purity (the
     * weight fraction of the most abundant phase); {@code candidates} chooses the reference structures
     * as for identification ({@code {"datasets": […], "query": "…"}}), null for every structure the
     * campaign's owner may read, restricted to the trial's elements.
     */
    public record XrdObjective(String phase, JsonNode candidates) {
    }

    /** How several objectives are optimised together. */
    public enum MultiObjective {
        /** Random-weight augmented-Chebyshev scalarisation each round (Knowles 2006). */
        PAREGO,
        /** Expected hypervolume improvement, exact for two objectives (Emmerich et al. 2016). */
        EHVI
    }

    /** An upper bound on an element-strategy score of the trial's composition, e.g. HHI of production < 2000. */
    public record ResourceLimit(ResourceMetric metric, double max) {
    }

    /**
     * The composition a trial's parameters describe: parameters named after elements are their
     * amounts, added to {@code composition_base} (e.g. "O2"); empty when none is named so.
     */
    public Optional<Composition> composition(String[] raw) {
        Map<Element, Double> amounts = new LinkedHashMap<>();
        if (compositionBase != null) {
            compositionBase.amounts().forEach((e, a) -> amounts.merge(e, a, Double::sum));
        }
        boolean any = false;
        for (int i = 0; i < space.parameters().size(); i++) {
            var el = Elements.bySymbol(space.parameters().get(i).name());
            if (el.isPresent() && !(space.parameters().get(i) instanceof Parameter.Categorical)) {
                double a = Double.parseDouble(raw[i]);
                if (a > 0) {
                    amounts.merge(el.get(), a, Double::sum);
                }
                any = true;
            }
        }
        return any && !amounts.isEmpty() ? Optional.of(Composition.of(amounts)) : Optional.empty();
    }

    /** A trial's parameters as the candidate table writes them, in the order of the space. */
    public String[] raw(JsonNode params) {
        List<Parameter> ps = space.parameters();
        String[] r = new String[ps.size()];
        for (int k = 0; k < ps.size(); k++) {
            JsonNode v = params.get(ps.get(k).name());
            r[k] = v.isNumber() ? Double.toString(v.asDouble()) : v.asString();
        }
        return r;
    }

    /** A completed trial's objectives, oriented so that larger is better; null when one is missing. */
    public double[] oriented(Trial t) {
        double[] v = new double[objectives.size()];
        for (int k = 0; k < v.length; k++) {
            var o = objectives.get(k);
            JsonNode x = t.results() == null ? null : t.results().get(o.name());
            Double val = x != null && x.isNumber() ? x.asDouble() : k == 0 ? t.value() : null;
            if (val == null) {
                return null;
            }
            v[k] = o.maximise() ? val : -val;
        }
        return v;
    }

    /** Completed trials with a value for every objective. */
    List<Trial> measured(List<Trial> trials) {
        return trials.stream().filter(t -> t.status() == TrialStatus.COMPLETED && oriented(t) != null).toList();
    }

    /** The completed trial with the best value of the objective. */
    Optional<Trial> best(List<Trial> trials) {
        return trials.stream().filter(t -> t.status() == TrialStatus.COMPLETED && t.value() != null)
                .max((a, b) -> maximise ? Double.compare(a.value(), b.value()) : Double.compare(b.value(), a.value()));
    }

    /** The unit a parameter was declared with ({@code "unit"} in its definition), or "" when none. */
    public String parameterUnit(String parameter) {
        for (JsonNode p : raw.path("parameters")) {
            if (parameter.equals(p.path("name").asString(null))) {
                return p.path("unit").isString() ? p.path("unit").asString() : "";
            }
        }
        return "";
    }

    public boolean multiObjective() {
        return objectives.size() > 1;
    }

    /** Objective stopping rules; any that is met stops the campaign and is recorded. */
    public record StopRules(Integer budget, Double target, Double eiThreshold, int patience) {
    }

    public static CampaignConfig parse(JsonNode n) {
        List<Problem.Issue> issues = new ArrayList<>();
        String name = n.path("name").asString("").strip();
        if (name.isEmpty()) {
            issues.add(new Problem.Issue("name", "a campaign needs a name"));
        }
        List<Parameter> params = new ArrayList<>();
        JsonNode ps = n.path("parameters");
        if (!ps.isArray() || ps.isEmpty()) {
            issues.add(new Problem.Issue("parameters", "give at least one parameter"));
        }
        for (int i = 0; i < ps.size(); i++) {
            JsonNode p = ps.get(i);
            String field = "parameters[" + i + "]";
            String pname = p.path("name").asString("");
            JsonNode unit = p.path("unit");
            if (!unit.isMissingNode() && !unit.isNull() && (!unit.isString() || unit.asString().length() > 20
                    || unit.asString().chars().anyMatch(Character::isISOControl))) {
                issues.add(new Problem.Issue(field + ".unit", "a unit is a short text (at most 20 characters), e.g. \"°C\" or \"h\""));
            }
            try {
                switch (p.path("type").asString("continuous")) {
                    case "continuous" -> params.add(new Parameter.Continuous(pname, num(p, "low", field, issues),
                            num(p, "high", field, issues), p.path("log").asBoolean(false)));
                    case "discrete" -> {
                        List<Double> v = new ArrayList<>();
                        for (JsonNode x : p.path("values")) {
                            Numbers.magnitudeProblem(x.asDouble()).ifPresent(
                                    problem -> issues.add(new Problem.Issue(field + ".values", problem)));
                            v.add(x.asDouble());
                        }
                        params.add(new Parameter.Discrete(pname, v));
                    }
                    case "categorical" -> {
                        List<String> o = new ArrayList<>();
                        p.path("options").forEach(x -> o.add(x.asString()));
                        if (o.size() < 2) {
                            throw new IllegalArgumentException(pname + ": a categorical parameter needs at least two options");
                        }
                        List<List<Double>> desc = null;
                        if (p.has("descriptors")) {
                            // {"water": [80.1, 100], "ethanol": [24.5, 78], …}: one numeric vector per option
                            JsonNode dn = p.get("descriptors");
                            desc = new ArrayList<>();
                            for (String opt : o) {
                                JsonNode v = dn.get(opt);
                                if (v == null || !v.isArray()) {
                                    throw new IllegalArgumentException(pname + ": descriptors has no list of numbers for option '" + opt + "'");
                                }
                                List<Double> vec = new ArrayList<>();
                                for (JsonNode x : v) {
                                    if (!x.isNumber()) {
                                        throw new IllegalArgumentException(pname + ": descriptors of '" + opt + "' must be numbers");
                                    }
                                    vec.add(x.asDouble());
                                }
                                desc.add(vec);
                            }
                        }
                        params.add(new Parameter.Categorical(pname, o, desc));
                    }
                    default -> issues.add(new Problem.Issue(field + ".type", "must be continuous, discrete or categorical"));
                }
            } catch (IllegalArgumentException e) {
                issues.add(new Problem.Issue(field, e.getMessage()));
            }
            if (pname.isBlank()) {
                issues.add(new Problem.Issue(field + ".name", "every parameter needs a name"));
            }
        }
        boolean simplex = n.path("simplex").asBoolean(false);
        if (simplex && params.stream().anyMatch(p -> !(p instanceof Parameter.Continuous c) || c.low() < 0 || c.high() > 1)) {
            issues.add(new Problem.Issue("simplex", "mixture fractions must be continuous parameters within [0, 1]"));
        }
        List<Objective> objectives = new ArrayList<>();
        JsonNode objs = n.has("objectives") ? n.get("objectives") : Json.MAPPER.createArrayNode().add(n.path("objective"));
        if (!objs.isArray() || objs.isEmpty() || objs.size() > 4) {
            issues.add(new Problem.Issue("objectives", "give one objective (\"objective\") or two to four (\"objectives\")"));
        }
        for (int i = 0; objs.isArray() && i < objs.size(); i++) {
            JsonNode obj = objs.get(i);
            String field = n.has("objectives") ? "objectives[" + i + "]" : "objective";
            String oname = obj.path("name").asString("").strip();
            if (oname.isEmpty()) {
                issues.add(new Problem.Issue(field + ".name", "name the measured objective, e.g. \"yield\""));
            }
            String goal = obj.path("goal").asString("maximize").toLowerCase(Locale.ROOT);
            if (!goal.startsWith("max") && !goal.startsWith("min")) {
                issues.add(new Problem.Issue(field + ".goal", "must be maximize or minimize"));
            }
            String source = obj.path("source").asString("measured");
            boolean computed = "element_strategy".equals(source);
            if (computed && ResourceMetric.byCode(oname).isEmpty()) {
                issues.add(new Problem.Issue(field + ".name", "'" + oname + "' is not an element-strategy score (e.g. hhi_production, critical_fraction_eu, cost_usd_per_kg)"));
            }
            String model = null;
            XrdObjective xrd = null;
            if ("xrd".equals(source)) {
                String phase = obj.path("phase").asString("").strip();
                String measure = obj.path("measure").asString(phase.isEmpty() ? "" : "weight_fraction");
                if (measure.equals("purity") && phase.isEmpty()) {
                    xrd = new XrdObjective(null, obj.get("candidates"));
                } else if (measure.equals("weight_fraction") && !phase.isEmpty()) {
                    try {
                        xrd = new XrdObjective(Composition.parse(phase).reducedFormula(), obj.get("candidates"));
                    } catch (FormulaException e) {
                        issues.add(new Problem.Issue(field + ".phase", e.getMessage()));
                    }
                } else {
                    issues.add(new Problem.Issue(field, "an xrd objective names a \"phase\" (its weight fraction, e.g. \"LiCoO2\") "
                            + "or has \"measure\": \"purity\""));
                }
                if (obj.has("candidates") && !obj.get("candidates").isObject()) {
                    issues.add(new Problem.Issue(field + ".candidates", "must be an object such as {\"datasets\": [\"…\"]}"));
                }
            }
            if ("model".equals(source)) {
                model = obj.path("model").asString("").strip();
                if (Ids.parseOrNull(model) == null) {
                    issues.add(new Problem.Issue(field + ".model", "give the id of a registered model whose prediction is the objective"));
                }
            } else if (!computed && !"measured".equals(source) && !"xrd".equals(source)) {
                issues.add(new Problem.Issue(field + ".source", "must be measured, xrd, model or element_strategy"));
            }
            objectives.add(new Objective(oname, obj.path("unit").asString(""), goal.startsWith("max"), computed, model, xrd));
        }
        if (objectives.stream().map(Objective::name).distinct().count() < objectives.size()) {
            issues.add(new Problem.Issue("objectives", "objective names must differ"));
        }
        String objective = objectives.isEmpty() ? "" : objectives.get(0).name();
        int batch = Json.wholeNumber(n, "batch", "batch", 1, 1, 50, issues);
        Acquisition acq = Acquisition.LOG_EI;
        MultiObjective multi = MultiObjective.PAREGO;
        String acqName = n.path("acquisition").asString("log_ei").toUpperCase(Locale.ROOT);
        if (acqName.equals("EHVI") || acqName.equals("PAREGO")) {
            multi = MultiObjective.valueOf(acqName);
            if (objectives.size() < 2) {
                issues.add(new Problem.Issue("acquisition", acqName.toLowerCase(Locale.ROOT) + " is for several objectives; one objective uses ei, log_ei or ucb"));
            } else if (multi == MultiObjective.EHVI && objectives.size() != 2) {
                issues.add(new Problem.Issue("acquisition", "ehvi is computed exactly for two objectives; use parego for three or four"));
            }
        } else {
            try {
                acq = Acquisition.valueOf(acqName);
            } catch (IllegalArgumentException e) {
                issues.add(new Problem.Issue("acquisition", "must be ei, log_ei or ucb, or for several objectives parego or ehvi"));
            }
        }
        JsonNode s = n.path("stop");
        // a campaign is run by people (or a simulator within one request): ten thousand trials is beyond either
        Integer budget = s.has("budget") ? (Integer) Json.wholeNumber(s, "budget", "stop.budget", 0, 1, 10_000, issues) : null;
        StopRules stop = new StopRules(budget, s.has("target") ? s.get("target").asDouble() : null,
                s.has("ei_threshold") ? s.get("ei_threshold").asDouble() : null,
                Json.wholeNumber(s, "patience", "stop.patience", 3, 1, 10_000, issues));
        if (objectives.size() > 1 && stop.target() != null) {
            issues.add(new Problem.Issue("stop.target", "a target applies to one objective; several objectives stop by budget or expected improvement"));
        }
        if (stop.budget() == null && stop.target() == null && stop.eiThreshold() == null) {
            issues.add(new Problem.Issue("stop", "give at least one stopping rule: budget, target or ei_threshold"));
        }
        List<String[]> pool = null;
        if (n.has("candidates")) {
            pool = new ArrayList<>();
            int i = 0;
            for (JsonNode row : n.path("candidates")) {
                String[] r = new String[params.size()];
                for (int k = 0; k < params.size(); k++) {
                    JsonNode v = row.isArray() ? row.get(k) : row.get(params.get(k).name());
                    if (v == null || v.isNull()) {
                        issues.add(new Problem.Issue("candidates[" + i + "]", "has no value for " + params.get(k).name()));
                        break;
                    }
                    // numbers in one spelling, so a trial's settings match its pool row ("1100" = 1100.0)
                    r[k] = params.get(k) instanceof Parameter.Categorical ? v.asString() : canonicalNumber(v);
                }
                pool.add(r);
                i++;
            }
        }
        Simulator sim = null;
        if (n.has("simulator")) {
            try {
                sim = Simulator.parse(n.get("simulator"), params);
            } catch (IllegalArgumentException e) {
                issues.add(new Problem.Issue("simulator", e.getMessage()));
            }
        }
        List<LinearConstraints.Constraint> constraints = constraints(n.path("constraints"), params, issues);
        List<String> batchFixed = new ArrayList<>();
        JsonNode bf = n.path("batch_fixed");
        if (!bf.isMissingNode() && !bf.isArray()) {
            issues.add(new Problem.Issue("batch_fixed", "give a list of parameter names, e.g. [\"temperature\"]"));
        }
        for (int i = 0; bf.isArray() && i < bf.size(); i++) {
            String pname = bf.get(i).asString("");
            if (params.stream().noneMatch(p -> p.name().equals(pname))) {
                issues.add(new Problem.Issue("batch_fixed[" + i + "]", "'" + pname + "' is not a parameter of this campaign"));
            } else if (batchFixed.contains(pname)) {
                issues.add(new Problem.Issue("batch_fixed[" + i + "]", "'" + pname + "' is listed twice"));
            } else {
                batchFixed.add(pname);
            }
        }
        if (!params.isEmpty() && batchFixed.size() >= params.size()) {
            issues.add(new Problem.Issue("batch_fixed", "at least one parameter must vary within a batch"));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        ParameterSpace space = new ParameterSpace(params, simplex);
        issues.addAll(LinearConstraints.check(space, constraints));
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        LinearConstraints linear = LinearConstraints.of(space, constraints);
        if (pool != null) {
            for (int i = 0; i < pool.size(); i++) {
                try {
                    space.encode(pool.get(i));
                } catch (RuntimeException e) {
                    issues.add(new Problem.Issue("candidates[" + i + "]", e.getMessage()));
                }
            }
            if (!issues.isEmpty()) {
                throw Problem.invalid(issues);
            }
            if (!linear.declared().isEmpty() && pool.stream().noneMatch(linear::satisfied)) {
                throw Problem.invalid("candidates", "no candidate row satisfies the constraints");
            }
        }
        Composition base = null;
        if (n.hasNonNull("composition_base")) {
            try {
                base = Composition.parse(n.get("composition_base").asString());
            } catch (FormulaException e) {
                throw Problem.invalid("composition_base", e.getMessage());
            }
        }
        List<ResourceLimit> limits = new ArrayList<>();
        for (JsonNode l : n.path("resource_limits")) {
            var metric = ResourceMetric.byCode(l.path("metric").asString(""));
            if (metric.isEmpty() || !l.path("max").isNumber()) {
                throw Problem.invalid("resource_limits", "each limit needs an element-strategy \"metric\" (e.g. hhi_production) and a numeric \"max\"");
            }
            limits.add(new ResourceLimit(metric.get(), l.get("max").asDouble()));
        }
        boolean needsComposition = !limits.isEmpty() || objectives.stream().anyMatch(Objective::computed);
        if (needsComposition && params.stream().noneMatch(p -> Elements.bySymbol(p.name()).isPresent())) {
            throw Problem.invalid("parameters", "element-strategy and model objectives and limits need parameters named after elements (their amounts)");
        }
        Objective first = objectives.get(0);
        int initial = Json.wholeNumber(n, "initial", "initial", 5, 0, 10_000, issues);
        JsonNode tr = n.path("transfer");
        if (!tr.isMissingNode() && !tr.isNull()) {
            if (!tr.isArray() || tr.size() > MAX_TRANSFER) {
                issues.add(new Problem.Issue("transfer", "give up to " + MAX_TRANSFER + " ids of earlier campaigns, e.g. [\"…\"]"));
            } else if (objectives.size() > 1) {
                issues.add(new Problem.Issue("transfer", "earlier campaigns inform single-objective campaigns only"));
            } else {
                for (int i = 0; i < tr.size(); i++) {
                    if (parseId(tr.get(i)) == null) {
                        issues.add(new Problem.Issue("transfer[" + i + "]", "not a campaign id"));
                    }
                }
            }
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        return new CampaignConfig(name, space, objective, first.unit(), first.maximise(), batch, Math.max(2, initial),
                n.path("approval").asBoolean(false), acq, stop, pool, sim, n,
                List.copyOf(objectives), base, List.copyOf(limits), linear, List.copyOf(batchFixed), multi);
    }

    /** Earlier campaigns a new one may learn from. */
    static final int MAX_TRANSFER = 10;

    /**
     * Earlier campaigns whose results this one starts from ({@code "transfer": [ids]}): the same
     * objective, in the same units, over parameters of the same names (docs/optimize.md).
     */
    public List<UUID> transfer() {
        List<UUID> out = new ArrayList<>();
        for (JsonNode id : raw.path("transfer")) {
            UUID u = parseId(id);
            if (u != null && !out.contains(u)) {
                out.add(u);
            }
        }
        return out;
    }

    private static UUID parseId(JsonNode id) {
        try {
            return id.isString() ? UUID.fromString(id.asString().strip()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether parameter {@code i} is held at one value across each batch. */
    public boolean[] batchFixedMask() {
        boolean[] m = new boolean[space.parameters().size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = batchFixed.contains(space.parameters().get(i).name());
        }
        return m;
    }

    /** {@code "constraints": [{"terms": {"x": 1, "y": 2}, "le": 10}, …]}, checked field by field. */
    private static List<LinearConstraints.Constraint> constraints(JsonNode cs, List<Parameter> params, List<Problem.Issue> issues) {
        List<LinearConstraints.Constraint> out = new ArrayList<>();
        if (cs.isMissingNode() || cs.isNull()) {
            return out;
        }
        if (!cs.isArray()) {
            issues.add(new Problem.Issue("constraints", "give a list of {\"terms\": {\"x\": 1, \"y\": 2}, \"le\": 10}"));
            return out;
        }
        for (int i = 0; i < cs.size(); i++) {
            JsonNode c = cs.get(i);
            String field = "constraints[" + i + "]";
            boolean ok = true;
            Map<String, Double> terms = new LinkedHashMap<>();
            JsonNode t = c.path("terms");
            if (!t.isObject() || t.isEmpty()) {
                issues.add(new Problem.Issue(field + ".terms", "give the coefficient of each parameter, e.g. {\"x\": 1, \"y\": -2}"));
                ok = false;
            } else {
                for (var e : t.properties()) {
                    String pname = e.getKey();
                    var p = params.stream().filter(x -> x.name().equals(pname)).findFirst();
                    if (p.isEmpty()) {
                        issues.add(new Problem.Issue(field + ".terms." + pname, "'" + pname + "' is not a parameter of this campaign"));
                        ok = false;
                    } else if (p.get() instanceof Parameter.Categorical) {
                        issues.add(new Problem.Issue(field + ".terms." + pname, "'" + pname + "' is categorical; constraints are on numeric parameters"));
                        ok = false;
                    } else if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                        issues.add(new Problem.Issue(field + ".terms." + pname, "the coefficient must be a number"));
                        ok = false;
                    } else if (e.getValue().asDouble() != 0) {
                        terms.put(pname, e.getValue().asDouble());
                    }
                }
                if (ok && terms.isEmpty()) {
                    issues.add(new Problem.Issue(field + ".terms", "every coefficient is zero"));
                    ok = false;
                }
            }
            Double le = bound(c, "le", field, issues);
            Double ge = bound(c, "ge", field, issues);
            if (!c.has("le") && !c.has("ge")) {
                issues.add(new Problem.Issue(field, "give an upper bound \"le\", a lower bound \"ge\", or both"));
                ok = false;
            } else if ((c.has("le") && le == null) || (c.has("ge") && ge == null)) {
                ok = false;
            } else if (le != null && ge != null && ge > le) {
                issues.add(new Problem.Issue(field, "ge (" + ge + ") is above le (" + le + ")"));
                ok = false;
            }
            for (var e : c.properties()) {
                if (!Set.of("terms", "le", "ge").contains(e.getKey())) {
                    issues.add(new Problem.Issue(field + "." + e.getKey(), "unknown key; a constraint has terms, le and ge"));
                    ok = false;
                }
            }
            if (ok) {
                out.add(new LinearConstraints.Constraint(terms, le, ge));
            }
        }
        return out;
    }

    private static String canonicalNumber(JsonNode v) {
        if (v.isNumber()) {
            return Double.toString(v.asDouble());
        }
        try {
            return Double.toString(Double.parseDouble(v.asString().strip()));
        } catch (NumberFormatException e) {
            return v.asString();
        }
    }

    private static Double bound(JsonNode c, String key, String field, List<Problem.Issue> issues) {
        if (!c.has(key)) {
            return null;
        }
        if (!c.get(key).isNumber() || !Double.isFinite(c.get(key).asDouble())) {
            issues.add(new Problem.Issue(field + "." + key, "must be a number"));
            return null;
        }
        return c.get(key).asDouble();
    }

    /**
     * A parameter's bound: a number its trials' values can be stored as (core.Numbers), and for a
     * parameter named after an element (an amount in a composition) at most Composition.MAX_AMOUNT.
     */
    private static double num(JsonNode p, String f, String field, List<Problem.Issue> issues) {
        if (!p.path(f).isNumber()) {
            issues.add(new Problem.Issue(field + "." + f, "must be a number"));
            return Double.NaN;
        }
        double v = p.path(f).asDouble();
        var problem = Numbers.magnitudeProblem(v);
        if (problem.isPresent()) {
            issues.add(new Problem.Issue(field + "." + f, problem.get()));
            return Double.NaN;
        }
        if (Elements.bySymbol(p.path("name").asString("")).isPresent() && v > Composition.MAX_AMOUNT) {
            issues.add(new Problem.Issue(field + "." + f, "an amount of an element is at most 1e9"));
            return Double.NaN;
        }
        return v;
    }
}
