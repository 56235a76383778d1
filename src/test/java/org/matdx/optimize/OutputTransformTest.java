package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Output transforms: each is increasing and reversible, the data choose one, and a skewed objective is found faster with it. */
class OutputTransformTest {
    private static double[] sample(int n, long seed, java.util.function.DoubleUnaryOperator f) {
        Random r = new Random(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = f.applyAsDouble(r.nextGaussian());
        }
        return y;
    }

    @Test
    void everyTransformIsIncreasingAndReversible() {
        double[] skewed = sample(60, 1, z -> Math.exp(1.5 * z) * 1e4);
        double[] signed = sample(60, 2, z -> z * z * z - 0.3);
        for (var kind : OutputTransform.Kind.values()) {
            for (double[] y : List.of(skewed, signed)) {
                if (kind == OutputTransform.Kind.BOX_COX && y == signed) {
                    continue;
                }
                OutputTransform t = OutputTransform.fit(kind, y);
                double[] sorted = y.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < sorted.length; i++) {
                    assertThat(t.inverse(t.forward(sorted[i]))).as("%s at %s", t.describe(), sorted[i])
                            .isCloseTo(sorted[i], within(1e-6 * Math.max(1, Math.abs(sorted[i]))));
                    if (i > 0 && sorted[i] > sorted[i - 1]) {
                        assertThat(t.forward(sorted[i])).as(t.describe()).isGreaterThan(t.forward(sorted[i - 1]));
                    }
                }
            }
        }
    }

    @Test
    void theDataChooseTheTransform() {
        // Gaussian values, and values only mildly skewed (a tail of poor results, as BO always sees): as they are
        assertThat(OutputTransform.choose(sample(80, 3, z -> 5 + z))).isInstanceOf(OutputTransform.Identity.class);
        assertThat(OutputTransform.choose(sample(80, 7, z -> Math.exp(0.6 * z)))).isInstanceOf(OutputTransform.Identity.class);
        // log-normal over several decades: Box-Cox with an exponent near 0 (the log)
        var lognormal = OutputTransform.choose(sample(80, 4, z -> 2.7e4 * Math.exp(1.5 * z)));
        assertThat(lognormal).isInstanceOf(OutputTransform.Power.class);
        assertThat(((OutputTransform.Power) lognormal).yeoJohnson()).isFalse();
        assertThat(((OutputTransform.Power) lognormal).lambda()).isCloseTo(0, within(0.3));
        // extreme outliers among signed values: Yeo-Johnson
        var signed = OutputTransform.choose(sample(200, 5, z -> Math.exp(1.5 * z) - 2));
        assertThat(signed).isInstanceOf(OutputTransform.Power.class);
        assertThat(((OutputTransform.Power) signed).yeoJohnson()).isTrue();
        // most values tied at zero and a few huge ones (a yield that mostly failed): no power makes it Gaussian
        double[] tied = new double[60];
        for (int i = 55; i < 60; i++) {
            tied[i] = Math.pow(i - 54, 4);
        }
        assertThat(OutputTransform.choose(tied)).isInstanceOf(OutputTransform.Rank.class);
    }

    @Test
    void expectedImprovementIsReportedInTheObjectivesUnits() {
        // identity: the textbook closed form
        var id = new OutputTransform.Identity();
        assertThat(id.expectedImprovement(1.2, 0.5, 1.0, 1)).isCloseTo(Acquisition.expectedImprovement(1.2, 0.5, 1.0), within(1e-9));
        // log, minimised: the GP models −log y; the improvement is best − y, checked by Monte Carlo
        var log = OutputTransform.fit(OutputTransform.Kind.LOG, new double[] {1e4, 3e4, 1e5, 1e6});
        double mean = -log.forward(2e4);
        double sd = 0.7;
        double best = 3e4;
        Random r = new Random(9);
        double mc = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            double y = log.inverse(-(mean + sd * r.nextGaussian()));
            mc += Math.max(0, best - y) / n;
        }
        assertThat(log.expectedImprovement(mean, sd, best, -1)).isCloseTo(mc, within(0.01 * mc));
    }

    /**
     * A minimised objective spanning decades (from 2.7·10⁴, like a resistance): without
     * a transform the surrogate spends itself on the few huge values and sees the region of the
     * minimum as flat and does worse than random sampling; with the data's transform it finds the
     * best rows sooner (six fixed seeds taken together).
     */
    @Test
    void aSkewedObjectiveIsFoundFasterWithTheTransform() {
        Random r = new Random(17);
        int n = 300;
        double[][] pool = new double[n][3];
        double[] values = new double[n];
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                pool[i][k] = r.nextDouble();
            }
            double[] x = pool[i];
            double g = Math.pow(x[0] - 0.25, 2) + Math.pow(x[1] - 0.7, 2) + 0.5 * Math.pow(x[2] - 0.4, 2)
                    + 0.15 * Math.sin(9 * x[0]) * Math.cos(7 * x[2]);
            values[i] = 2.7e4 * Math.exp(9 * g);
            rows.add(new String[] {"" + x[0], "" + x[1], "" + x[2]});
        }
        var space = new ParameterSpace(List.of(new Parameter.Continuous("a", 0, 1, false), new Parameter.Continuous("b", 0, 1, false),
                new Parameter.Continuous("c", 0, 1, false)), false);
        var table = new BenchmarkTable("skewed", space, "resistance", false, rows, values, pool);
        assertThat(Arrays.stream(values).max().orElseThrow() / Arrays.stream(values).min().orElseThrow()).isGreaterThan(1000);
        // the transform alone: the default surrogate search (refits and trust region) by itself lifts the
        // untransformed search above random sampling here (12.6 against 6.1), which would hide what the transform does
        var with = PoolBenchmark.run(table, 6, 60, 1, null, s -> PoolStrategy.Settings.defaults(false, s).withSurrogateSearch(0, false)
                .withTransform(OutputTransform.Kind.AUTO));
        var without = PoolBenchmark.run(table, 6, 60, 1, null, s -> PoolStrategy.Settings.defaults(false, s).withSurrogateSearch(0, false)
                .withTransform(OutputTransform.Kind.NONE));
        var defaults = PoolBenchmark.run(table, 6, 60, 1, null, s -> PoolStrategy.Settings.defaults(false, s));
        double foundWith = Arrays.stream(with.meanFraction()).sum();
        double foundWithout = Arrays.stream(without.meanFraction()).sum();
        // the area under the curve of the fraction of top-5 % rows found over 60 experiments; random
        // sampling's is Σ k/300 = 6.1, and without the transform BO does worse than that
        assertThat(foundWithout).isLessThan(6.1);
        assertThat(foundWith).isGreaterThan(1.5 * 6.1).isGreaterThan(2 * foundWithout);
        System.out.println("skewed objective, area under the found curve: transform " + foundWith + ", none " + foundWithout
                + ", defaults " + Arrays.stream(defaults.meanFraction()).sum());
    }
}
