package org.matdx.informatics;

import java.time.Duration;
import java.util.List;
import org.matdx.core.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Training as one pipeline: featurise, a time-boxed hyper-parameter search, k-fold
 * cross-validation of the chosen recipe, then the final ensemble on all rows.
 */
public final class ModelTrainer {
    private final int threads;
    private final long seed;

    public ModelTrainer(int threads, long seed) {
        this.threads = threads;
        this.seed = seed;
    }

    /** Where training has got to; returning false from {@link #step} stops it. */
    public interface Progress {
        boolean step(double fraction, String stage);
    }

    public record Trained(BoostedModel model, Recipe recipe, CompositionFeatures features, HyperSearch.Outcome search,
                          CrossValidation.Result cv) {
    }

    public Trained train(TrainRequest asked, TrainingData data, Progress progress) {
        TrainRequest req = asked.resolved(data.task());
        CompositionFeatures features = CompositionFeatures.byId(req.features());
        var names = features.featureSet().names();
        Matrix x = new Matrix(features.matrix(data.compositions(), data.structures()), data.y().length,
                features.featureSet().size());
        boolean hurdle = req.hurdle() != null ? req.hurdle()
                : req.task() == Task.REGRESSION && Recipe.zeroInflated(data.y());
        Recipe recipe = new Recipe(req.task(), BoostParams.DEFAULT, req.members(), hurdle);
        HyperSearch.Outcome search = null;
        if (req.searchSeconds() > 0) {
            progress.step(0.02, "searching hyper-parameters");
            search = HyperSearch.run(recipe, names, x, data.y(), Duration.ofSeconds(req.searchSeconds()),
                    HyperSearch.CANDIDATES.size(), threads, seed, f -> progress.step(0.02 + 0.3 * f, "searching hyper-parameters"));
            recipe = recipe.withParams(search.best());
        }
        int[] fold = CrossValidation.assign(data.y().length, req.folds(), seed);
        Recipe chosen = recipe;
        CrossValidation.Result cv = CrossValidation.run(chosen, names, x, data.y(), fold, threads, seed,
                f -> progress.step(0.32 + 0.5 * f, req.folds() + "-fold cross-validation"));
        BoostedModel model = BoostedModel.train(chosen, names, x, data.y(), threads, seed,
                f -> progress.step(0.82 + 0.18 * f, "training the final ensemble"));
        return new Trained(model, chosen, features, search, cv);
    }

    /**
     * The cross-validation record of a model card; with {@code actual} and {@code labels} (one per
     * training row) it also keeps each row's out-of-fold prediction as columns
     * ({@code out_of_fold: {actual, predicted, formula}}) so the card can draw a parity plot.
     */
    static ObjectNode cvJson(CrossValidation.Result cv, double[] actual, List<String> labels) {
        ObjectNode n = cvJson(cv);
        if (actual != null && cv.outOfFold() != null && actual.length == cv.outOfFold().length && labels.size() == actual.length) {
            ObjectNode rows = n.putObject("out_of_fold");
            var a = rows.putArray("actual");
            var p = rows.putArray("predicted");
            var f = rows.putArray("formula");
            for (int i = 0; i < actual.length; i++) {
                a.add(actual[i]);
                p.add(cv.outOfFold()[i]);
                f.add(labels.get(i));
            }
        }
        return n;
    }

    static ObjectNode cvJson(CrossValidation.Result cv) {
        ObjectNode n = Json.object().put("folds", cv.folds().size());
        if (cv.calibration().fitted()) {
            n.put("uncertainty_scale", cv.uncertaintyScale());
            n.set("uncertainty_calibration", cv.calibration().toJson());
        }
        ObjectNode s = n.putObject("summary");
        cv.summary().forEach((k, v) -> s.putObject(k).put("mean", v.mean()).put("std", v.std()));
        var per = n.putArray("per_fold");
        for (CrossValidation.Fold f : cv.folds()) {
            ObjectNode o = per.addObject().put("fold", f.index()).put("test_rows", f.testRows());
            f.scores().forEach(o::put);
        }
        return n;
    }

    static ObjectNode searchJson(HyperSearch.Outcome s) {
        ObjectNode n = Json.object();
        if (s == null) {
            return n.put("ran", false);
        }
        n.put("ran", true).put("metric", s.metric()).put("all_candidates_tried", s.exhausted());
        var trials = n.putArray("trials");
        for (HyperSearch.Trial t : s.trials()) {
            ObjectNode o = trials.addObject();
            o.set("params", Json.MAPPER.valueToTree(t.params().describe()));
            o.put("score", t.score());
        }
        return n;
    }
}
