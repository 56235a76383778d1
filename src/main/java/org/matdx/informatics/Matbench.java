package org.matdx.informatics;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.matdx.core.Composition;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;

/**
 * The Matbench v0.1 protocol (Dunn et al., npj Comput. Mater. 6, 138 (2020)) on a
 * {@code composition,target} table: each fold of the folds file names its <em>test</em> rows; a
 * model is trained on the other rows and scored on them; the task's score is the mean and the
 * population standard deviation over the folds. Before the model, a Dummy predictor (the training
 * mean, or the training share of positives) is scored the same way, and compared with the
 * leaderboard's figure where one is known, so a broken split shows up at once.
 */
public final class Matbench {
    /** Published Dummy scores (matbench.materialsproject.org, v0.1) by task name. */
    public static final Map<String, Double> PUBLISHED_DUMMY = Map.of("matbench_expt_gap", 1.1435);

    /** A benchmark table: row ids, compositions and targets, and the test ids of each fold. */
    public record Data(String task, Task kind, boolean kindInferred, List<String> ids, List<Composition> compositions, double[] y,
                       List<List<String>> testFolds) {
    }

    public record FoldScore(int fold, int trainRows, int testRows, Map<String, Double> scores, double seconds) {
    }

    public record Report(String task, Task kind, int rows, double dummy, Double publishedDummy,
                         List<FoldScore> folds, Map<String, Metrics.Summary> summary, Recipe recipe,
                         String featureSet, double seconds) {
    }

    private Matbench() {
    }

    /**
     * Reads the table and the folds. The table has a header; its composition column is called
     * {@code composition} or {@code formula}, its target is the last column, and an id column
     * ({@code mbid}, {@code id}, or the first column when there are three) names rows; without one,
     * rows are named by their 0-based index. The task is inferred from the targets ({@link Task#infer}:
     * yes/no labels — true/false, yes/no, 0/1 — make it classification) unless {@code requested} names it.
     */
    public static Data load(Path csv, Path folds, Task requested) throws IOException {
        List<String> ids = new ArrayList<>();
        List<Composition> comps = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException(csv + ": the file is empty");
            }
            String[] cols = header.strip().replace("\uFEFF", "").split(",", -1);
            int comp = -1;
            int id = -1;
            for (int i = 0; i < cols.length; i++) {
                String c = cols[i].strip().toLowerCase(Locale.ROOT);
                if (c.equals("composition") || c.equals("formula")) {
                    comp = i;
                } else if (c.equals("mbid") || c.equals("id")) {
                    id = i;
                }
            }
            if (comp < 0) {
                throw new IllegalArgumentException(csv + ": line 1: no 'composition' or 'formula' column in the header");
            }
            if (id < 0 && cols.length == 3 && comp != 0) {
                id = 0;
            }
            int target = cols.length - 1;
            if (target == comp || target == id) {
                throw new IllegalArgumentException(csv + ": line 1: the last column must be the target");
            }
            String line;
            int no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != cols.length) {
                    throw new IllegalArgumentException(csv + ": line " + no + ": expected " + cols.length
                            + " columns, found " + cells.length);
                }
                try {
                    comps.add(Composition.parse(cells[comp].strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(csv + ": line " + no + ": composition '" + cells[comp] + "': "
                            + e.getMessage());
                }
                ids.add(id >= 0 ? cells[id].strip() : Integer.toString(ids.size()));
                targets.add(cells[target].strip());
            }
        }
        double[] y = new double[targets.size()];
        Task kind = requested;
        if (kind == null) {
            boolean labels = targets.stream().allMatch(t -> Task.label(t) != null);
            boolean words = targets.stream().anyMatch(t -> Task.label(t) != null && !isNumber(t));
            for (int i = 0; i < y.length && labels; i++) {
                y[i] = Task.label(targets.get(i));
            }
            kind = labels && (words || Task.infer(y) == Task.CLASSIFICATION) ? Task.CLASSIFICATION : Task.REGRESSION;
            if (words && !labels) { // true/false among other values: name the odd one out, not the first label
                for (int i = 0; i < targets.size(); i++) {
                    if (Task.label(targets.get(i)) == null) {
                        throw new IllegalArgumentException(csv + ": line " + (i + 2) + ": target '" + targets.get(i)
                                + "' is not a yes/no label (true/false, yes/no, 1/0) like the other rows' targets");
                    }
                }
            }
        }
        for (int i = 0; i < y.length; i++) {
            String t = targets.get(i);
            if (kind == Task.CLASSIFICATION) {
                Double v = Task.label(t);
                if (v == null) {
                    throw new IllegalArgumentException(csv + ": line " + (i + 2) + ": target '" + t
                            + "' is not a yes/no label (true/false, yes/no, 1/0), which a classification task needs");
                }
                y[i] = v;
            } else {
                try {
                    y[i] = Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(csv + ": line " + (i + 2) + ": target '" + t + "' is not a number"
                            + (Task.label(t) != null ? " (yes/no targets make a classification task: --task classification)" : ""));
                }
                if (!Double.isFinite(y[i])) {
                    throw new IllegalArgumentException(csv + ": line " + (i + 2) + ": target '" + t + "' is not finite");
                }
            }
        }
        if (kind == Task.CLASSIFICATION && Task.infer(y) != Task.CLASSIFICATION) {
            throw new IllegalArgumentException(csv + ": every target is " + (y.length > 0 && y[0] == 1 ? "yes" : "no")
                    + "; a classification task needs both classes");
        }
        JsonNode f;
        try {
            f = Json.read(Files.readString(folds, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(folds + ": not valid JSON: " + e.getMessage());
        }
        JsonNode foldNode = f.has("test_folds") ? f.get("test_folds") : f;
        List<List<String>> testFolds = new ArrayList<>();
        if (foldNode.isObject()) {
            foldNode.propertyNames().stream().sorted().forEach(k -> testFolds.add(strings(foldNode.get(k))));
        } else if (foldNode.isArray()) {
            foldNode.forEach(n -> testFolds.add(strings(n)));
        }
        if (testFolds.size() < 2) {
            throw new IllegalArgumentException(folds + ": expected at least two folds under \"test_folds\"");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (index.put(ids.get(i), i) != null) {
                throw new IllegalArgumentException(csv + ": line " + (i + 2) + ": row id '" + ids.get(i) + "' appears twice");
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < testFolds.size(); k++) {
            for (String id : testFolds.get(k)) {
                if (!index.containsKey(id)) {
                    throw new IllegalArgumentException(folds + ": fold " + k + " names row '" + id + "', which " + csv + " does not have");
                }
                Integer before = seen.put(id, k);
                if (before != null) {
                    throw new IllegalArgumentException(folds + ": row '" + id + "' is in the test set of folds " + before + " and " + k);
                }
            }
        }
        String task = f.path("task").isString() ? f.path("task").asString() : csv.getFileName().toString().replaceFirst("\\.csv$", "");
        return new Data(task, kind, requested == null, List.copyOf(ids), List.copyOf(comps), y, List.copyOf(testFolds));
    }

    /** Infers the task from the targets. */
    public static Data load(Path csv, Path folds) throws IOException {
        return load(csv, folds, null);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> s = new ArrayList<>();
        n.forEach(x -> s.add(x.asString()));
        return s;
    }

    /** Fold membership per row: the fold whose test set holds it, or -1 (always training). */
    static int[] foldOf(Data d) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < d.ids().size(); i++) {
            index.put(d.ids().get(i), i);
        }
        int[] fold = new int[d.ids().size()];
        Arrays.fill(fold, -1);
        for (int k = 0; k < d.testFolds().size(); k++) {
            for (String id : d.testFolds().get(k)) {
                fold[index.get(id)] = k;
            }
        }
        return fold;
    }

    /** The Dummy score: predict the training mean (regression: MAE) or the training share of positives (ROC-AUC). */
    public static double dummy(Data d) {
        int[] fold = foldOf(d);
        double[] scores = new double[d.testFolds().size()];
        for (int k = 0; k < scores.length; k++) {
            final int kk = k;
            int[] train = IntStream.range(0, fold.length).filter(i -> fold[i] != kk).toArray();
            int[] test = IntStream.range(0, fold.length).filter(i -> fold[i] == kk).toArray();
            double mean = Arrays.stream(CrossValidation.pick(d.y(), train)).average().orElse(0);
            double[] yt = CrossValidation.pick(d.y(), test);
            double[] p = new double[test.length];
            Arrays.fill(p, mean);
            scores[k] = d.kind() == Task.REGRESSION ? Metrics.mae(yt, p) : Metrics.rocAuc(yt, p);
        }
        return Metrics.Summary.of(scores).mean();
    }

    /** Listener for fold-level progress. */
    public interface Progress {
        void fold(int done, int total, FoldScore score);
    }

    /** Scores the recipe under the protocol; compositions are featurised once for all folds. */
    public static Report run(Data d, CompositionFeatures features, Recipe base, int threads, long seed, Progress progress) {
        long start = System.nanoTime();
        double dummy = dummy(d);
        Matrix x = new Matrix(features.matrix(d.compositions()), d.compositions().size(), features.featureSet().size());
        int[] fold = foldOf(d);
        List<FoldScore> scores = new ArrayList<>();
        for (int k = 0; k < d.testFolds().size(); k++) {
            long t0 = System.nanoTime();
            final int kk = k;
            int[] train = IntStream.range(0, fold.length).filter(i -> fold[i] != kk).toArray();
            int[] test = IntStream.range(0, fold.length).filter(i -> fold[i] == kk).toArray();
            double[] yTrain = CrossValidation.pick(d.y(), train);
            double[] yTest = CrossValidation.pick(d.y(), test);
            Recipe r = d.kind() == Task.REGRESSION
                    ? new Recipe(Task.REGRESSION, base.params(), base.members(), base.hurdle() && Recipe.zeroInflated(yTrain))
                    : new Recipe(Task.CLASSIFICATION, base.params(), base.members(), false);
            try (BoostedModel m = BoostedModel.train(r, features.featureSet().names(), x.rows(train), yTrain, threads,
                    seed + k, BoostedModel.Listener.NONE)) {
                double[] p = m.predict(x.rows(test)).value();
                FoldScore s = new FoldScore(k, train.length, test.length, Metrics.of(d.kind(), yTest, p),
                        (System.nanoTime() - t0) / 1e9);
                scores.add(s);
                progress.fold(k + 1, d.testFolds().size(), s);
            }
        }
        Map<String, Metrics.Summary> summary = new LinkedHashMap<>();
        for (String key : scores.get(0).scores().keySet()) {
            summary.put(key, Metrics.Summary.of(scores.stream().mapToDouble(s -> s.scores().get(key)).toArray()));
        }
        return new Report(d.task(), d.kind(), d.ids().size(), dummy, PUBLISHED_DUMMY.get(d.task()), scores, summary,
                base, features.featureSet().label(), (System.nanoTime() - start) / 1e9);
    }
}
