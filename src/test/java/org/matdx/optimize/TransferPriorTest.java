package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Earlier results as a second task of the surrogate: a related task (same shape, another level and
 * scale) sends the first pick to its optimum; a misleading one (the opposite shape) stops steering
 * once the campaign's own results rank better without it.
 */
class TransferPriorTest {
    static final int N = 201;
    static final DoubleUnaryOperator F = x -> -(x - 0.8) * (x - 0.8);

    static double[][] grid() {
        double[][] pool = new double[N][];
        for (int i = 0; i < N; i++) {
            pool[i] = new double[] {i / (N - 1.0)};
        }
        return pool;
    }

    static PoolStrategy.Prior earlier(DoubleUnaryOperator g) {
        double[][] x = new double[25][];
        double[] y = new double[25];
        for (int i = 0; i < 25; i++) {
            x[i] = new double[] {i / 24.0};
            y[i] = g.applyAsDouble(x[i][0]);
        }
        return new PoolStrategy.Prior(x, y);
    }

    /** The x of each pick, in order, over {@code budget} single-pick rounds. */
    static List<Double> run(PoolStrategy.Prior prior, int budget) {
        double[][] pool = grid();
        PoolStrategy s = new PoolStrategy(pool, PoolStrategy.Settings.defaults(true, 5), prior);
        List<PoolStrategy.Observation> done = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        for (int k = 0; k < budget; k++) {
            int i = s.suggest(done, 1).get(0);
            done.add(new PoolStrategy.Observation(i, F.applyAsDouble(pool[i][0])));
            xs.add(pool[i][0]);
        }
        return xs;
    }

    @Test
    void aRelatedTaskSendsTheFirstPickToItsOptimum() {
        // the same optimum at another level and scale: a less reactive substrate, the same ranking
        List<Double> picks = run(earlier(x -> 40 + 3 * F.applyAsDouble(x)), 1);
        assertThat(picks.get(0)).isBetween(0.75, 0.85);
    }

    @Test
    void aMisleadingTaskStopsSteeringOnceTheCampaignKnowsBetter() {
        double[][] pool = grid();
        List<PoolStrategy.Observation> done = new ArrayList<>();
        for (int i : new int[] {10, 60, 100, 140, 170, 190}) {
            done.add(new PoolStrategy.Observation(i, F.applyAsDouble(pool[i][0])));
        }
        // the opposite shape (its best is the campaign's worst) ranks six results worse than they rank themselves
        PoolStrategy misleading = new PoolStrategy(pool, PoolStrategy.Settings.defaults(true, 5), earlier(x -> -F.applyAsDouble(x)));
        assertThat(misleading.earlierStillRank(done)).isFalse();
        // the same shape at another level keeps steering
        PoolStrategy related = new PoolStrategy(pool, PoolStrategy.Settings.defaults(true, 5),
                earlier(x -> 40 + 3 * F.applyAsDouble(x)));
        assertThat(related.earlierStillRank(done)).isTrue();
        // below five results the campaign cannot judge yet
        assertThat(misleading.earlierStillRank(done.subList(0, 4))).isTrue();
        // and with the misleading results the campaign still finds its optimum
        List<Double> picks = run(earlier(x -> -F.applyAsDouble(x)), 14);
        assertThat(picks.stream().mapToDouble(F::applyAsDouble).max().orElseThrow()).isGreaterThan(-0.0025);
    }

    @Test
    void misorderedPairsCountRankingDisagreements() {
        assertThat(PoolStrategy.misordered(new double[] {1, 2, 3}, new double[] {10, 20, 30})).isZero();
        assertThat(PoolStrategy.misordered(new double[] {3, 2, 1}, new double[] {10, 20, 30})).isEqualTo(3);
        assertThat(PoolStrategy.misordered(new double[] {1, 3, 2}, new double[] {10, 20, 30})).isEqualTo(1);
        // ties in the measurements are no evidence either way
        assertThat(PoolStrategy.misordered(new double[] {2, 1}, new double[] {5, 5})).isZero();
    }
}
