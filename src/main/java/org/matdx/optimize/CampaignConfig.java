package org.matdx.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * What a campaign optimises and how, as the user declares it (JSON): the parameters, the
 * objective and its goal, batch size, an optional approval gate, the acquisition function, the
 * stopping rules, an optional candidate pool (only those rows may be proposed), and an optional
 * simulator that answers trials itself (demos and tests).
 */
public record CampaignConfig(String name, ParameterSpace space, String objective, String unit, boolean maximise, int batch,
                             int initial, boolean approval, Acquisition acquisition, StopRules stop,
                             List<String[]> pool, Simulator simulator, JsonNode raw) {

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
            try {
                switch (p.path("type").asString("continuous")) {
                    case "continuous" -> params.add(new Parameter.Continuous(pname, num(p, "low", field, issues),
                            num(p, "high", field, issues), p.path("log").asBoolean(false)));
                    case "discrete" -> {
                        List<Double> v = new ArrayList<>();
                        p.path("values").forEach(x -> v.add(x.asDouble()));
                        params.add(new Parameter.Discrete(pname, v));
                    }
                    case "categorical" -> {
                        List<String> o = new ArrayList<>();
                        p.path("options").forEach(x -> o.add(x.asString()));
                        if (o.size() < 2) {
                            throw new IllegalArgumentException(pname + ": a categorical parameter needs at least two options");
                        }
                        params.add(new Parameter.Categorical(pname, o));
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
        JsonNode obj = n.path("objective");
        String objective = obj.path("name").asString("").strip();
        if (objective.isEmpty()) {
            issues.add(new Problem.Issue("objective.name", "name the measured objective, e.g. \"yield\""));
        }
        String goal = obj.path("goal").asString("maximize").toLowerCase(Locale.ROOT);
        if (!goal.startsWith("max") && !goal.startsWith("min")) {
            issues.add(new Problem.Issue("objective.goal", "must be maximize or minimize"));
        }
        int batch = n.path("batch").asInt(1);
        if (batch < 1 || batch > 50) {
            issues.add(new Problem.Issue("batch", "must be between 1 and 50"));
        }
        Acquisition acq = Acquisition.LOG_EI;
        try {
            acq = Acquisition.valueOf(n.path("acquisition").asString("log_ei").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            issues.add(new Problem.Issue("acquisition", "must be ei, log_ei or ucb"));
        }
        JsonNode s = n.path("stop");
        StopRules stop = new StopRules(s.has("budget") ? s.get("budget").asInt() : null,
                s.has("target") ? s.get("target").asDouble() : null,
                s.has("ei_threshold") ? s.get("ei_threshold").asDouble() : null, s.path("patience").asInt(3));
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
                    r[k] = v.asString();
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
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        ParameterSpace space = new ParameterSpace(params, simplex);
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
        }
        return new CampaignConfig(name, space, objective, obj.path("unit").asString(""), goal.startsWith("max"), batch,
                Math.max(2, n.path("initial").asInt(5)), n.path("approval").asBoolean(false), acq, stop, pool, sim, n);
    }

    private static double num(JsonNode p, String f, String field, List<Problem.Issue> issues) {
        if (!p.path(f).isNumber()) {
            issues.add(new Problem.Issue(field + "." + f, "must be a number"));
            return Double.NaN;
        }
        return p.path(f).asDouble();
    }
}
