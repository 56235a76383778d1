package org.matdx.informatics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.matdx.core.Json;
import org.matdx.privacy.DpGbdt;
import org.matdx.privacy.FeatureBins;
import org.matdx.privacy.Mechanisms;
import org.matdx.privacy.MembershipAttack;
import org.matdx.privacy.PrivacyLedger;
import org.matdx.privacy.PrivateTrees;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Training for a model fed by model-use-only data: differentially private boosting ({@link DpGbdt})
 * over the composition features, split on {@link ReferenceCompositions} edges, then an uncertainty
 * that does not depend on whether a composition was a training row (a private quantile of the
 * released model's absolute errors in three bands of the predicted value), and a resolution the
 * outputs are rounded to. The utility cost — the private learner's cross-validated error next to
 * the ordinary one — is for the card's full viewers only and spends no budget (nobody else sees it).
 */
public final class PrivateTraining {
    /**
     * ε when the dataset's owner chose none (with δ = {@link DpGbdt#delta}): on matbench_expt_gap the
     * private learner's MAE at ε = 2 is within a few hundredths of eV of what it reaches without noise
     * (docs/BENCHMARKS.md), while the attack harness measures membership AUC near 0.5.
     */
    public static final double DEFAULT_EPSILON = 2.0;
    /** Fewest rows a model-use-only input may lend: below, a private model learns nothing useful and its noise dominates. */
    public static final int MIN_ROWS = 20;
    /** Share of ε spent on the uncertainty bands; the rest trains the model. */
    static final double UNCERTAINTY_SHARE = 0.1;
    static final int BANDS = 3;
    /**
     * Rows a band should expect before its quantile means anything: at ε/10 the exponential mechanism
     * over 200 candidates is nearly uniform on a band of eight rows (the demo's 24 rows in thirds
     * reported 0.1 eV where the held-out error is ~0.6 eV). Fewer rows, fewer bands; the row count
     * already sets the trees' depth, so this reveals nothing new.
     */
    static final int ROWS_PER_BAND = 100;
    private static final double COVERAGE = 0.6827;

    /** A trained private model and what its card says about it. */
    public record Result(PrivateTrees model, DpGbdt.Settings settings, int openRows, double resolution, ObjectNode uncertainty,
                         ArrayNode ledger, ObjectNode crossValidation, ObjectNode utility) {
        /** The learner as the card states it. */
        public Map<String, Object> describe() {
            return settings.describe(openRows);
        }
    }

    private PrivateTraining() {
    }

    /**
     * @param open  per row of {@code data}: whether anyone may read it (a public dataset's row); those
     *              grow the splits and need no protection ({@link DpGbdt}), every other row is protected
     * @param noise production: {@link Mechanisms#secure()}; the cross-validation runs on its own seeded noise
     */
    public static Result train(TrainRequest req, TrainingData data, boolean[] open, double epsilon, Mechanisms noise,
                               int threads, long seed, ModelTrainer.Progress progress) {
        CompositionFeatures features = CompositionFeatures.byId(req.features());
        int cols = features.featureSet().size();
        int n = data.y().length;
        float[] x = features.matrix(data.compositions(), data.structures());
        FeatureBins bins = ReferenceCompositions.bins(features);
        double[] range = req.targetRange() != null ? new double[] {req.targetRange().get(0), req.targetRange().get(1)}
                : req.task() == Task.CLASSIFICATION ? new double[] {0, 1} : null;
        DpGbdt.Loss loss = req.task() == Task.CLASSIFICATION ? DpGbdt.Loss.SQUARED : DpGbdt.Loss.HUBER;
        if (open.length != n) {
            throw new IllegalArgumentException(n + " rows but " + open.length + " open/protected flags");
        }
        int openRows = count(open);
        DpGbdt.Settings settings = DpGbdt.Settings.standard(n, openRows, epsilon * (1 - UNCERTAINTY_SHARE), range, loss);

        progress.step(0.05, req.folds() + "-fold cross-validation of the private learner");
        int[] fold = CrossValidation.assign(n, req.folds(), seed);
        double[] outOfFold = new double[n];
        List<CrossValidation.Fold> folds = new ArrayList<>();
        ObjectNode attack = null;
        for (int f = 0; f < req.folds(); f++) {
            final int ff = f;
            int[] train = IntStream.range(0, n).filter(i -> fold[i] != ff).toArray();
            int[] test = IntStream.range(0, n).filter(i -> fold[i] == ff).toArray();
            boolean[] trainOpen = pick(open, train);
            PrivateTrees m = DpGbdt.train(rows(x, train, cols), train.length, cols, CrossValidation.pick(data.y(), train),
                    trainOpen, bins, DpGbdt.Settings.standard(train.length, count(trainOpen), settings.epsilon(), range, loss),
                    Mechanisms.seeded(seed + f), new PrivacyLedger());
            double[] p = m.predict(rows(x, test, cols), test.length, cols);
            for (int i = 0; i < test.length; i++) {
                outOfFold[test[i]] = p[i];
            }
            if (f == 0) {
                // the attack is on the protected rows (public ones are known to be training rows anyway),
                // unless a side holds none of them: a few lent rows among many may miss the first fold
                int[] members = protectedOnly(train, open);
                int[] outsiders = IntStream.range(0, test.length).filter(i -> !open[test[i]]).toArray();
                if (members.length == 0 || outsiders.length == 0) {
                    members = train;
                    outsiders = IntStream.range(0, test.length).toArray();
                }
                int[] out = outsiders;
                attack = selfAttack(data.y(), members, m.predict(rows(x, members, cols), members.length, cols),
                        Arrays.stream(out).map(i -> test[i]).toArray(), Arrays.stream(out).mapToDouble(i -> p[i]).toArray());
            }
            folds.add(new CrossValidation.Fold(f, test.length, Metrics.of(req.task(), CrossValidation.pick(data.y(), test), p)));
            progress.step(0.05 + 0.4 * (f + 1) / req.folds(), req.folds() + "-fold cross-validation of the private learner");
        }
        CrossValidation.Result cv = new CrossValidation.Result(folds, CrossValidation.summarise(folds), Calibration.NONE, outOfFold);
        ObjectNode cvJson = ModelTrainer.cvJson(cv, data.y(), data.compositions().stream().map(c -> c.reducedFormula()).toList());

        progress.step(0.45, "cross-validation without privacy, for comparison");
        Matrix mx = new Matrix(x, n, cols);
        boolean hurdle = req.task() == Task.REGRESSION && Recipe.zeroInflated(data.y());
        CrossValidation.Result ordinary = CrossValidation.run(new Recipe(req.task(), BoostParams.DEFAULT, req.members(), hurdle),
                features.featureSet().names(), mx, data.y(), fold, threads, seed, fr -> progress.step(0.45 + 0.35 * fr,
                        "cross-validation without privacy, for comparison"));
        ObjectNode utility = Json.object().put("epsilon", epsilon).put("metric", cv.summary().keySet().iterator().next());
        utility.put("private", cv.primary()).put("non_private", ordinary.primary())
                .put("ratio", cv.primary() / ordinary.primary())
                .put("note", "cross-validated on the same folds; the non-private figure is what an ordinary MatDX model "
                        + "would reach (it is not served)");
        utility.put("public_rows", openRows).put("protected_rows", n - openRows);
        utility.set("attack", attack);

        progress.step(0.8, "training the private model");
        PrivacyLedger ledger = new PrivacyLedger();
        PrivateTrees model = DpGbdt.train(x, n, cols, data.y(), open, bins, settings, noise, ledger);
        // all rows, public ones included: a lender of 24 rows would otherwise get a band drawn nearly at
        // random; splits grown on the public rows fit those somewhat closer than unseen compositions, so
        // the bands lean optimistic there (docs/access.md)
        double[] fitted = model.predict(x, n, cols);
        ObjectNode uncertainty = uncertainty(model, data.y(), fitted, epsilon * UNCERTAINTY_SHARE, noise, ledger);
        double smallest = Double.POSITIVE_INFINITY;
        for (var b : uncertainty.path("bands")) {
            smallest = Math.min(smallest, b.path("uncertainty").asDouble());
        }
        double resolution = resolution(smallest, model.high() - model.low());
        ArrayNode spends = Json.MAPPER.createArrayNode();
        for (PrivacyLedger.Spend s : ledger.spends()) {
            spends.addObject().put("what", s.what()).put("epsilon", s.epsilon()).put("delta", s.delta()).put("composition", s.how());
        }
        progress.step(1, "done");
        return new Result(model, settings, openRows, resolution, uncertainty, spends, cvJson, utility);
    }

    /**
     * Bands of the predicted value (equal parts of the model's range, fixed before looking at any row, as
     * many as {@link #bands} allows for the row count, at most thirds); in
     * each, the 68.27 % quantile of |y − ŷ| over the training rows whose prediction falls there, by the
     * exponential mechanism. Each row is in one band (parallel composition), so the whole costs ε once.
     * The quantile is of the released model's errors on its own rows: private training barely fits
     * individual rows, which is the point, so these are close to held-out errors.
     */
    static ObjectNode uncertainty(PrivateTrees model, double[] y, double[] fitted, double epsilon, Mechanisms noise,
                                  PrivacyLedger ledger) {
        int count = bands(y.length);
        double lo = model.low();
        double width = (model.high() - lo) / count;
        double[] grid = new double[200];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (model.high() - lo) * (i + 1) / grid.length;
        }
        ObjectNode out = Json.object().put("coverage", COVERAGE)
                .put("method", "private 68.27 % quantile of absolute errors per band of the predicted value");
        ArrayNode bands = out.putArray("bands");
        for (int b = 0; b < count; b++) {
            List<Double> err = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (band(fitted[i], lo, width, count) == b) {
                    err.add(Math.abs(y[i] - fitted[i]));
                }
            }
            double q = noise.quantile(err.stream().mapToDouble(Double::doubleValue).toArray(), COVERAGE, grid, epsilon);
            bands.addObject().put("from", lo + b * width).put("to", lo + (b + 1) * width).put("uncertainty", q);
        }
        ledger.spend("uncertainty per band (exponential mechanism)", epsilon, "bands hold disjoint rows (parallel)");
        return out;
    }

    static int bands(int rows) {
        return Math.max(1, Math.min(BANDS, rows / ROWS_PER_BAND));
    }

    static int band(double prediction, double lo, double width, int bands) {
        return Math.max(0, Math.min(bands - 1, (int) Math.floor((prediction - lo) / width)));
    }

    /** The largest step of 1, 2 or 5 × 10^k not above a quarter of the smallest uncertainty (and not below 1/1000 of the range). */
    static double resolution(double smallestUncertainty, double range) {
        double target = Math.max(smallestUncertainty / 4, range / 1000);
        double p = Math.pow(10, Math.floor(Math.log10(target)));
        for (double m : new double[] {5, 2, 1}) {
            if (m * p <= target) {
                return m * p;
            }
        }
        return p;
    }

    /**
     * The private learner under the Matbench protocol (official folds), at {@code epsilon} with the
     * same share for the uncertainty set aside as in training: MAE of each fold on its test rows.
     */
    public static double[] matbench(Matbench.Data d, CompositionFeatures features, double epsilon, double[] range, long seed) {
        return matbench(d, features, epsilon, range, seed, 0, false);
    }

    /**
     * As {@link #matbench(Matbench.Data, CompositionFeatures, double, double[], long)} with a share of
     * each training fold taken as public (drawn at random, seeded by the fold): its rows grow the
     * splits ({@link DpGbdt}); the rest are protected. {@code openOnly}: the attacker's baseline —
     * the same learner on the public rows alone (nothing to protect, so without noise to speak of).
     */
    public static double[] matbench(Matbench.Data d, CompositionFeatures features, double epsilon, double[] range, long seed,
                                    double openShare, boolean openOnly) {
        int cols = features.featureSet().size();
        float[] x = features.matrix(d.compositions());
        FeatureBins bins = ReferenceCompositions.bins(features);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < d.ids().size(); i++) {
            index.put(d.ids().get(i), i);
        }
        double[] mae = new double[d.testFolds().size()];
        for (int k = 0; k < mae.length; k++) {
            boolean[] test = new boolean[d.y().length];
            d.testFolds().get(k).forEach(id -> test[index.get(id)] = true);
            int[] tr = IntStream.range(0, test.length).filter(i -> !test[i]).toArray();
            int[] te = IntStream.range(0, test.length).filter(i -> test[i]).toArray();
            boolean[] open = new boolean[tr.length];
            int opened = (int) Math.round(openShare * tr.length);
            int[] order = shuffled(tr.length, seed + 1000 + k);
            for (int i = 0; i < opened; i++) {
                open[order[i]] = true;
            }
            boolean[] flags = open;
            if (openOnly) {
                int[] all = tr;
                tr = IntStream.range(0, all.length).filter(i -> open[i]).map(i -> all[i]).toArray();
                flags = new boolean[tr.length];
                Arrays.fill(flags, true);
            }
            DpGbdt.Settings s = DpGbdt.Settings.standard(tr.length, count(flags),
                    (openOnly ? 1e6 : epsilon) * (1 - UNCERTAINTY_SHARE), range, DpGbdt.Loss.HUBER);
            PrivateTrees m = DpGbdt.train(rows(x, tr, cols), tr.length, cols, CrossValidation.pick(d.y(), tr), flags, bins, s,
                    Mechanisms.seeded(seed + k), new PrivacyLedger());
            mae[k] = Metrics.mae(CrossValidation.pick(d.y(), te), m.predict(rows(x, te, cols), te.length, cols));
        }
        return mae;
    }

    /**
     * The attack of {@link MembershipAttack} on the first fold's private model, which knows its
     * training rows (members) and not the fold's (non-members): the attacker knows every true value
     * and scores membership by the error. For the owner: how well this model hides its own rows.
     */
    static ObjectNode selfAttack(double[] y, int[] train, double[] trainPred, int[] test, double[] testPred) {
        List<MembershipAttack.Candidate> c = new ArrayList<>();
        List<MembershipAttack.Answer> a = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            c.add(new MembershipAttack.Candidate("", y[train[i]], true));
            a.add(new MembershipAttack.Answer(trainPred[i], 1));
        }
        for (int i = 0; i < test.length; i++) {
            c.add(new MembershipAttack.Candidate("", y[test[i]], false));
            a.add(new MembershipAttack.Answer(testPred[i], 1));
        }
        MembershipAttack.Report r = MembershipAttack.score(c, a);
        return Json.object().put("membership_auc", r.aucByError()).put("members_recovered_within_5pct", r.recovered())
                .put("non_members_recovered_within_5pct", r.nonMembersRecovered())
                .put("method", "the first fold's private model: its training rows against the held-out fold, "
                        + "membership scored by the error against the true value (0.5: no better than a coin toss)");
    }

    static int count(boolean[] flags) {
        int k = 0;
        for (boolean b : flags) {
            k += b ? 1 : 0;
        }
        return k;
    }

    static boolean[] pick(boolean[] flags, int[] rows) {
        boolean[] o = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            o[i] = flags[rows[i]];
        }
        return o;
    }

    static int[] protectedOnly(int[] rows, boolean[] open) {
        return Arrays.stream(rows).filter(r -> !open[r]).toArray();
    }

    /** 0 … n−1 in a seeded random order. */
    static int[] shuffled(int n, long seed) {
        int[] o = IntStream.range(0, n).toArray();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    static float[] rows(float[] x, int[] rows, int cols) {
        float[] o = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x, rows[i] * cols, o, i * cols, cols);
        }
        return o;
    }
}
