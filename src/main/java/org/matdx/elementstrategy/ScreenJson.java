package org.matdx.elementstrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.FormulaException;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Screens as JSON: reading a request (the API body and the job payload are the same document)
 * with a field-level problem for every mistake, and writing a result.
 *
 * <pre>{"formula": "In2O3", "model": {"baseline": {"dataset": "…", "property": "band_gap"}},
 *  "goal": "maximize" | "minimize" | {"target": 3.4}, "risk": "hhi_production",
 *  "replace": ["In"], "with": ["Zn"], "same_group": true, "mendeleev_window": 3,
 *  "fractions": [0.25, 0.5, 0.75, 1], "pairs": false, "kappa": 0}</pre>
 */
public final class ScreenJson {
    private ScreenJson() {
    }

    /** How the model is chosen: a registered name, or a baseline fitted on a dataset. */
    public sealed interface ModelSpec permits Registered, Baseline {
    }

    public record Registered(String name) implements ModelSpec {
    }

    public record Baseline(UUID dataset, String property) implements ModelSpec {
    }

    public record Spec(ScreenRequest request, ModelSpec model) {
    }

    public static Spec parse(JsonNode b, int maxCandidates) {
        if (b == null || !b.isObject()) {
            throw Problem.badRequest("the body must be a JSON object describing the screen");
        }
        List<Problem.Issue> issues = new ArrayList<>();
        Composition start = null;
        JsonNode f = b.get("formula");
        if (f == null || !f.isString() || f.asString().isBlank()) {
            issues.add(new Problem.Issue("formula", "give the starting composition, e.g. \"LiCoO2\""));
        } else {
            try {
                start = Composition.parse(f.asString());
            } catch (FormulaException e) {
                issues.add(new Problem.Issue("formula", e.getMessage()));
            }
        }
        ModelSpec model = model(b.get("model"), issues);
        ScreenRequest.Goal goal = ScreenRequest.Goal.MAXIMIZE;
        double target = Double.NaN;
        JsonNode g = b.get("goal");
        if (g != null && !g.isNull()) {
            if (g.isObject() && g.path("target").isNumber()) {
                goal = ScreenRequest.Goal.TARGET;
                target = g.path("target").asDouble();
            } else if (g.isString() && (g.asString().equalsIgnoreCase("maximize") || g.asString().equalsIgnoreCase("minimize"))) {
                goal = ScreenRequest.Goal.valueOf(g.asString().toUpperCase(Locale.ROOT));
            } else {
                issues.add(new Problem.Issue("goal", "must be \"maximize\", \"minimize\" or {\"target\": number}"));
            }
        }
        ResourceMetric risk = ResourceMetric.HHI_PRODUCTION;
        JsonNode r = b.get("risk");
        if (r != null && !r.isNull()) {
            risk = r.isString() ? ResourceMetric.byCode(r.asString()).orElse(null) : null;
            if (risk == null) {
                issues.add(new Problem.Issue("risk", "must be one of " + ResourceMetric.codes()));
                risk = ResourceMetric.HHI_PRODUCTION;
            }
        }
        List<Element> replace = elements(b.get("replace"), "replace", issues);
        List<Element> with = elements(b.get("with"), "with", issues);
        boolean sameGroup = bool(b.get("same_group"), "same_group", true, issues);
        boolean pairs = bool(b.get("pairs"), "pairs", false, issues);
        int window = (int) number(b.get("mendeleev_window"), "mendeleev_window", 3, issues);
        double kappa = number(b.get("kappa"), "kappa", 0, issues);
        List<Double> fractions = new ArrayList<>();
        JsonNode fr = b.get("fractions");
        if (fr != null && !fr.isNull()) {
            if (!fr.isArray()) {
                issues.add(new Problem.Issue("fractions", "must be an array of numbers in (0, 1]"));
            } else {
                for (int i = 0; i < fr.size(); i++) {
                    if (!fr.get(i).isNumber() || !(fr.get(i).asDouble() > 0 && fr.get(i).asDouble() <= 1)) {
                        issues.add(new Problem.Issue("fractions[" + i + "]", "must be a number in (0, 1]"));
                    } else {
                        fractions.add(fr.get(i).asDouble());
                    }
                }
            }
        }
        if (start != null) {
            for (int i = 0; i < replace.size(); i++) {
                if (start.amount(replace.get(i)) == 0) {
                    issues.add(new Problem.Issue("replace[" + i + "]", replace.get(i).symbol() + " is not in "
                            + start.reducedFormula()));
                }
            }
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        try {
            return new Spec(new ScreenRequest(start, replace, with, sameGroup, window, fractions, pairs, risk, goal,
                    target, kappa, maxCandidates), model);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
    }

    private static ModelSpec model(JsonNode m, List<Problem.Issue> issues) {
        if (m != null && m.isString() && !m.asString().isBlank()) {
            return new Registered(m.asString());
        }
        if (m != null && m.isObject() && m.path("baseline").isObject()) {
            JsonNode bl = m.path("baseline");
            UUID d = bl.path("dataset").isString() ? Ids.parseOrNull(bl.path("dataset").asString()) : null;
            if (d == null) {
                issues.add(new Problem.Issue("model.baseline.dataset", "must be the id of a dataset to fit the baseline on"));
            }
            if (!bl.path("property").isString() || bl.path("property").asString().isBlank()) {
                issues.add(new Problem.Issue("model.baseline.property", "must name the property to predict, e.g. \"band_gap\""));
                return null;
            }
            return new Baseline(d, bl.path("property").asString());
        }
        issues.add(new Problem.Issue("model", "give a registered model name, or {\"baseline\": {\"dataset\": id, \"property\": name}}"));
        return null;
    }

    private static List<Element> elements(JsonNode n, String field, List<Problem.Issue> issues) {
        List<Element> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            issues.add(new Problem.Issue(field, "must be an array of element symbols"));
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            var e = n.get(i).isString() ? Elements.bySymbol(n.get(i).asString()) : Optional.<Element>empty();
            if (e.isEmpty()) {
                issues.add(new Problem.Issue(field + "[" + i + "]", "must be an element symbol"));
            } else {
                out.add(e.get());
            }
        }
        return out;
    }

    private static boolean bool(JsonNode n, String field, boolean fallback, List<Problem.Issue> issues) {
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            issues.add(new Problem.Issue(field, "must be true or false"));
            return fallback;
        }
        return n.asBoolean();
    }

    private static double number(JsonNode n, String field, double fallback, List<Problem.Issue> issues) {
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || n.asDouble() < 0) {
            issues.add(new Problem.Issue(field, "must be a non-negative number"));
            return fallback;
        }
        return n.asDouble();
    }

    public static ObjectNode result(ScreenResult r, ElementResources data) {
        ObjectNode n = Json.object().put("model", r.model()).put("property", r.property()).put("unit", r.unit())
                .put("start", r.request().start().reducedFormula()).put("goal", r.request().goal().code())
                .put("risk", r.request().risk().code()).put("risk_unit", r.request().risk().unit())
                .put("kappa", r.request().kappa()).put("evaluated", r.evaluated()).put("risk_unknown", r.riskUnknown())
                .put("data_version", data.version());
        if (r.request().goal() == ScreenRequest.Goal.TARGET) {
            n.put("target", r.request().target());
        }
        ArrayNode replaced = n.putArray("replaced");
        r.replaced().forEach(replaced::add);
        n.set("start_candidate", candidate(r.start(), data));
        ArrayNode front = n.putArray("front");
        r.front().forEach(c -> front.add(candidate(c, data)));
        return n;
    }

    static ObjectNode candidate(ScreenCandidate c, ElementResources data) {
        ObjectNode n = Json.object().put("formula", c.composition().reducedFormula()).put("change", c.change())
                .put("mean", c.prediction().mean()).put("std", c.prediction().std()).put("utility", c.utility());
        if (c.riskKnown()) {
            n.put("risk", c.risk());
        } else {
            n.putNull("risk");
        }
        n.set("scores", ResourceJson.summary(c.scores(), data));
        return n;
    }
}
