package org.matdx.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.FormulaException;
import org.matdx.core.Ids;
import org.matdx.core.InvalidInput;
import org.matdx.core.JsonFields;
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

    /**
     * A config as it was stored with its campaign: read as leniently as when it was created (a text
     * or true/false in any spelling accepted then, fields MatDX does not know left alone), so that a
     * campaign stored by an earlier MatDX still loads. A request is read by {@link #read}.
     */
    public static CampaignConfig parse(JsonNode n) {
        return parse(n, false);
    }

    /**
     * A config as a request sends it: every problem once, with its field and pointer
     * ({@code parameters[2].low}, {@code /parameters/2/low}), in one 400. Stricter than {@link #parse}
     * for what is new: texts must be texts, true or false booleans, numbers numbers, and a field
     * MatDX does not know is refused rather than ignored.
     */
    public static CampaignConfig read(JsonNode body) {
        return parse(body, true);
    }

    private static CampaignConfig parse(JsonNode n, boolean request) {
        JsonFields f = JsonFields.of(n);
        int most = request ? MAX_PARAMETERS : Integer.MAX_VALUE; // no new limit on a stored config's lists
        String name = text(f, "name", "", request).strip();
        if (name.isEmpty()) {
            f.problem("name", "a campaign needs a name");
        }
        List<Parameter> params = new ArrayList<>();
        List<JsonFields> ps = f.objects("parameters", most);
        if (ps.isEmpty()) {
            f.problem("parameters", "give at least one parameter");
        }
        for (JsonFields pf : ps) {
            String pname = text(pf, "name", "", request);
            JsonNode unit = pf.raw("unit");
            if (unit != null && (!unit.isString() || unit.asString().length() > 20
                    || unit.asString().chars().anyMatch(Character::isISOControl))) {
                pf.problem("unit", "a unit is a short text (at most 20 characters), e.g. \"°C\" or \"h\"");
            }
            String type = text(pf, "type", "continuous", request);
            Parameter p = switch (type) {
                case "continuous" -> {
                    double low = bound(pf, "low", pname);
                    double high = bound(pf, "high", pname);
                    boolean log = bool(pf, "log", false, request);
                    yield Double.isNaN(low) || Double.isNaN(high) ? null : pf.part(() -> new Parameter.Continuous(pname, low, high, log));
                }
                case "discrete" -> {
                    List<Double> v = values(pf, request);
                    yield v == null ? null : pf.part(() -> new Parameter.Discrete(pname, v));
                }
                case "categorical" -> categorical(pf, pname, request, most);
                default -> {
                    pf.problem("type", "must be continuous, discrete or categorical");
                    yield null;
                }
            };
            if (p != null) {
                params.add(p);
            }
            if (pname.isBlank()) {
                pf.problem("name", "every parameter needs a name");
            }
            refuseUnknown(pf, request, "descriptors");
        }
        boolean simplex = bool(f, "simplex", false, request);
        if (simplex && params.stream().anyMatch(p -> !(p instanceof Parameter.Continuous c) || c.low() < 0 || c.high() > 1)) {
            f.problem("simplex", "mixture fractions must be continuous parameters within [0, 1]");
        }
        List<Objective> objectives = new ArrayList<>();
        boolean several = f.has("objectives");
        List<JsonFields> objs = several ? f.objects("objectives", 4) : List.of(f.object("objective"));
        if (objs.isEmpty()) {
            f.problem("objectives", "give one objective (\"objective\") or two to four (\"objectives\")");
        }
        for (JsonFields obj : objs) {
            objectives.add(objective(obj, request));
        }
        if (objectives.stream().map(Objective::name).distinct().count() < objectives.size()) {
            f.problem("objectives", "objective names must differ");
        }
        String objective = objectives.isEmpty() ? "" : objectives.get(0).name();
        int batch = f.integer("batch", 1, 50, 1);
        Acquisition acq = Acquisition.LOG_EI;
        MultiObjective multi = MultiObjective.PAREGO;
        String acqName = text(f, "acquisition", "log_ei", request).toUpperCase(Locale.ROOT);
        if (acqName.equals("EHVI") || acqName.equals("PAREGO")) {
            multi = MultiObjective.valueOf(acqName);
            if (objectives.size() < 2) {
                f.problem("acquisition", acqName.toLowerCase(Locale.ROOT) + " is for several objectives; one objective uses ei, log_ei or ucb");
            } else if (multi == MultiObjective.EHVI && objectives.size() != 2) {
                f.problem("acquisition", "ehvi is computed exactly for two objectives; use parego for three or four");
            }
        } else if (Arrays.stream(Acquisition.values()).anyMatch(a -> a.name().equals(acqName))) {
            acq = Acquisition.valueOf(acqName);
        } else {
            f.problem("acquisition", "must be ei, log_ei or ucb, or for several objectives parego or ehvi");
        }
        JsonFields s = f.object("stop");
        JsonNode stopNode = n == null ? null : n.get("stop");
        // a campaign is run by people (or a simulator within one request): ten thousand trials is beyond either
        Integer budget = s.optionalInteger("budget", 1, 10_000);
        if (!request && budget == null && stopNode != null && stopNode.has("budget") && stopNode.get("budget").isNull()) {
            budget = 0; // how a stored "budget": null was read before: kept, so that such a campaign loads as it ran
        }
        StopRules stop = new StopRules(budget, number(s, stopNode, "target", request),
                number(s, stopNode, "ei_threshold", request), s.integer("patience", 1, 10_000, 3));
        refuseUnknown(s, request);
        if (objectives.size() > 1 && stop.target() != null) {
            s.problem("target", "a target applies to one objective; several objectives stop by budget or expected improvement");
        }
        boolean given = s.has("budget") || s.has("target") || s.has("ei_threshold"); // a rule refused above is said once
        if (stop.budget() == null && stop.target() == null && stop.eiThreshold() == null && !given) {
            f.problem("stop", "give at least one stopping rule: budget, target or ei_threshold");
        }
        List<String[]> pool = candidates(f, params);
        // a stored "simulator": null was read as the default simulator: it still is
        boolean simulated = f.has("simulator") || (!request && n != null && n.has("simulator"));
        Simulator sim = simulated ? f.part("simulator", () -> Simulator.parse(n.get("simulator"), params)) : null;
        List<LinearConstraints.Constraint> constraints = constraints(f, params, most);
        List<String> batchFixed = new ArrayList<>();
        JsonNode bf = f.raw("batch_fixed");
        if (bf != null && !bf.isArray()) {
            f.problem("batch_fixed", "give a list of parameter names, e.g. [\"temperature\"]");
        }
        for (int i = 0; bf != null && bf.isArray() && i < bf.size(); i++) {
            String pname = bf.get(i).asString("");
            if (params.stream().noneMatch(p -> p.name().equals(pname))) {
                f.problem("batch_fixed", i, "'" + pname + "' is not a parameter of this campaign");
            } else if (batchFixed.contains(pname)) {
                f.problem("batch_fixed", i, "'" + pname + "' is listed twice");
            } else {
                batchFixed.add(pname);
            }
        }
        if (!params.isEmpty() && batchFixed.size() >= params.size()) {
            f.problem("batch_fixed", "at least one parameter must vary within a batch");
        }
        Composition base = f.has("composition_base") ? composition(f, request) : null;
        List<ResourceLimit> limits = new ArrayList<>();
        for (JsonFields l : f.objects("resource_limits", most)) {
            var metric = ResourceMetric.byCode(text(l, "metric", "", request));
            JsonNode max = l.raw("max");
            if (metric.isEmpty() || max == null || !max.isNumber()) {
                f.problem("resource_limits", "each limit needs an element-strategy \"metric\" (e.g. hhi_production) and a numeric \"max\"");
            } else {
                limits.add(new ResourceLimit(metric.get(), max.asDouble()));
            }
            refuseUnknown(l, request);
        }
        boolean needsComposition = !limits.isEmpty() || objectives.stream().anyMatch(Objective::computed);
        if (needsComposition && params.stream().noneMatch(p -> Elements.bySymbol(p.name()).isPresent())) {
            f.problem("parameters", "element-strategy and model objectives and limits need parameters named after elements (their amounts)");
        }
        int initial = f.integer("initial", 0, 10_000, 5);
        JsonNode tr = f.raw("transfer");
        if (tr != null) {
            if (!tr.isArray() || tr.size() > MAX_TRANSFER) {
                f.problem("transfer", "give up to " + MAX_TRANSFER + " ids of earlier campaigns, e.g. [\"…\"]");
            } else if (objectives.size() > 1) {
                f.problem("transfer", "earlier campaigns inform single-objective campaigns only");
            } else {
                for (int i = 0; i < tr.size(); i++) {
                    if (parseId(tr.get(i)) == null) {
                        f.problem("transfer", i, "not a campaign id");
                    }
                }
            }
        }
        boolean approval = bool(f, "approval", false, request);
        refuseUnknown(f, request, "objective", "objectives");
        // the rules below need the whole space: said when every field above is right
        f.done();
        ParameterSpace space = new ParameterSpace(params, simplex);
        for (Problem.Issue i : LinearConstraints.check(space, constraints)) {
            var item = CONSTRAINT.matcher(i.field());
            if (item.matches()) {
                f.problem("constraints", Integer.parseInt(item.group(1)), i.message());
            } else {
                f.problem(i.field(), i.message());
            }
        }
        f.done();
        LinearConstraints linear = LinearConstraints.of(space, constraints);
        if (pool != null) {
            for (int i = 0; i < pool.size(); i++) {
                String[] row = pool.get(i);
                f.part("candidates[" + i + "]", () -> encode(space, row));
            }
            if (f.ok() && !linear.declared().isEmpty() && pool.stream().noneMatch(linear::satisfied)) {
                f.problem("candidates", "no candidate row satisfies the constraints");
            }
            f.done();
        }
        Objective first = objectives.get(0);
        return new CampaignConfig(name, space, objective, first.unit(), first.maximise(), batch, Math.max(2, initial),
                approval, acq, stop, pool, sim, n,
                List.copyOf(objectives), base, List.copyOf(limits), linear, List.copyOf(batchFixed), multi);
    }

    /** A pool row in the space, or the refusal of a value that is not a number or not an option. */
    private static double[] encode(ParameterSpace space, String[] row) {
        try {
            return space.encode(row);
        } catch (NumberFormatException e) {
            throw new InvalidInput(null, e.getMessage());
        }
    }

    /** How {@link LinearConstraints#check} names a constraint: {@code constraints[2]}. */
    private static final Pattern CONSTRAINT = Pattern.compile("constraints\\[(\\d+)]");

    /** Parameters of one campaign: more than a person sets in an experiment, fewer than a hostile list. */
    static final int MAX_PARAMETERS = 1000;

    private static Objective objective(JsonFields obj, boolean request) {
        String oname = text(obj, "name", "", request).strip();
        if (oname.isEmpty()) {
            obj.problem("name", "name the measured objective, e.g. \"yield\"");
        }
        String goal = text(obj, "goal", "maximize", request).toLowerCase(Locale.ROOT);
        if (!goal.startsWith("max") && !goal.startsWith("min")) {
            obj.problem("goal", "must be maximize or minimize");
        }
        String source = text(obj, "source", "measured", request);
        boolean computed = "element_strategy".equals(source);
        if (computed && ResourceMetric.byCode(oname).isEmpty()) {
            obj.problem("name", "'" + oname + "' is not an element-strategy score (e.g. hhi_production, critical_fraction_eu, cost_usd_per_kg)");
        }
        String model = null;
        XrdObjective xrd = null;
        if ("xrd".equals(source)) {
            String phase = text(obj, "phase", "", request).strip();
            String measure = text(obj, "measure", phase.isEmpty() ? "" : "weight_fraction", request);
            JsonNode candidates = obj.raw("candidates");
            if (measure.equals("purity") && phase.isEmpty()) {
                xrd = new XrdObjective(null, obj.raw("candidates"));
            } else if (measure.equals("weight_fraction") && !phase.isEmpty()) {
                try {
                    xrd = new XrdObjective(Composition.parse(phase).reducedFormula(), candidates);
                } catch (FormulaException e) {
                    obj.problem("phase", e.getMessage());
                }
            } else {
                obj.problem("an xrd objective names a \"phase\" (its weight fraction, e.g. \"LiCoO2\") "
                        + "or has \"measure\": \"purity\"");
            }
            if (candidates != null && !candidates.isObject()) {
                obj.problem("candidates", "must be an object such as {\"datasets\": [\"…\"]}");
            }
        }
        if ("model".equals(source)) {
            model = text(obj, "model", "", request).strip();
            if (Ids.parseOrNull(model) == null) {
                obj.problem("model", "give the id of a registered model whose prediction is the objective");
            }
        } else if (!computed && !"measured".equals(source) && !"xrd".equals(source)) {
            obj.problem("source", "must be measured, xrd, model or element_strategy");
        }
        String unit = text(obj, "unit", "", request);
        refuseUnknown(obj, request, "phase", "measure", "candidates", "model");
        return new Objective(oname, unit, goal.startsWith("max"), computed, model, xrd);
    }

    private static Parameter categorical(JsonFields pf, String pname, boolean request, int most) {
        List<String> o = new ArrayList<>();
        if (request) {
            o.addAll(pf.texts("options", most, 1000));
        } else {
            JsonNode options = pf.raw("options");
            if (options != null) {
                options.forEach(x -> o.add(x.asString()));
            }
        }
        if (o.size() < 2) {
            pf.problem(pname + ": a categorical parameter needs at least two options");
            return null;
        }
        List<List<Double>> desc = null;
        JsonNode dn = pf.raw("descriptors");
        if (dn != null) {
            // {"water": [80.1, 100], "ethanol": [24.5, 78], …}: one numeric vector per option
            desc = new ArrayList<>();
            for (String opt : o) {
                JsonNode v = dn.get(opt);
                if (v == null || !v.isArray()) {
                    pf.problem(pname + ": descriptors has no list of numbers for option '" + opt + "'");
                    return null;
                }
                List<Double> vec = new ArrayList<>();
                for (JsonNode x : v) {
                    if (!x.isNumber()) {
                        pf.problem(pname + ": descriptors of '" + opt + "' must be numbers");
                        return null;
                    }
                    vec.add(x.asDouble());
                }
                desc.add(vec);
            }
        }
        List<List<Double>> descriptors = desc;
        return pf.part(() -> new Parameter.Categorical(pname, o, descriptors));
    }

    /** A discrete parameter's values; a stored config's as they were read then (any JSON value as a number). */
    private static List<Double> values(JsonFields pf, boolean request) {
        JsonNode raw = pf.raw("values");
        List<Double> v = new ArrayList<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            JsonNode x = raw.get(i);
            if (request && !x.isNumber()) {
                pf.problem("values", i, "must be a number, found " + (x.isString() ? "a text" : x.getNodeType().toString().toLowerCase(Locale.ROOT)));
                return null;
            }
            var problem = Numbers.magnitudeProblem(x.asDouble());
            if (problem.isPresent()) {
                pf.problem("values", i, problem.get());
                return null;
            }
            v.add(x.asDouble());
        }
        return v;
    }

    private static Composition composition(JsonFields f, boolean request) {
        String s = text(f, "composition_base", "", request);
        try {
            return Composition.parse(s);
        } catch (FormulaException e) {
            f.problem("composition_base", e.getMessage());
            return null;
        }
    }

    /** {@code "candidates": [[…], …]} or {@code [{"x": …}, …]}: the only rows that may be proposed, numbers in one spelling. */
    private static List<String[]> candidates(JsonFields f, List<Parameter> params) {
        JsonNode rows = f.raw("candidates");
        if (rows == null) {
            return null;
        }
        List<String[]> pool = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String[] r = new String[params.size()];
            for (int k = 0; k < params.size(); k++) {
                JsonNode v = row.isArray() ? row.get(k) : row.get(params.get(k).name());
                if (v == null || v.isNull()) {
                    f.problem("candidates", i, "has no value for " + params.get(k).name());
                    break;
                }
                // numbers in one spelling, so a trial's settings match its pool row ("1100" = 1100.0)
                r[k] = params.get(k) instanceof Parameter.Categorical ? v.asString() : canonicalNumber(v);
            }
            pool.add(r);
        }
        return pool;
    }

    /** A text; a stored config's as it was read then (any scalar as its text), so that it still loads. */
    private static String text(JsonFields f, String name, String dflt, boolean request) {
        if (request) {
            String s = f.optionalText(name, 1000);
            return s == null ? dflt : s;
        }
        JsonNode v = f.raw(name);
        return v == null ? dflt : v.asString(dflt);
    }

    /** true or false; a stored config's as it was read then ({@code "yes"} false), so that it still loads. */
    private static boolean bool(JsonFields f, String name, boolean dflt, boolean request) {
        if (request) {
            return f.bool(name, dflt);
        }
        JsonNode v = f.raw(name);
        return v == null ? dflt : v.asBoolean(dflt);
    }

    /** A finite number, null when absent; a stored config's as it was read then (from its {@code parent} as stored). */
    private static Double number(JsonFields f, JsonNode parent, String name, boolean request) {
        if (!request) {
            return parent != null && parent.has(name) ? parent.get(name).asDouble() : null;
        }
        JsonNode v = f.raw(name);
        if (v != null && (!v.isNumber() || !Double.isFinite(v.asDouble()))) {
            f.problem(name, "must be a number");
            return null;
        }
        return v == null ? null : v.asDouble();
    }

    private static void refuseUnknown(JsonFields f, boolean request, String... alsoKnown) {
        if (request) {
            f.refuseUnknown(alsoKnown);
        }
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
    private static List<LinearConstraints.Constraint> constraints(JsonFields f, List<Parameter> params, int most) {
        List<LinearConstraints.Constraint> out = new ArrayList<>();
        JsonNode cs = f.raw("constraints");
        if (cs != null && !cs.isArray()) {
            f.problem("constraints", "give a list of {\"terms\": {\"x\": 1, \"y\": 2}, \"le\": 10}");
            return out;
        }
        for (JsonFields c : f.objects("constraints", most)) {
            boolean ok = true;
            Map<String, Double> terms = new LinkedHashMap<>();
            JsonNode t = c.raw("terms");
            if (t == null || !t.isObject() || t.isEmpty()) {
                c.problem("terms", "give the coefficient of each parameter, e.g. {\"x\": 1, \"y\": -2}");
                ok = false;
            } else {
                JsonFields tf = c.object("terms");
                for (var e : t.properties()) {
                    String pname = e.getKey();
                    var p = params.stream().filter(x -> x.name().equals(pname)).findFirst();
                    if (p.isEmpty()) {
                        tf.problem(pname, "'" + pname + "' is not a parameter of this campaign");
                        ok = false;
                    } else if (p.get() instanceof Parameter.Categorical) {
                        tf.problem(pname, "'" + pname + "' is categorical; constraints are on numeric parameters");
                        ok = false;
                    } else if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                        tf.problem(pname, "the coefficient must be a number");
                        ok = false;
                    } else if (e.getValue().asDouble() != 0) {
                        terms.put(pname, e.getValue().asDouble());
                    }
                }
                if (ok && terms.isEmpty()) {
                    c.problem("terms", "every coefficient is zero");
                    ok = false;
                }
            }
            Double le = bound(c, "le");
            Double ge = bound(c, "ge");
            if (!c.has("le") && !c.has("ge")) {
                c.problem("give an upper bound \"le\", a lower bound \"ge\", or both");
                ok = false;
            } else if ((c.has("le") && le == null) || (c.has("ge") && ge == null)) {
                ok = false;
            } else if (le != null && ge != null && ge > le) {
                c.problem("ge (" + ge + ") is above le (" + le + ")");
                ok = false;
            }
            // a constraint with a key MatDX does not know is refused, from a request or stored (as it always was)
            int said = c.issues().size();
            c.refuseUnknown();
            ok &= c.issues().size() == said;
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

    /** An upper or lower bound of a constraint, null when absent or not a finite number (the problem recorded). */
    private static Double bound(JsonFields c, String key) {
        JsonNode v = c.raw(key);
        if (v != null && (!v.isNumber() || !Double.isFinite(v.asDouble()))) {
            c.problem(key, "must be a number");
            return null;
        }
        return v == null ? null : v.asDouble();
    }

    /**
     * A parameter's bound: a number its trials' values can be stored as (core.Numbers), and for a
     * parameter named after an element (an amount in a composition) at most Composition.MAX_AMOUNT;
     * NaN when it is not (the problem recorded).
     */
    private static double bound(JsonFields p, String f, String pname) {
        JsonNode v = p.raw(f);
        if (v == null || !v.isNumber()) {
            p.problem(f, "must be a number");
            return Double.NaN;
        }
        var problem = Numbers.magnitudeProblem(v.asDouble());
        if (problem.isPresent()) {
            p.problem(f, problem.get());
            return Double.NaN;
        }
        if (Elements.bySymbol(pname).isPresent() && v.asDouble() > Composition.MAX_AMOUNT) {
            p.problem(f, "an amount of an element is at most 1e9");
            return Double.NaN;
        }
        return v.asDouble();
    }
}
