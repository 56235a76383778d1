package org.matdx.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The private learner and its mechanisms, on data made here. */
class DpGbdtTest {
    static final int COLS = 4;

    /** y = 3·x0 + step(x1) on features uniform in [0, 1], with reference bins from another uniform sample. */
    record Data(float[] x, double[] y, FeatureBins bins) {
    }

    static Data data(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * COLS];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < COLS; j++) {
                x[i * COLS + j] = (float) r.nextDouble();
            }
            y[i] = 3 * x[i * COLS] + (x[i * COLS + 1] > 0.5 ? 2 : 0);
        }
        SplittableRandom q = new SplittableRandom(99);
        float[] ref = new float[5000 * COLS];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = (float) q.nextDouble();
        }
        return new Data(x, y, FeatureBins.fromReference(ref, 5000, COLS, 32));
    }

    static double mae(PrivateTrees m, Data d) {
        double[] p = m.predict(d.x(), d.y().length, COLS);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += Math.abs(p[i] - d.y()[i]);
        }
        return s / p.length;
    }

    @Test
    void laplaceNoiseHasTheRequestedScale() {
        Mechanisms m = Mechanisms.seeded(1);
        double sum = 0;
        double abs = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double v = m.laplace(2.0);
            sum += v;
            abs += Math.abs(v);
        }
        assertThat(sum / n).isCloseTo(0, within(0.03));
        assertThat(abs / n).as("E|X| = b for Laplace(0, b)").isCloseTo(2.0, within(0.03));
        assertThatThrownBy(() -> m.laplace(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.laplace(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exponentialMechanismQuantileLandsNearTheTruthWithEnoughBudget() {
        double[] v = new double[2000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 100.0; // 0 … 19.99, median ~10
        }
        double[] grid = new double[201];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i / 10.0;
        }
        double q = Mechanisms.seeded(3).quantile(v, 0.5, grid, 1.0);
        assertThat(q).isCloseTo(10.0, within(0.3));
        assertThatThrownBy(() -> Mechanisms.seeded(3).quantile(v, 0.5, grid, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Mechanisms.logGrid(10)).isSorted().contains(0.0, 1.0, -1.0);
    }

    @Test
    void learnsWithAGenerousBudgetAndSpendsExactlyItsEpsilon() {
        Data d = data(4000, 5);
        double[] range = {0, 5};
        var ledger = new PrivacyLedger();
        PrivateTrees m = DpGbdt.train(d.x(), 4000, COLS, d.y(), d.bins(), DpGbdt.Settings.standard(4000, 1000, range,
                DpGbdt.Loss.HUBER), Mechanisms.seeded(7), ledger);
        double dummy = Arrays.stream(d.y()).map(v -> Math.abs(v - 2.5)).average().orElseThrow();
        Data test = data(2000, 6);
        assertThat(mae(m, test)).as("MAE vs %.3f predicting the middle", dummy).isLessThan(0.5 * dummy);
        assertThat(ledger.total()).isCloseTo(1000, within(1e-9));
        var small = new PrivacyLedger();
        DpGbdt.train(d.x(), 4000, COLS, d.y(), d.bins(), DpGbdt.Settings.standard(4000, 0.7, range, DpGbdt.Loss.SQUARED),
                Mechanisms.seeded(7), small);
        assertThat(small.total()).isCloseTo(0.7, within(1e-12));
        assertThat(small.totalDelta()).as("δ of 4000 rows").isEqualTo(1e-6);
        assertThat(small.spends()).extracting(PrivacyLedger.Spend::what).anyMatch(w -> w.contains("Gaussian"));
    }

    /**
     * Half the band gaps are a metal's 0: the 5 % quantile is 0. Scored by #{v &lt; c} alone, every
     * candidate at or below 0 tied and the mechanism drew −10⁵ as often as 0.
     */
    @Test
    void aQuantileInsideAPointMassIsThatValue() {
        double[] v = new double[2000];
        for (int i = 1000; i < v.length; i++) {
            v[i] = 0.5 + i / 1000.0;
        }
        double[] grid = Mechanisms.logGrid(10);
        Mechanisms m = Mechanisms.seeded(21);
        for (int k = 0; k < 50; k++) {
            assertThat(m.quantile(v, 0.05, grid, 1)).isZero();
        }
    }

    @Test
    void gaussianNoiseHasTheRequestedScale() {
        Mechanisms m = Mechanisms.seeded(2);
        double sum = 0;
        double sq = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double v = m.gaussian(3.0);
            sum += v;
            sq += v * v;
        }
        assertThat(sum / n).isCloseTo(0, within(0.03));
        assertThat(Math.sqrt(sq / n)).isCloseTo(3.0, within(0.03));
        assertThatThrownBy(() -> m.gaussian(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.gaussian(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The conversion from ρ-zCDP to (ε, δ): never above Bun &amp; Steinke's simple bound, close to it
     * where both are known (golden values from the formula of Canonne, Kamath &amp; Steinke 2020,
     * evaluated independently in Python over a grid of 20,000 orders), and ρ(ε) its inverse.
     */
    @Test
    void zcdpConvertsToEpsilonDeltaAndBack() {
        for (double rho : new double[] {0.001, 0.066, 0.5, 3}) {
            for (double delta : new double[] {1e-5, 1e-6, 1e-9}) {
                double simple = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
                double e = Zcdp.epsilon(rho, delta);
                assertThat(e).isLessThanOrEqualTo(simple).isGreaterThan(rho);
                assertThat(Zcdp.rho(e, delta)).isCloseTo(rho, within(1e-6 * Math.max(1, rho)));
            }
        }
        assertThat(Zcdp.epsilon(0.066, 1e-6)).isCloseTo(1.70962, within(2e-4));
        assertThat(Zcdp.rho(1.71, 1e-6)).isCloseTo(0.066027, within(2e-5));
        assertThat(Zcdp.epsilon(0, 1e-6)).isZero();
        assertThatThrownBy(() -> Zcdp.epsilon(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Zcdp.rho(Double.NaN, 1e-6)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The learner's accounting, recomputed from what it states: the trees' ρ converted at the
     * ledger's δ is the ε it charged, and the noise it names gives back that ρ over its trees.
     */
    @Test
    void theTreesSpendExactlyTheRhoTheirNoiseCosts() {
        Data d = data(3000, 12);
        var ledger = new PrivacyLedger();
        DpGbdt.Settings s = DpGbdt.Settings.standard(3000, 2, new double[] {0, 5}, DpGbdt.Loss.HUBER);
        DpGbdt.train(d.x(), 3000, COLS, d.y(), d.bins(), s, Mechanisms.seeded(4), ledger);
        PrivacyLedger.Spend trees = ledger.spends().stream().filter(x -> x.delta() > 0).findFirst().orElseThrow();
        double rho = Zcdp.rho(trees.epsilon(), trees.delta());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("σ = ([0-9.e+-]+)·c, and counts, σ = ([0-9.e+-]+)")
                .matcher(trees.what());
        assertThat(m.find()).as(trees.what()).isTrue();
        double sigmaSumOverC = Double.parseDouble(m.group(1));
        double sigmaCount = Double.parseDouble(m.group(2));
        // a row moves one leaf sum by c and one count by 1: ρ_tree = c²/(2σ_s²) + 1/(2σ_n²)
        double perTree = 1 / (2 * sigmaSumOverC * sigmaSumOverC) + 1 / (2 * sigmaCount * sigmaCount);
        assertThat(perTree * s.trees()).isCloseTo(rho, within(rho * 2e-3));
        assertThat(trees.epsilon() + ledger.spends().get(0).epsilon()).isCloseTo(2, within(1e-12));
        assertThat(s.logTarget()).as("a stated range from 0 up: ln(1 + y)").isTrue();
        assertThat(DpGbdt.Settings.standard(3000, 2, new double[] {-1, 5}, DpGbdt.Loss.HUBER).logTarget()).isFalse();
        assertThat(DpGbdt.Settings.standard(3000, 2, null, DpGbdt.Loss.HUBER).logTarget()).isFalse();
    }

    /** y = 3·x0 for the first {@code open} rows, a step in x2 for the rest (what only the protected rows know). */
    static Data mixed(int rows, int open, long seed) {
        Data d = data(rows, seed);
        double[] y = d.y().clone();
        for (int i = 0; i < rows; i++) {
            y[i] = i < open ? 3 * d.x()[i * COLS] : (d.x()[i * COLS + 2] > 0.5 ? 4.5 : 0.5);
        }
        return new Data(d.x(), y, d.bins());
    }

    static boolean[] firstOpen(int rows, int open) {
        boolean[] o = new boolean[rows];
        Arrays.fill(o, 0, open, true);
        return o;
    }

    /**
     * Public rows grow the splits: a protected row must never shape them. The protected rows here
     * are explained by x2 alone, the public ones by x0 alone. Shuffling the protected rows' values
     * among themselves keeps every released statistic before the first tree (the private median
     * sees the same values) but moves every protected row's gradient: the first tree's splits must
     * not move, and they follow x0. Splits grown on all rows would follow x2 and move.
     */
    @Test
    void protectedRowsNeverShapeTheSplits() {
        int rows = 3000;
        int open = 1000;
        Data d = mixed(rows, open, 31);
        double[] shuffled = d.y().clone();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = rows - 1; i > open; i--) {
            int j = open + r.nextInt(i - open + 1);
            double t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        double[] range = {0, 5};
        DpGbdt.Settings s = DpGbdt.Settings.standard(rows, open, 1e6, range, DpGbdt.Loss.HUBER);
        PrivateTrees a = DpGbdt.train(d.x(), rows, COLS, d.y(), firstOpen(rows, open), d.bins(), s, Mechanisms.seeded(8),
                new PrivacyLedger());
        PrivateTrees b = DpGbdt.train(d.x(), rows, COLS, shuffled, firstOpen(rows, open), d.bins(), s, Mechanisms.seeded(8),
                new PrivacyLedger());
        assertThat(b.splitFeatures(0)).containsExactly(a.splitFeatures(0));
        assertThat(a.splitFeatures(0)[0]).as("the root splits on what the public rows show").isZero();
    }

    /**
     * Public rows cost no budget and buy no discount: the same ε and δ are charged, the noise on the
     * protected rows' leaf sums and counts is what ρ per tree calls for (as without public rows), and
     * the model learns what the public rows show.
     */
    @Test
    void publicRowsChangeNeitherTheChargeNorTheNoise() {
        int rows = 3000;
        int open = 1000;
        Data d = data(rows, 32);
        double[] range = {0, 5};
        DpGbdt.Settings s = DpGbdt.Settings.standard(rows, open, 2, range, DpGbdt.Loss.HUBER);
        assertThat(s.trees()).isEqualTo(300);
        assertThat(s.depth()).as("about 16 public rows per leaf").isEqualTo(5);
        var ledger = new PrivacyLedger();
        PrivateTrees m = DpGbdt.train(d.x(), rows, COLS, d.y(), firstOpen(rows, open), d.bins(), s, Mechanisms.seeded(9), ledger);
        assertThat(ledger.total()).isCloseTo(2, within(1e-12));
        assertThat(ledger.totalDelta()).isEqualTo(DpGbdt.delta(rows));
        PrivacyLedger.Spend trees = ledger.spends().stream().filter(x -> x.delta() > 0).findFirst().orElseThrow();
        assertThat(trees.what()).contains("grown on the public rows only", "kept, by the error on held-out public rows").doesNotContain("1000");
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("σ = ([0-9.e+-]+)·c, and counts, σ = ([0-9.e+-]+)")
                .matcher(trees.what());
        assertThat(mm.find()).isTrue();
        double perTree = 1 / (2 * Math.pow(Double.parseDouble(mm.group(1)), 2)) + 1 / (2 * Math.pow(Double.parseDouble(mm.group(2)), 2));
        assertThat(perTree * s.trees()).isCloseTo(Zcdp.rho(trees.epsilon(), trees.delta()), within(2e-3 * perTree * s.trees()));
        Data test = data(2000, 33);
        double dummy = Arrays.stream(test.y()).map(v -> Math.abs(v - 2.5)).average().orElseThrow();
        assertThat(mae(m, test)).isLessThan(0.25 * dummy);
        assertThatThrownBy(() -> DpGbdt.train(d.x(), rows, COLS, d.y(), new boolean[rows - 1], d.bins(), s, Mechanisms.seeded(9),
                new PrivacyLedger())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Below {@link DpGbdt#MIN_OPEN_ROWS} public rows the learner is exactly the all-protected one (random splits). */
    @Test
    void aFewPublicRowsLeaveTheLearnerAsItWas() {
        int rows = 2000;
        Data d = data(rows, 34);
        double[] range = {0, 5};
        int few = DpGbdt.MIN_OPEN_ROWS - 1;
        DpGbdt.Settings s = DpGbdt.Settings.standard(rows, few, 2, range, DpGbdt.Loss.HUBER);
        assertThat(s).usingRecursiveComparison().isEqualTo(DpGbdt.Settings.standard(rows, 2, range, DpGbdt.Loss.HUBER));
        PrivateTrees withFew = DpGbdt.train(d.x(), rows, COLS, d.y(), firstOpen(rows, few), d.bins(), s, Mechanisms.seeded(3),
                new PrivacyLedger());
        PrivateTrees none = DpGbdt.train(d.x(), rows, COLS, d.y(), d.bins(), s, Mechanisms.seeded(3), new PrivacyLedger());
        for (int t = 0; t < none.trees(); t++) {
            assertThat(withFew.splitFeatures(t)).containsExactly(none.splitFeatures(t));
        }
    }

    /** A leaf's two estimates weighed by their variances: exact public rows against a noisy protected mean. */
    @Test
    void aLeafWeighsPublicAndProtectedRowsByTheirVariance() {
        // 100 public gradients of mean 0.1 and spread 0.2; 400 protected of noisy mean 0.3
        double openSum = 10;
        double openSq = 100 * (0.04 + 0.01);
        assertThat(DpGbdt.combined(openSum, openSq, 100, 120, 400, 1e9)).as("hopeless noise: the public mean").isCloseTo(0.1, within(1e-9));
        assertThat(DpGbdt.combined(openSum, openSq, 100, 120, 400, 1e-9)).as("no noise: weights 100 : 400")
                .isCloseTo((100 * 0.1 + 400 * 0.3) / 500, within(1e-6));
        double mid = DpGbdt.combined(openSum, openSq, 100, 120, 400, 8); // σ² = 64 = v·ñ·4
        assertThat(mid).isCloseTo((100 * 0.1 + 80 * 0.3) / 180, within(1e-6));
    }

    /** Predictions stay inside the stated range, also through the ln(1 + y) transform, and the artifact keeps it. */
    @Test
    void logTargetPredictsInsideTheRangeAndRoundTrips() {
        Data d = data(2000, 13);
        PrivateTrees m = DpGbdt.train(d.x(), 2000, COLS, d.y(), d.bins(),
                DpGbdt.Settings.standard(2000, 1000, new double[] {0, 5}, DpGbdt.Loss.HUBER), Mechanisms.seeded(5), new PrivacyLedger());
        assertThat(m.transform()).isEqualTo(PrivateTrees.Transform.LOG1P);
        double[] p = m.predict(d.x(), 2000, COLS);
        assertThat(Arrays.stream(p).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(p).max().orElseThrow()).isLessThanOrEqualTo(5);
        Data test = data(2000, 14);
        double dummy = Arrays.stream(test.y()).map(v -> Math.abs(v - 2.5)).average().orElseThrow();
        assertThat(mae(m, test)).isLessThan(0.5 * dummy);
        assertThat(PrivateTrees.fromBytes(m.toBytes()).predict(test.x(), 2000, COLS)).containsExactly(m.predict(test.x(), 2000, COLS));
    }

    @Test
    void aTinyBudgetLearnsLittle() {
        Data d = data(4000, 5);
        Data test = data(2000, 6);
        PrivateTrees generous = DpGbdt.train(d.x(), 4000, COLS, d.y(), d.bins(),
                DpGbdt.Settings.standard(4000, 1000, new double[] {0, 5}, DpGbdt.Loss.HUBER), Mechanisms.seeded(7), new PrivacyLedger());
        PrivateTrees tiny = DpGbdt.train(d.x(), 4000, COLS, d.y(), d.bins(),
                DpGbdt.Settings.standard(4000, 0.01, new double[] {0, 5}, DpGbdt.Loss.HUBER), Mechanisms.seeded(7), new PrivacyLedger());
        assertThat(mae(tiny, test)).isGreaterThan(mae(generous, test) + 0.1);
    }

    /** Thresholds are reference edges, never a training value: the model carries no row in its shape. */
    @Test
    void splitsSitOnlyOnFixedEdges() {
        Data d = data(1000, 8);
        PrivateTrees m = DpGbdt.train(d.x(), 1000, COLS, d.y(), d.bins(), DpGbdt.Settings.standard(1000, 2, null,
                DpGbdt.Loss.HUBER), Mechanisms.seeded(9), new PrivacyLedger());
        Set<Float> edges = new HashSet<>();
        d.bins().edges().forEach(e -> Arrays.stream(e).forEach(v -> edges.add((float) v)));
        ByteBuffer b = ByteBuffer.wrap(m.toBytes());
        b.getInt();
        b.getInt();
        int depth = b.getInt();
        b.getInt();
        b.getDouble();
        b.getDouble();
        b.getDouble();
        b.getInt();
        b.getDouble();
        b.getDouble();
        int trees = b.getInt();
        int internal = (1 << depth) - 1;
        for (int t = 0; t < trees; t++) {
            for (int i = 0; i < internal; i++) {
                b.getInt();
            }
            for (int i = 0; i < internal; i++) {
                assertThat(edges).contains(b.getFloat());
            }
            for (int i = 0; i <= internal; i++) {
                b.getDouble();
            }
        }
        assertThat(b.remaining()).isZero();
    }

    @Test
    void artifactRoundTripsAndRejectsForgeries() {
        Data d = data(600, 10);
        PrivateTrees m = DpGbdt.train(d.x(), 600, COLS, d.y(), d.bins(), DpGbdt.Settings.standard(600, 2, new double[] {0, 5},
                DpGbdt.Loss.HUBER), Mechanisms.seeded(11), new PrivacyLedger());
        byte[] bytes = m.toBytes();
        PrivateTrees back = PrivateTrees.fromBytes(bytes);
        assertThat(back.predict(d.x(), 600, COLS)).containsExactly(m.predict(d.x(), 600, COLS));
        assertThatThrownBy(() -> PrivateTrees.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a MatDX private model");
        assertThatThrownBy(() -> PrivateTrees.fromBytes(Arrays.copyOf(bytes, bytes.length - 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        byte[] forged = bytes.clone();
        ByteBuffer.wrap(forged).putInt(64, 1_000_000); // the first split's feature index
        assertThatThrownBy(() -> PrivateTrees.fromBytes(forged)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.predict(new float[3], 1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Models trained before the format carried a transform (format 1) still load and predict as they did. */
    @Test
    void formatOneArtifactsStillPredict() {
        ByteBuffer b = ByteBuffer.allocate(4 * 4 + 3 * 8 + 4 + 4 + 4 + 2 * 8);
        b.putInt(0x4d445054).putInt(1).putInt(1).putInt(COLS);
        b.putDouble(0.5).putDouble(2).putDouble(2); // start, mid, half: range 0-4
        b.putInt(1).putInt(0).putFloat(0.5f).putDouble(-0.25).putDouble(0.25);
        PrivateTrees m = PrivateTrees.fromBytes(b.array());
        assertThat(m.low()).isZero();
        assertThat(m.high()).isEqualTo(4);
        float[] x = {0.2f, 0, 0, 0, 0.8f, 0, 0, 0};
        // y = mid + half·(start + leaf): 2 + 2·0.25 = 2.5 left, 2 + 2·0.75 = 3.5 right
        assertThat(m.predict(x, 2, COLS)).containsExactly(2.5, 3.5);
    }

    @Test
    void settingsRefuseNonsense() {
        List<Runnable> bad = new ArrayList<>();
        bad.add(() -> DpGbdt.Settings.standard(100, 0, null, DpGbdt.Loss.HUBER));
        bad.add(() -> DpGbdt.Settings.standard(100, Double.NaN, null, DpGbdt.Loss.HUBER));
        bad.add(() -> DpGbdt.Settings.standard(100, Double.POSITIVE_INFINITY, null, DpGbdt.Loss.HUBER));
        bad.add(() -> DpGbdt.Settings.standard(100, 1, new double[] {2, 1}, DpGbdt.Loss.HUBER));
        bad.add(() -> DpGbdt.Settings.standard(100, 1, new double[] {0, Double.NaN}, DpGbdt.Loss.HUBER));
        bad.forEach(r -> assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class));
        assertThat(DpGbdt.Settings.standard(24, 2, null, DpGbdt.Loss.HUBER).depth()).as("small data, shallow trees").isLessThanOrEqualTo(2);
        assertThat(DpGbdt.Settings.standard(4000, 2, null, DpGbdt.Loss.HUBER).depth()).isEqualTo(5);
    }

    @Test
    void membershipAucIsHalfForAnUninformativeScoreAndOneForAPerfectOne() {
        boolean[] pos = {true, true, false, false};
        assertThat(MembershipAttack.auc(pos, new double[] {1, 1, 1, 1})).isEqualTo(0.5);
        assertThat(MembershipAttack.auc(pos, new double[] {2, 3, 0, 1})).isEqualTo(1.0);
        assertThat(MembershipAttack.auc(pos, new double[] {0, 1, 2, 3})).isEqualTo(0.0);
        assertThat(MembershipAttack.recovers(1.04, 1.0)).isTrue();
        assertThat(MembershipAttack.recovers(1.06, 1.0)).isFalse();
        assertThat(MembershipAttack.recovers(0.0, 0.0)).isTrue();
    }
}
