package org.matdx.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.matdx.core.Json;
import org.matdx.informatics.BoostParams;
import org.matdx.informatics.CompositionFeatures;
import org.matdx.informatics.Matbench;
import org.matdx.informatics.Metrics;
import org.matdx.informatics.Recipe;
import org.matdx.informatics.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** {@code matdx bench matbench}: the Matbench v0.1 protocol on a composition → target table. */
@Command(name = "matbench", description = {
        "Reproduce the Matbench v0.1 protocol: train on four folds, test on the fifth, report mean and population",
        "std of the score (MAE for regression, ROC-AUC for classification). Checks the Dummy score first.",
        "Example: matdx bench matbench --data ../shared/data/matbench/matbench_expt_gap.csv \\",
        "           --folds ../shared/data/matbench/matbench_expt_gap_folds.json"})
final class MatbenchCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "CSV with a composition column and the target last.")
    Path data;

    @Option(names = "--folds", required = true, paramLabel = "FILE.json", description = "Test ids of each fold ({\"test_folds\": {\"fold_0\": [...]}}).")
    Path folds;

    @Option(names = "--task", paramLabel = "regression|classification",
            description = "The task; by default classification when every target is a yes/no label (true/false, yes/no, 0/1), else regression.")
    String task;

    @Option(names = "--features", defaultValue = "magpie+oxidation+fractions",
            description = "magpie, magpie+fractions, magpie+oxidation or magpie+oxidation+fractions (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--members", defaultValue = "3", description = "Ensemble members (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--rounds", description = "Trees per booster (default: " + 500 + ").")
    Integer rounds;

    @Option(names = "--no-hurdle", description = "Do not put a zero/non-zero classifier in front of zero-inflated targets.")
    boolean noHurdle;

    @Option(names = "--threads", description = "XGBoost threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--json", description = "Print per-fold and summary scores as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        for (Path f : new Path[] {data, folds}) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no file '" + f + "'");
            }
        }
        Matbench.Data d = Matbench.load(data, folds, task == null ? null : Task.of(task));
        double dummy = Matbench.dummy(d);
        Double published = Matbench.PUBLISHED_DUMMY.get(d.task());
        String metric = d.kind() == Task.REGRESSION ? "MAE" : "ROC-AUC";
        if (!json) {
            System.out.printf(Locale.ROOT, "%s: %d rows, %d folds, %s%s; Dummy %s %.4f%s%n", d.task(), d.ids().size(),
                    d.testFolds().size(), d.kind().code(), d.kindInferred()
                            ? " (inferred: " + Task.inferredBecause(d.kind()) + "; --task to override)" : " (--task)",
                    metric, dummy,
                    published == null ? " (no published Dummy figure known for this task)"
                            : String.format(Locale.ROOT, " (published %.4f: %s)", published,
                            Math.abs(dummy - published) < 5e-5 ? "reproduced" : "MISMATCH"));
        }
        if (published != null && Math.abs(dummy - published) >= 5e-5) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "the Dummy score is %.4f but Matbench publishes %.4f: the data or folds are not the official ones", dummy, published));
        }
        BoostParams p = rounds == null ? BoostParams.DEFAULT : BoostParams.DEFAULT.withRounds(rounds);
        Recipe recipe = new Recipe(d.kind(), p, members, d.kind() == Task.REGRESSION && !noHurdle);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Matbench.Report r = Matbench.run(d, CompositionFeatures.byId(features), recipe, t, 20160826L, (done, total, s) -> {
            if (!json) {
                System.out.printf(Locale.ROOT, "fold %d/%d: %s (train %d, test %d, %.1f s)%n", done, total, scores(s.scores()),
                        s.trainRows(), s.testRows(), s.seconds());
            }
        });
        if (json) {
            ObjectNode n = Json.object().put("task", r.task()).put("kind", r.kind().code())
                    .put("kind_inferred", d.kindInferred()).put("rows", r.rows())
                    .put("features", r.featureSet()).put("dummy", r.dummy()).put("seconds", r.seconds()).put("threads", t);
            if (published != null) {
                n.put("published_dummy", published);
            }
            n.set("recipe", Json.MAPPER.valueToTree(recipe.describe()));
            var fs = n.putArray("folds");
            for (Matbench.FoldScore s : r.folds()) {
                ObjectNode o = fs.addObject().put("fold", s.fold()).put("train_rows", s.trainRows()).put("test_rows", s.testRows())
                        .put("seconds", s.seconds());
                s.scores().forEach(o::put);
            }
            ObjectNode sum = n.putObject("summary");
            r.summary().forEach((k, v) -> sum.putObject(k).put("mean", v.mean()).put("std", v.std()));
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        } else {
            String key = r.summary().keySet().iterator().next();
            Metrics.Summary s = r.summary().get(key);
            System.out.printf(Locale.ROOT, "%s %s: %.4f ± %.4f (mean ± population std over %d folds); %s%n",
                    r.featureSet(), metric, s.mean(), s.std(), r.folds().size(), scores(summaryMeans(r)));
            System.out.printf(Locale.ROOT, "train + evaluate: %.1f s on %d thread(s)%n", r.seconds(), t);
        }
        return 0;
    }

    private static Map<String, Double> summaryMeans(Matbench.Report r) {
        Map<String, Double> m = new LinkedHashMap<>();
        r.summary().forEach((k, v) -> m.put(k, v.mean()));
        return m;
    }

    private static String scores(Map<String, Double> s) {
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k.toUpperCase(Locale.ROOT)).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return b.toString();
    }
}
