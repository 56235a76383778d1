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
                DpGbdt.Loss.ABSOLUTE), Mechanisms.seeded(7), ledger);
        double dummy = Arrays.stream(d.y()).map(v -> Math.abs(v - 2.5)).average().orElseThrow();
        Data test = data(2000, 6);
        assertThat(mae(m, test)).as("MAE vs %.3f predicting the middle", dummy).isLessThan(0.5 * dummy);
        assertThat(ledger.total()).isCloseTo(1000, within(1e-9));
        var small = new PrivacyLedger();
        DpGbdt.train(d.x(), 4000, COLS, d.y(), d.bins(), DpGbdt.Settings.standard(4000, 0.7, range, DpGbdt.Loss.SQUARED),
                Mechanisms.seeded(7), small);
        assertThat(small.total()).isCloseTo(0.7, within(1e-12));
        assertThat(small.spends()).extracting(PrivacyLedger.Spend::what).anyMatch(w -> w.contains("Laplace"));
    }

    @Test
    void aTinyBudgetLearnsLittle() {
        Data d = data(4000, 5);
        Data test = data(2000, 6);
        PrivateTrees generous = DpGbdt.train(d.x(), 4000, COLS, d.y(), d.bins(),
                DpGbdt.Settings.standard(4000, 1000, new double[] {0, 5}, DpGbdt.Loss.ABSOLUTE), Mechanisms.seeded(7), new PrivacyLedger());
        PrivateTrees tiny = DpGbdt.train(d.x(), 4000, COLS, d.y(), d.bins(),
                DpGbdt.Settings.standard(4000, 0.01, new double[] {0, 5}, DpGbdt.Loss.ABSOLUTE), Mechanisms.seeded(7), new PrivacyLedger());
        assertThat(mae(tiny, test)).isGreaterThan(mae(generous, test) + 0.1);
    }

    /** Thresholds are reference edges, never a training value: the model carries no row in its shape. */
    @Test
    void splitsSitOnlyOnFixedEdges() {
        Data d = data(1000, 8);
        PrivateTrees m = DpGbdt.train(d.x(), 1000, COLS, d.y(), d.bins(), DpGbdt.Settings.standard(1000, 2, null,
                DpGbdt.Loss.ABSOLUTE), Mechanisms.seeded(9), new PrivacyLedger());
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
                DpGbdt.Loss.ABSOLUTE), Mechanisms.seeded(11), new PrivacyLedger());
        byte[] bytes = m.toBytes();
        PrivateTrees back = PrivateTrees.fromBytes(bytes);
        assertThat(back.predict(d.x(), 600, COLS)).containsExactly(m.predict(d.x(), 600, COLS));
        assertThatThrownBy(() -> PrivateTrees.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a MatDX private model");
        assertThatThrownBy(() -> PrivateTrees.fromBytes(Arrays.copyOf(bytes, bytes.length - 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        byte[] forged = bytes.clone();
        ByteBuffer.wrap(forged).putInt(44, 1_000_000); // the first split's feature index
        assertThatThrownBy(() -> PrivateTrees.fromBytes(forged)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.predict(new float[3], 1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsRefuseNonsense() {
        List<Runnable> bad = new ArrayList<>();
        bad.add(() -> DpGbdt.Settings.standard(100, 0, null, DpGbdt.Loss.ABSOLUTE));
        bad.add(() -> DpGbdt.Settings.standard(100, Double.NaN, null, DpGbdt.Loss.ABSOLUTE));
        bad.add(() -> DpGbdt.Settings.standard(100, Double.POSITIVE_INFINITY, null, DpGbdt.Loss.ABSOLUTE));
        bad.add(() -> DpGbdt.Settings.standard(100, 1, new double[] {2, 1}, DpGbdt.Loss.ABSOLUTE));
        bad.add(() -> DpGbdt.Settings.standard(100, 1, new double[] {0, Double.NaN}, DpGbdt.Loss.ABSOLUTE));
        bad.forEach(r -> assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class));
        assertThat(DpGbdt.Settings.standard(24, 2, null, DpGbdt.Loss.ABSOLUTE).depth()).as("small data, shallow trees").isLessThanOrEqualTo(2);
        assertThat(DpGbdt.Settings.standard(4000, 2, null, DpGbdt.Loss.ABSOLUTE).depth()).isEqualTo(5);
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
