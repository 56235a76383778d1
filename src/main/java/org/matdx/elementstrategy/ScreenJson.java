package org.matdx.elementstrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
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
        JsonFields f = JsonFields.of(b);
        Composition start = f.optionalComposition("formula");
        if (start == null) {
            f.problem("formula", "give the starting composition, e.g. \"LiCoO2\"");
        }
        ModelSpec model = model(f);
        ScreenRequest.Goal goal = ScreenRequest.Goal.MAXIMIZE;
        double target = Double.NaN;
        JsonNode g = f.raw("goal");
        if (g != null && g.isObject()) {
            goal = ScreenRequest.Goal.TARGET;
            target = f.object("goal").finiteNumber("target", -Double.MAX_VALUE, Double.MAX_VALUE);
        } else if (g != null && g.isString()) {
            goal = ScreenRequest.Goal.valueOf(f.oneOf("goal", List.of("maximize", "minimize"), "maximize").toUpperCase(Locale.ROOT));
        } else if (g != null) {
            f.problem("goal", "must be \"maximize\", \"minimize\" or {\"target\": number}");
        }
        ResourceMetric risk = ResourceMetric.HHI_PRODUCTION;
        String riskCode = f.optionalText("risk", 100);
        if (riskCode != null) {
            risk = ResourceMetric.byCode(riskCode).orElse(null);
            if (risk == null) {
                f.problem("risk", "must be one of " + ResourceMetric.codes());
                risk = ResourceMetric.HHI_PRODUCTION;
            }
        }
        List<Element> replace = f.elements("replace");
        List<Element> with = f.elements("with");
        boolean sameGroup = f.bool("same_group", true);
        boolean pairs = f.bool("pairs", false);
        int window = f.integer("mendeleev_window", 0, MAX_WINDOW, 3);
        double kappa = f.finiteNumber("kappa", 0, MAX_KAPPA, 0);
        List<Double> fractions = new ArrayList<>();
        double[] given = f.numbers("fractions", MAX_FRACTIONS, 0, 1);
        for (int i = 0; given != null && i < given.length; i++) {
            if (given[i] > 0) {
                fractions.add(given[i]);
            } else {
                f.problem("fractions", i, "must be a number in (0, 1]");
            }
        }
        if (start != null && f.ok()) { // with every item an element, i is the item's place in the list
            for (int i = 0; i < replace.size(); i++) {
                if (start.amount(replace.get(i)) == 0) {
                    f.problem("replace", i, replace.get(i).symbol() + " is not in " + start.reducedFormula());
                }
            }
        }
        f.done(); // fields it does not know are ignored, as they always were (a product's part screen adds its own)
        return new Spec(new ScreenRequest(start, replace, with, sameGroup, window, fractions, pairs, risk, goal,
                target, kappa, maxCandidates), model);
    }

    /** Bounds of a screen's fields: a window spans the whole Mendeleev scale; pessimism of 1000 σ already ranks by σ alone. */
    private static final int MAX_WINDOW = 103;
    private static final double MAX_KAPPA = 1000;
    private static final int MAX_FRACTIONS = 100;

    private static ModelSpec model(JsonFields f) {
        JsonNode m = f.raw("model");
        if (m != null && m.isString()) {
            String name = f.optionalText("model", 200);
            if (name != null && !name.isBlank()) {
                return new Registered(name);
            }
        } else if (m != null && m.isObject()) {
            JsonFields baseline = f.object("model").requiredObject("baseline", "{\"dataset\": id, \"property\": name}");
            UUID d = baseline.id("dataset");
            String property = baseline.text("property", 200);
            return d == null || property == null ? null : new Baseline(d, property);
        }
        f.problem("model", "give a registered model name, or {\"baseline\": {\"dataset\": id, \"property\": name}}");
        return null;
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
