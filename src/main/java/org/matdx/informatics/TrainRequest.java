package org.matdx.informatics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What to train: the API body and the job payload are the same document.
 *
 * <pre>{"datasets": ["…"], "target": "band_gap", "name": "…", "task": "regression",
 *  "features": "magpie+fractions" (or magpie, magpie+structure, magpie+fractions+structure), "members": 5, "folds": 5, "search_seconds": 20, "private": false,
 *  "target_range": [0, 10]}</pre>
 *
 * @param name null until {@link #resolved}: then from the target, task and features
 * @param task null: inferred from the training targets when the rows are read ({@link Task#infer}:
 *             yes/no labels make a classification), then set by {@link #resolved}
 * @param hurdle null: decide from the data (zero-inflated non-negative targets get one)
 * @param targetRange the plausible range of the target known without the data ({low, high}), or null;
 *                    used by private training only (a model fed by model-use-only data), which then
 *                    spends no privacy budget on estimating it
 */
public record TrainRequest(String name, List<UUID> datasets, String target, Task task, String features, int members,
                           int folds, int searchSeconds, boolean privateModel, Boolean hurdle, List<Double> targetRange) {

    public static final int MAX_MEMBERS = 20;

    public ObjectNode toJson() {
        ObjectNode n = Json.object().put("target", target).put("features", features).put("members", members).put("folds", folds)
                .put("search_seconds", searchSeconds).put("private", privateModel);
        if (name != null) {
            n.put("name", name);
        }
        if (task != null) {
            n.put("task", task.code());
        }
        if (hurdle != null) {
            n.put("hurdle", hurdle);
        }
        if (targetRange != null) {
            n.putArray("target_range").add(targetRange.get(0)).add(targetRange.get(1));
        }
        var ds = n.putArray("datasets");
        datasets.forEach(d -> ds.add(d.toString()));
        return n;
    }

    /** Reads and checks a request; every mistake is named by its field. */
    public static TrainRequest parse(JsonNode b) {
        if (b == null || !b.isObject()) {
            throw Problem.badRequest("the body must be a JSON object, e.g. {\"datasets\": [\"…\"], \"target\": \"band_gap\"}");
        }
        List<Problem.Issue> issues = new ArrayList<>();
        LinkedHashSet<UUID> datasets = new LinkedHashSet<>();
        JsonNode ds = b.has("datasets") ? b.get("datasets") : b.get("dataset");
        if (ds != null && ds.isString()) {
            addId(ds, "dataset", datasets, issues);
        } else if (ds != null && ds.isArray() && !ds.isEmpty()) {
            for (int i = 0; i < ds.size(); i++) {
                addId(ds.get(i), "datasets[" + i + "]", datasets, issues);
            }
        } else {
            issues.add(new Problem.Issue("datasets", "give the id(s) of the dataset(s) to learn from"));
        }
        String target = text(b, "target");
        if (target == null || target.isBlank()) {
            issues.add(new Problem.Issue("target", "give the property to predict, e.g. \"band_gap\""));
        }
        Task task = null;
        String t = text(b, "task");
        if (t != null) {
            try {
                task = Task.of(t);
            } catch (IllegalArgumentException e) {
                issues.add(new Problem.Issue("task", e.getMessage()));
            }
        }
        String features = text(b, "features");
        if (features == null) {
            features = "magpie+fractions";
        } else {
            try {
                CompositionFeatures.byId(features);
            } catch (IllegalArgumentException e) {
                issues.add(new Problem.Issue("features", e.getMessage()));
            }
        }
        int members = integer(b, "members", 5, 1, MAX_MEMBERS, issues);
        int folds = integer(b, "folds", 5, 2, 10, issues);
        int search = integer(b, "search_seconds", 20, 0, 600, issues);
        boolean priv = false;
        JsonNode p = b.get("private");
        if (p != null && !p.isNull()) {
            if (!p.isBoolean()) {
                issues.add(new Problem.Issue("private", "must be true or false"));
            } else {
                priv = p.asBoolean();
            }
        }
        Boolean hurdle = null;
        JsonNode h = b.get("hurdle");
        if (h != null && !h.isNull()) {
            if (!h.isBoolean()) {
                issues.add(new Problem.Issue("hurdle", "must be true or false (leave it out to decide from the data)"));
            } else {
                hurdle = h.asBoolean();
                if (hurdle && task == Task.CLASSIFICATION) {
                    issues.add(new Problem.Issue("hurdle", "is for regression targets only"));
                }
            }
        }
        List<Double> range = null;
        JsonNode tr = b.get("target_range");
        if (tr != null && !tr.isNull()) {
            if (!tr.isArray() || tr.size() != 2 || !tr.get(0).isNumber() || !tr.get(1).isNumber()
                    || !Double.isFinite(tr.get(0).asDouble()) || !Double.isFinite(tr.get(1).asDouble())
                    || !(tr.get(1).asDouble() > tr.get(0).asDouble())) {
                issues.add(new Problem.Issue("target_range", "must be [low, high]: two finite numbers, low < high"));
            } else {
                range = List.of(tr.get(0).asDouble(), tr.get(1).asDouble());
            }
        }
        String name = text(b, "name");
        if (name != null && (name.isBlank() || name.length() > 200)) {
            issues.add(new Problem.Issue("name", "must be 1-200 characters"));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        return new TrainRequest(name == null ? null : name.strip(), List.copyOf(datasets), target.strip(), task, features, members, folds,
                search, priv, hurdle, range);
    }

    /**
     * The request with its task settled — the one asked for, else {@code inferred} from the rows —
     * and a default name. A hurdle asked for on targets that turn out to be yes/no labels is refused.
     */
    public TrainRequest resolved(Task inferred) {
        Task t = task != null ? task : inferred;
        if (t == Task.CLASSIFICATION && Boolean.TRUE.equals(hurdle)) {
            throw Problem.invalid("hurdle", "is for regression targets only, and every " + target
                    + " is a yes/no label (0 or 1): give \"task\": \"regression\" to treat them as numbers");
        }
        String n = name != null ? name : target + " (" + t.code() + ", " + features + ")";
        return new TrainRequest(n, datasets, target, t, features, members, folds, searchSeconds, privateModel, hurdle, targetRange);
    }

    private static void addId(JsonNode n, String field, LinkedHashSet<UUID> out, List<Problem.Issue> issues) {
        UUID id = n != null && n.isString() ? Ids.parseOrNull(n.asString()) : null;
        if (id == null) {
            issues.add(new Problem.Issue(field, "must be a dataset id"));
        } else {
            out.add(id);
        }
    }

    private static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? null : n.isString() ? n.asString() : n.toString();
    }

    private static int integer(JsonNode b, String field, int dflt, int min, int max, List<Problem.Issue> issues) {
        return Json.wholeNumber(b, field, field, dflt, min, max, issues);
    }
}
