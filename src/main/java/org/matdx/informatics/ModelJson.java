package org.matdx.informatics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.access.ModelUse;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Model cards, predictions and prediction requests as JSON (and CSV in). A card shows callers who
 * may only predict what the model is, never what it learned from: no inputs, row counts,
 * metrics, search scores, parameters or feature importance (all derive from the training rows).
 */
public final class ModelJson {
    private static final int IMPORTANCE_SHOWN = 15;

    private ModelJson() {
    }

    public static ObjectNode card(ModelView v) {
        ModelRecord m = v.model();
        ObjectNode n = Json.object().put("id", m.id().toString()).put("name", m.name()).put("task", m.task().code())
                .put("target", m.target()).put("unit", m.unit())
                .put("features", m.featureSet() + "@" + m.featureVersion())
                .put("access", v.use() == ModelUse.FULL ? "full" : "predict")
                .put("private", m.privateModel())
                .put("created_at", m.createdAt().toString());
        ObjectNode algo = n.putObject("algorithm");
        if (v.protection() != null) {
            algo.put("name", m.recipe().path("algorithm").asString())
                    .put("reference", m.recipe().path("reference").asString());
            algo.put("uncertainty", "68 % half-width of the model's errors in the band of the predicted value "
                    + "(the same for any composition, training row or not)");
            n.set("privacy", privacy(v));
        } else {
            algo.put("name", m.recipe().path("algorithm").asString()).put("members", m.recipe().path("members").asInt());
            algo.put("uncertainty", m.task() == Task.REGRESSION
                    && (m.cv().has("uncertainty_calibration") || m.cv().has("uncertainty_scale"))
                    ? "standard uncertainty k·sqrt(σ² + σ₀²) from the spread σ over ensemble members (different seeds and row "
                    + "subsamples), calibrated so that 68 % of the cross-validated errors fall within it; σ₀ keeps it from "
                    + "collapsing at training compositions"
                    : "standard deviation over ensemble members with different seeds and row subsamples");
        }
        if (v.withdrawnAt() != null) {
            n.put("withdrawn_at", v.withdrawnAt().toString());
        }
        n.put("predict_url", "/api/v1/models/" + m.id() + "/predict");
        if (v.use() != ModelUse.FULL) {
            n.put("withheld", "this model learned from data you may not read; its inputs, training size, metrics, "
                    + "parameters and feature importance are not shown");
            if (v.protection() != null && Double.isInfinite(v.protection().epsilon())) {
                n.put("can_learn", "predictions at the stated resolution with a band-wise uncertainty");
            } else if (v.protection() != null) {
                n.put("can_learn", "predictions at the stated resolution with a band-wise uncertainty; a differentially "
                        + "private model cannot tell you whether any composition was one of its training rows or its value");
            }
            return n;
        }
        // the verdict derives from the metrics, so only those who may see the metrics see it
        Skill.of(m.task(), m.cv()).ifPresent(sk -> {
            n.set("skill", sk.toJson());
            if (sk.useless()) {
                n.put("warning", sk.warning());
            }
        });
        n.set("recipe", m.recipe());
        n.put("training_rows", m.trainingRows());
        n.set("cross_validation", m.cv());
        n.set("hyperparameter_search", m.search());
        ObjectNode imp = n.putObject("importance");
        Iterator<Map.Entry<String, JsonNode>> it = m.importance().properties().iterator();
        for (int i = 0; i < IMPORTANCE_SHOWN && it.hasNext(); i++) {
            var e = it.next();
            if (e.getValue().asDouble() > 0) {
                imp.put(e.getKey(), e.getValue().asDouble());
            }
        }
        ArrayNode inputs = n.putArray("inputs");
        for (int i = 0; i < v.inputs().size(); i++) {
            ModelInput in = v.inputs().get(i);
            Dataset d = v.datasets().stream().filter(x -> x.id().equals(in.datasetId())).findFirst().orElse(null);
            ObjectNode o = inputs.addObject().put("dataset", in.datasetId().toString())
                    .put("title", d == null ? null : d.title())
                    .put("model_use_only", d != null && d.access().modelUseOnly())
                    .put("dataset_updated_at", in.datasetUpdatedAt().toString())
                    .put("rows", in.rows()).put("rows_sha256", in.rowsSha256());
            if (in.datasetVersion() != null) {
                o.put("dataset_version", in.datasetVersion());
            }
        }
        n.put("artifact_sha256", m.artifactSha256());
        if (m.createdBy() != null) {
            n.put("created_by", m.createdBy().toString());
        }
        if (m.jobId() != null) {
            n.put("job", m.jobId().toString());
        }
        return n;
    }

    /**
     * What every caller of a private model may know: its ε and what it means, the resolution of its
     * outputs, its uncertainty bands, where the budget went and the prediction limits. Its full viewers
     * also see the utility cost and the attack figures.
     */
    static ObjectNode privacy(ModelView v) {
        var p = v.protection();
        // models trained before the Gaussian learner spent pure ε: their ledger has no δ
        double delta = 0;
        for (var spend : p.ledger()) {
            delta += spend.path("delta").asDouble(0);
        }
        if (Double.isInfinite(p.epsilon())) {
            // a federated model trained without noise: other nodes' rows reached it only as sums over nodes
            ObjectNode o = Json.object().put("differentially_private", false)
                    .put("meaning", "trained by federated learning without differential-privacy noise: the rows of the "
                            + "participating nodes never left them, the coordinator saw only securely aggregated sums over "
                            + "nodes; the outputs give no formal guarantee about any single row")
                    .put("resolution", p.resolution())
                    .put("max_per_request", ModelService.PROTECTED_BATCH)
                    .put("max_per_caller_per_day", ModelService.PROTECTED_PER_DAY);
            o.set("uncertainty", p.uncertainty());
            o.set("budget", p.ledger());
            return o;
        }
        ObjectNode o = Json.object().put("differentially_private", true).put("epsilon", p.epsilon()).put("delta", delta)
                .put("meaning", "for each model-use-only row, anything this model outputs is at most e^" + fmt(p.epsilon())
                        + " = " + fmt(Math.exp(p.epsilon())) + " times more or less likely with the row than without it"
                        + (delta > 0 ? ", give or take δ = " + fmt(delta) + " in absolute probability" : ""))
                .put("resolution", p.resolution())
                .put("max_per_request", ModelService.PROTECTED_BATCH)
                .put("max_per_caller_per_day", ModelService.PROTECTED_PER_DAY);
        o.set("uncertainty", p.uncertainty());
        o.set("budget", p.ledger());
        if (v.use() == ModelUse.FULL) {
            o.set("utility", p.utility());
        }
        return o;
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }

    /** A card for lists: without the per-row out-of-fold predictions, which only the model's own card carries. */
    public static ObjectNode listItem(ModelView v) {
        ObjectNode n = card(v);
        if (n.get("cross_validation") instanceof ObjectNode cv && cv.has("out_of_fold")) {
            ObjectNode copy = cv.deepCopy();
            copy.remove("out_of_fold");
            n.set("cross_validation", copy);
        }
        return n;
    }

    public static ObjectNode prediction(PredictionResult r, ModelRecord m) {
        ObjectNode n = Json.object().put("formula", r.composition().reducedFormula());
        if (m.task() == Task.CLASSIFICATION) {
            n.put("probability", r.value()).put("label", r.value() >= 0.5);
        } else {
            n.put("prediction", r.value());
        }
        n.put("uncertainty", r.uncertainty()).put("unit", m.task() == Task.CLASSIFICATION ? "" : m.unit());
        if (r.domain() != null) {
            n.set("applicability_domain", r.domain().toJson());
        }
        n.putArray("warnings").addAll(r.warnings().stream().map(StringNode::valueOf).toList());
        if (r.baseValue() != null) {
            n.put("base_value", r.baseValue());
        }
        ArrayNode c = n.putArray("contributions");
        for (PredictionResult.Contribution x : r.contributions()) {
            ObjectNode o = c.addObject().put("feature", x.feature());
            if (Double.isNaN(x.featureValue())) {
                o.putNull("value");
            } else {
                o.put("value", x.featureValue());
            }
            o.put("contribution", x.contribution());
        }
        return n;
    }

    /**
     * The compositions of a prediction request: {@code {"formula": "Fe2O3"}},
     * {@code {"formulas": [...]}} or a bare array of formulas (or of {@code {"formula": …}} objects).
     */
    public static List<Query> queries(JsonNode b) {
        if (b == null || b.isNull()) {
            throw Problem.badRequest("send {\"formula\": \"Fe2O3\"}, {\"formulas\": [\"Fe2O3\", …]} or a CSV with a 'formula' column");
        }
        if (b.isObject() && (b.has("formula") || b.has("structure"))) {
            return List.of(query(b, ""));
        }
        JsonNode list = b.isArray() ? b : b.get("formulas");
        if (list == null || !list.isArray()) {
            throw Problem.invalid("formulas", "send {\"formula\": \"Fe2O3\"} or {\"formulas\": [\"Fe2O3\", …]}");
        }
        if (list.size() > ModelService.MAX_BATCH) {
            throw Problem.invalid("formulas", "at most " + ModelService.MAX_BATCH + " compositions per request; got " + list.size());
        }
        String prefix = b.isArray() ? "" : "formulas";
        List<Query> out = new ArrayList<>();
        List<Problem.Issue> issues = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode x = list.get(i);
            String field = prefix + "[" + i + "]";
            try {
                out.add(x.isObject() ? query(x, field + ".") : Query.of(parse(x, field)));
            } catch (Problem p) {
                issues.add(new Problem.Issue(field, p.issues().isEmpty() ? p.getMessage() : p.issues().get(0).message()));
            }
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        return out;
    }

    /**
     * Compositions from a CSV whose header has a {@code formula} or {@code composition} column;
     * other columns are ignored. Problems name the line.
     */
    public static List<Composition> csv(InputStream in, String name) {
        List<Composition> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null) {
                throw Problem.invalid("file", name + ": the file is empty; it needs a header with a 'formula' column");
            }
            String[] cols = header.replace("\uFEFF", "").split(",", -1);
            int col = -1;
            for (int i = 0; i < cols.length; i++) {
                String c = cols[i].strip().toLowerCase(Locale.ROOT);
                if (c.equals("formula") || c.equals("composition")) {
                    col = i;
                    break;
                }
            }
            if (col < 0) {
                throw Problem.invalid("file", name + ": line 1: the header needs a 'formula' (or 'composition') column");
            }
            String line;
            int no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length <= col) {
                    throw Problem.invalid("file", name + ": line " + no + ": expected a value in column " + (col + 1)
                            + " ('" + cols[col].strip() + "'), found " + cells.length + " column(s)");
                }
                String f = cells[col].strip();
                try {
                    out.add(Composition.parse(f));
                } catch (IllegalArgumentException e) {
                    throw Problem.invalid("file", name + ": line " + no + ": '" + f + "' is not a formula: " + e.getMessage());
                }
                if (out.size() > ModelService.MAX_BATCH) {
                    throw Problem.invalid("file", name + ": more than " + ModelService.MAX_BATCH + " compositions; split the file");
                }
            }
        } catch (IOException e) {
            throw Problem.badRequest(name + ": could not be read: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw Problem.invalid("file", name + ": no compositions below the header");
        }
        return out;
    }

    /**
     * {@code {"formula": …}}, {@code {"structure": {…}}} (the composition is the cell's) or both
     * (they must agree in proportions).
     */
    private static Query query(JsonNode o, String prefix) {
        Structure s = null;
        if (o.has("structure") && !o.get("structure").isNull()) {
            try {
                s = StructureJson.read(o.get("structure"));
            } catch (RuntimeException e) {
                throw Problem.invalid(prefix + "structure", e.getMessage());
            }
        }
        if (!o.has("formula") || o.get("formula").isNull()) {
            if (s == null) {
                throw Problem.invalid(prefix + "formula", "must be a formula, e.g. \"Fe2O3\"");
            }
            return new Query(s.composition(), s);
        }
        Composition c = parse(o.get("formula"), prefix + "formula");
        if (s != null && !s.composition().fractional().almostEquals(c.fractional(), 1e-6)) {
            throw Problem.invalid(prefix + "structure", "its cell is " + s.composition().reducedFormula() + ", not "
                    + c.reducedFormula());
        }
        return new Query(c, s);
    }

    private static Composition parse(JsonNode f, String field) {
        if (f == null || !f.isString() || f.asString().isBlank()) {
            throw Problem.invalid(field, "must be a formula, e.g. \"Fe2O3\"");
        }
        try {
            return Composition.parse(f.asString());
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(field, e.getMessage());
        }
    }
}
