package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Boosted ensembles, metrics and cross-validation on synthetic data with a known answer. */
class LearningTest {
    static final List<String> NAMES = List.of("x1", "x2", "noise");

    /** y = 3·sin(x1) + x2², with a third column that carries nothing. */
    static Matrix features(int n, long seed, double[] y) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double x1 = r.nextDouble(-3, 3);
            double x2 = r.nextDouble(-2, 2);
            v[3 * i] = (float) x1;
            v[3 * i + 1] = (float) x2;
            v[3 * i + 2] = (float) r.nextDouble();
            y[i] = 3 * Math.sin(x1) + x2 * x2;
        }
        return new Matrix(v, n, 3);
    }

    static final Recipe FAST = new Recipe(Task.REGRESSION, new BoostParams(200, 4, 0.1, 0.8, 1.0, 1, 1), 3, false);

    @Test
    void metricsMatchHandComputedValues() {
        double[] y = {1, 2, 3, 4};
        double[] p = {1.5, 2, 2, 5};
        assertThat(Metrics.mae(y, p)).isEqualTo(0.625);
        assertThat(Metrics.rmse(y, p)).isCloseTo(Math.sqrt(2.25 / 4), within(1e-12));
        assertThat(Metrics.r2(y, p)).isCloseTo(1 - 2.25 / 5, within(1e-12));
        // positives score 0.8, 0.4; negatives 0.4, 0.1: pairs won 1 + 0.5 (tie) + 1 + 1 of 4
        double[] cls = {1, 1, 0, 0};
        double[] s = {0.8, 0.4, 0.4, 0.1};
        assertThat(Metrics.rocAuc(cls, s)).isEqualTo(0.875);
        assertThat(Metrics.f1(cls, s)).isCloseTo(2.0 / 3, within(1e-12)); // tp 1, fn 1, fp 0
        assertThat(Metrics.Summary.of(new double[] {1, 3}).std()).isEqualTo(1); // population std
    }

    @Test
    void crossValidationLearnsAKnownFunction() {
        double[] y = new double[600];
        Matrix x = features(600, 42, y);
        CrossValidation.Result r = CrossValidation.run(FAST, NAMES, x, y, CrossValidation.assign(600, 5, 7), 2, 1,
                BoostedModel.Listener.NONE);
        assertThat(r.folds()).hasSize(5);
        assertThat(r.folds().stream().mapToInt(CrossValidation.Fold::testRows).sum()).isEqualTo(600);
        // the target's spread is ~2.4; a working model gets within a tenth of that
        assertThat(r.summary().get("mae").mean()).isLessThan(0.25);
        assertThat(r.summary().get("r2").mean()).isGreaterThan(0.97);
        assertThat(r.summary().get("mae").std()).isLessThan(0.1);
        assertThat(r.primary()).isEqualTo(r.summary().get("mae").mean());
    }

    @Test
    void foldsAreDisjointAndBalanced() {
        int[] f = CrossValidation.assign(103, 5, 3);
        int[] count = new int[5];
        for (int k : f) {
            count[k]++;
        }
        assertThat(count).containsExactly(21, 21, 21, 20, 20);
        assertThat(CrossValidation.assign(103, 5, 3)).containsExactly(f); // same seed, same folds
    }

    @Test
    void ensembleGivesUncertaintyImportanceAndShapThatAddUp() {
        double[] y = new double[400];
        Matrix x = features(400, 5, y);
        try (BoostedModel m = BoostedModel.train(FAST, NAMES, x, y, 2, 11, BoostedModel.Listener.NONE)) {
            Matrix probe = new Matrix(new float[] {1.0f, 0.5f, 0.3f, 2.5f, -1.5f, 0.7f}, 2, 3);
            Predictions p = m.predict(probe);
            assertThat(p.value()[0]).isCloseTo(3 * Math.sin(1.0) + 0.25, within(0.35));
            assertThat(p.value()[1]).isCloseTo(3 * Math.sin(2.5) + 2.25, within(0.35));
            assertThat(p.std()[0]).isGreaterThan(0).isLessThan(0.5);
            // SHAP: contributions plus bias equal the prediction; the noise column matters least
            double[][] c = m.contributions(probe);
            for (int i = 0; i < 2; i++) {
                assertThat(c[i][0] + c[i][1] + c[i][2] + c[i][3]).isCloseTo(p.value()[i], within(1e-3));
            }
            Map<String, Double> imp = m.importance();
            assertThat(imp.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(imp.get("noise")).isLessThan(imp.get("x1")).isLessThan(0.1);
            // the artifact round-trips to the same predictions
            try (BoostedModel back = BoostedModel.fromBytes(m.toBytes())) {
                Predictions q = back.predict(probe);
                assertThat(q.value()).containsExactly(p.value());
                assertThat(q.std()).containsExactly(p.std());
                assertThat(back.featureNames()).isEqualTo(NAMES);
            }
        }
    }

    @Test
    void classifierSeparatesClassesAndHurdleKeepsZerosAtZero() {
        double[] raw = new double[500];
        Matrix x = features(500, 9, raw);
        double[] label = new double[raw.length];
        double[] gap = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            label[i] = raw[i] > 1 ? 1 : 0;
            gap[i] = Math.max(0, raw[i] - 1); // zero-inflated, like band gaps of metals
        }
        Recipe cls = new Recipe(Task.CLASSIFICATION, FAST.params(), 1, false);
        var r = CrossValidation.run(cls, NAMES, x, label, CrossValidation.assign(500, 4, 1), 2, 1, BoostedModel.Listener.NONE);
        assertThat(r.summary().get("roc_auc").mean()).isGreaterThan(0.97);
        assertThat(r.summary().get("f1").mean()).isGreaterThan(0.85);

        assertThat(Recipe.zeroInflated(gap)).isTrue();
        assertThat(Recipe.zeroInflated(raw)).isFalse(); // negative values
        Recipe hurdle = new Recipe(Task.REGRESSION, FAST.params(), 3, true);
        try (BoostedModel m = BoostedModel.train(hurdle, NAMES, x, gap, 2, 3, BoostedModel.Listener.NONE)) {
            // x1 = −1.5, x2 = 0: y = 3 sin(−1.5) < 1, so the gap is exactly 0
            Predictions p = m.predict(new Matrix(new float[] {-1.5f, 0f, 0.5f, 1.4f, 1.8f, 0.5f}, 2, 3));
            assertThat(p.value()[0]).isZero();
            assertThat(p.value()[1]).isCloseTo(3 * Math.sin(1.4) + 1.8 * 1.8 - 1, within(0.5));
        }
    }

    @Test
    void hyperParameterSearchAlwaysTriesTheDefaultAndPicksTheBest() {
        double[] y = new double[200];
        Matrix x = features(200, 13, y);
        HyperSearch.Outcome o = HyperSearch.run(FAST, NAMES, x, y, java.time.Duration.ofMinutes(5), 2, 2, 1,
                BoostedModel.Listener.NONE);
        assertThat(o.trials()).hasSize(2);
        assertThat(o.trials().get(0).params()).isEqualTo(BoostParams.DEFAULT);
        double best = o.trials().stream().mapToDouble(HyperSearch.Trial::score).min().orElseThrow();
        assertThat(o.trials().stream().filter(t -> t.params().equals(o.best())).findFirst().orElseThrow().score())
                .isEqualTo(best);
        HyperSearch.Outcome none = HyperSearch.run(FAST, NAMES, x, y, java.time.Duration.ZERO, 6, 2, 1,
                BoostedModel.Listener.NONE);
        assertThat(none.trials()).hasSize(1); // a zero budget still tries the default
        assertThat(none.exhausted()).isFalse();
    }

    @Test
    void uncertaintyIsCalibratedOnOutOfFoldErrors() {
        double[] y = new double[900];
        Matrix x = features(900, 21, y);
        SplittableRandom noise = new SplittableRandom(4);
        for (int i = 0; i < y.length; i++) {
            y[i] += 0.4 * gaussian(noise); // measurement noise the ensemble spread alone does not see
        }
        int[] train = java.util.stream.IntStream.range(0, 600).toArray();
        int[] test = java.util.stream.IntStream.range(600, 900).toArray();
        double[] yTrain = CrossValidation.pick(y, train);
        Recipe r = FAST.withMembers(5);
        CrossValidation.Result cv = CrossValidation.run(r, NAMES, x.rows(train), yTrain, CrossValidation.assign(600, 5, 2),
                2, 1, BoostedModel.Listener.NONE);
        double k = cv.uncertaintyScale();
        assertThat(k).isGreaterThan(1); // raw ensemble spread is too narrow for noisy data
        try (BoostedModel m = BoostedModel.train(r, NAMES, x.rows(train), yTrain, 2, 1, BoostedModel.Listener.NONE)) {
            Predictions p = m.predict(x.rows(test));
            int covered = 0;
            int coveredRaw = 0;
            for (int i = 0; i < test.length; i++) {
                double err = Math.abs(y[test[i]] - p.value()[i]);
                covered += err <= k * p.std()[i] ? 1 : 0;
                coveredRaw += err <= p.std()[i] ? 1 : 0;
            }
            // about 68 % of fresh errors fall within the calibrated one-sigma band
            assertThat(covered / 300.0).isBetween(0.55, 0.82);
            assertThat(coveredRaw).isLessThan(covered);
        }
        assertThat(Calibration.quantile(List.of(1.0, 2.0, 3.0, 4.0), 0.5)).isEqualTo(2.5);
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
