package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EhviTest {
    static final double[][] FRONT = {{1, 5}, {2, 4}, {3, 1}, {1.5, 3}}; // the last is dominated
    static final double[] REF = {0, 0};

    /** The hypervolume a result (a, b) adds, by the exact 2-D hypervolume of the front with and without it. */
    static double improvement(double a, double b) {
        double[][] with = Arrays.copyOf(FRONT, FRONT.length + 1);
        with[FRONT.length] = new double[] {a, b};
        return Pareto.hypervolume(with, REF) - Pareto.hypervolume(FRONT, REF);
    }

    @Test
    void matchesABruteForceMonteCarloEstimate() {
        Ehvi e = new Ehvi(FRONT, REF);
        double[][] cases = {{2.5, 0.8, 3.5, 1.2}, {0.5, 0.3, 6, 0.5}, {4, 1, 2, 2}, {1, 0.2, 1, 0.2}, {2.2, 0.05, 4.3, 0.05}};
        for (double[] c : cases) {
            Random r = new Random(11);
            int n = 400_000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double hvi = improvement(c[0] + c[1] * r.nextGaussian(), c[2] + c[3] * r.nextGaussian());
                sum += hvi;
                sumSq += hvi * hvi;
            }
            double mc = sum / n;
            double se = Math.sqrt(Math.max(0, sumSq / n - mc * mc) / n);
            double exact = e.expected(c[0], c[1], c[2], c[3]);
            assertThat(exact).as("EHVI at %s (Monte Carlo %.5f ± %.5f)", Arrays.toString(c), mc, se)
                    .isCloseTo(mc, within(4 * se + 1e-6));
        }
    }

    @Test
    void withoutUncertaintyItIsTheHypervolumeImprovement() {
        Ehvi e = new Ehvi(FRONT, REF);
        // compared with the exact volumes with and without the point
        for (double[] p : new double[][] {{2.5, 4.5}, {4, 0.5}, {0.5, 7}, {1.2, 1.2}, {5, 6}}) {
            assertThat(e.improvement(p[0], p[1])).as("at %s", Arrays.toString(p)).isCloseTo(improvement(p[0], p[1]), within(1e-12));
        }
        // (2.5, 4.5) adds 1 × 0.5 above (2, 4) and 0.5 × 3.5 above (3, 1)
        assertThat(e.improvement(2.5, 4.5)).isCloseTo(1 * 0.5 + 0.5 * 3.5, within(1e-12));
        assertThat(e.improvement(1.2, 1.2)).isZero(); // dominated
    }

    @Test
    void prefersAPointThatDominatesPartOfTheFront() {
        Ehvi e = new Ehvi(FRONT, REF);
        double dominating = e.expected(2.2, 0.3, 4.2, 0.3); // beats (2, 4)
        double dominated = e.expected(1.5, 0.3, 3.0, 0.3);  // beaten by (2, 4)
        double far = e.expected(-3, 0.3, -3, 0.3);          // below the reference point
        assertThat(dominating).isGreaterThan(10 * dominated);
        assertThat(dominated).isPositive(); // its uncertainty still leaves a chance
        assertThat(far).isLessThan(1e-12);
        // more uncertainty at a dominated mean is worth more
        assertThat(e.expected(1.5, 1.0, 3.0, 1.0)).isGreaterThan(dominated);
    }

    /** Two objectives on a 20×20 grid (the front runs between the two optima), best at (0.2, 0.3) and (0.8, 0.7): hypervolume after 25 experiments. */
    static double run(boolean ehvi, long seed) {
        double[][] pool = new double[400][];
        double[][] f = new double[400][];
        for (int i = 0; i < 400; i++) {
            double x = (i % 20) / 19.0;
            double y = (i / 20) / 19.0;
            pool[i] = new double[] {x, y};
            f[i] = new double[] {-Math.pow(x - 0.2, 2) - Math.pow(y - 0.3, 2), -Math.pow(x - 0.8, 2) - Math.pow(y - 0.7, 2)};
        }
        PoolStrategy.Settings settings = PoolStrategy.Settings.defaults(true, seed);
        PoolStrategy s = new PoolStrategy(pool, settings.withEhvi());
        java.util.List<PoolStrategy.Observation> done = new java.util.ArrayList<>();
        Random r = new Random(seed);
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        while (done.size() < 25) {
            int i;
            if (ehvi) {
                i = s.suggest(done, 1).get(0);
            } else {
                do {
                    i = r.nextInt(400);
                } while (taken.contains(i));
            }
            taken.add(i);
            done.add(new PoolStrategy.Observation(i, f[i][0], f[i]));
        }
        double[][] got = done.stream().map(o -> o.vector()).toArray(double[][]::new);
        return Pareto.hypervolume(got, new double[] {-1.2, -1.2});
    }

    static double allPoints() {
        double[][] f = new double[400][];
        for (int i = 0; i < 400; i++) {
            double x = (i % 20) / 19.0;
            double y = (i / 20) / 19.0;
            f[i] = new double[] {-Math.pow(x - 0.2, 2) - Math.pow(y - 0.3, 2), -Math.pow(x - 0.8, 2) - Math.pow(y - 0.7, 2)};
        }
        return Pareto.hypervolume(f, new double[] {-1.2, -1.2});
    }

    @Test
    void ehviFindsABetterFrontThanRandomSampling() {
        double ehvi = 0;
        double random = 0;
        for (long seed = 1; seed <= 4; seed++) {
            ehvi += run(true, seed);
            random += run(false, seed);
        }
        double best = allPoints();
        // the hypervolume left to find after 25 of 400 experiments (measured: EHVI 0.0023, random 0.049)
        assertThat(best - ehvi / 4).isLessThan(0.25 * (best - random / 4));
        assertThat(ehvi / 4).isGreaterThan(0.99 * best);
    }

    @Test
    void theReferencePointLeavesRoomBelowTheWorstResults() {
        double[] ref = Ehvi.reference(new double[][] {{1, 10}, {3, 20}});
        assertThat(ref[0]).isCloseTo(0.8, within(1e-12));
        assertThat(ref[1]).isCloseTo(9, within(1e-12));
    }
}
