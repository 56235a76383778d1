package org.matdx.informatics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What to train: the API body and the job payload are the same document.
 *
 * <pre>{"datasets": ["…"], "target": "band_gap", "name": "…", "task": "regression",
 *  "features": "magpie+oxidation+fractions" (or any of {@link CompositionFeatures#KNOWN}), "members": 5, "folds": 5, "search_seconds": 20, "private": false,
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
    /**
     * Magpie statistics, formal oxidation states and element fractions: on matbench_expt_gap the ordinary
     * model's MAE is 0.287 eV with them against 0.316 without the oxidation columns, and the private
     * learner's 0.627 against 0.655 at ε = 2 (docs/BENCHMARKS.md).
     */
    public static final String DEFAULT_FEATURES = "magpie+oxidation+fractions";

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

    /** Reads and checks a request; every mistake is named by its field, all of them at once. */
    public static TrainRequest parse(JsonNode b) {
        JsonFields f = JsonFields.of(b);
        LinkedHashSet<UUID> datasets = new LinkedHashSet<>();
        JsonNode ds = f.raw("datasets") != null ? f.raw("datasets") : f.raw("dataset");
        if (ds != null && ds.isString()) {
            datasets.add(f.id(f.has("datasets") ? "datasets" : "dataset"));
        } else if (ds != null && ds.isArray() && !ds.isEmpty()) {
            datasets.addAll(f.ids(f.has("datasets") ? "datasets" : "dataset", MAX_DATASETS));
        } else {
            f.problem("datasets", "give the id(s) of the dataset(s) to learn from");
        }
        datasets.remove(null);
        String target = f.optionalText("target", 200);
        if (target == null || target.isBlank()) {
            f.problem("target", "give the property to predict, e.g. \"band_gap\"");
        }
        Task task = f.enumOf("task", Task.class, null);
        String features = f.oneOf("features", CompositionFeatures.KNOWN, DEFAULT_FEATURES);
        int members = f.integer("members", 1, MAX_MEMBERS, 5);
        int folds = f.integer("folds", 2, 10, 5);
        int search = f.integer("search_seconds", 0, 600, 20);
        boolean priv = f.bool("private", false);
        Boolean hurdle = f.optionalBool("hurdle");
        if (Boolean.TRUE.equals(hurdle) && task == Task.CLASSIFICATION) {
            f.problem("hurdle", "is for regression targets only");
        }
        List<Double> range = null;
        double[] tr = f.numbers("target_range", 2, -Double.MAX_VALUE, Double.MAX_VALUE);
        if (tr != null && (tr.length != 2 || !(tr[1] > tr[0]))) {
            f.problem("target_range", "must be [low, high]: two finite numbers, low < high");
        } else if (tr != null) {
            range = List.of(tr[0], tr[1]);
        }
        String name = f.optionalText("name", 200);
        if (name != null && name.isBlank()) {
            f.problem("name", "must be 1-200 characters");
        }
        f.done();
        return new TrainRequest(name == null ? null : name.strip(), List.copyOf(datasets), target.strip(), task, features, members, folds,
                search, priv, hurdle, range);
    }

    /** Most datasets one model learns from: enough for any study, bounded work for a hostile list. */
    private static final int MAX_DATASETS = 1000;

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
}
