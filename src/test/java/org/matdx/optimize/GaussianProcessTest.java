package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    @Test
    void theNoiseVarianceIsInTheObjectivesUnits() {
        // a line in units of tens with scatter sd 2 between runs: the noise the next run adds is about 4
        Random r = new Random(11);
        double[][] x = new double[200][];
        double[] y = new double[200];
        for (int i = 0; i < y.length; i++) {
            x[i] = new double[] {r.nextDouble()};
            y[i] = 100 + 30 * x[i][0] + 2 * r.nextGaussian();
        }
        var gp = GaussianProcess.fit(x, y, null, 1, 60, 200, 3L);
        assertThat(gp.noiseVariance()).isBetween(2.5, 6.0);
    }

    @Test
    void oneObservationGivesTheTextbookPosterior() {
        // with one point the posterior mean at x* is k(x*,x)/(k(x,x)+σn²)·y (standardisation aside: y - mean = 0)
        var hyper = new GaussianProcess.Hyper(new double[] {Math.log(0.5)}, Math.log(1.0), Math.log(1e-4));
        double[][] x = {{0.2}, {0.8}};
        double[] y = {1.0, 3.0};
        GaussianProcess gp = GaussianProcess.fit(x, y, hyper, 0, 0, 100, 1);
        double[][] at = gp.predict(new double[][] {{0.2}, {0.8}, {0.5}, {5.0}});
        assertThat(at[0][0]).isCloseTo(1.0, within(1e-3));
        assertThat(at[1][0]).isCloseTo(3.0, within(1e-3));
        assertThat(at[2][0]).isCloseTo(2.0, within(1e-9)); // symmetric point: the mean of the two
        assertThat(at[3][0]).isCloseTo(2.0, within(1e-4)); // far away: the prior mean
        // far away the variance returns to the signal variance (in original units: sd of y = √2)
        assertThat(at[3][1]).isCloseTo(2.0, within(1e-6));
        assertThat(at[0][1]).isLessThan(1e-3);
    }

    /** The analytic gradient of the log posterior against central differences, every packed parameter. */
    private static void assertGradientMatchesFiniteDifferences(double[][] x, double[] y, GaussianProcess.Hyper h) {
        double[] p = h.pack();
        double[] grad = new double[p.length];
        GaussianProcess.likelihood(x, y, h, grad);
        int d = h.logLengths().length;
        for (int i = 0; i < p.length; i++) {
            double[] up = p.clone();
            double[] down = p.clone();
            up[i] += 1e-5;
            down[i] -= 1e-5;
            double numeric = (GaussianProcess.likelihood(x, y, GaussianProcess.Hyper.unpack(up, d), null)
                    - GaussianProcess.likelihood(x, y, GaussianProcess.Hyper.unpack(down, d), null)) / 2e-5;
            assertThat(grad[i]).as("parameter %d", i).isCloseTo(numeric, within(1e-4 * Math.max(1, Math.abs(numeric))));
        }
    }

    @Test
    void analyticGradientMatchesFiniteDifferences() {
        Random r = new Random(3);
        double[][] x = uniform(r, 12, 3);
        double[] y = java.util.Arrays.stream(x).mapToDouble(row -> Math.sin(3 * row[0]) + row[1] * row[1] + 0.05 * r.nextGaussian())
                .toArray();
        assertGradientMatchesFiniteDifferences(x, y,
                new GaussianProcess.Hyper(new double[] {Math.log(0.4), Math.log(0.7), Math.log(1.3)}, Math.log(0.8), Math.log(0.03)));
    }

    @Test
    void analyticGradientOfAWarpedSurrogateMatchesFiniteDifferences() {
        Random r = new Random(4);
        double[][] x = uniform(r, 14, 3);
        for (int i = 0; i < x.length; i++) {
            x[i][2] = i % 2; // a one-hot column: its warp changes nothing
        }
        double[] y = java.util.Arrays.stream(x).mapToDouble(row -> Math.log(0.05 + row[0]) + row[1] * row[1] + 0.05 * r.nextGaussian())
                .toArray();
        assertGradientMatchesFiniteDifferences(x, y, new GaussianProcess.Hyper(new double[] {Math.log(0.4), Math.log(0.7), Math.log(1.3)},
                Math.log(0.8), Math.log(0.03), new double[] {-0.7, 0.3, 0.2, 0.4, -0.5, 0.1}));
    }

    /** y = log(0.01 + x₀) + 0.3 x₁ (+ a little noise): steep near x₀ = 0, flat above. */
    private static double logShaped(double[] x) {
        return Math.log(0.01 + x[0]) + 0.3 * x[1];
    }

    private static double[][] uniform(Random r, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = r.nextDouble();
            }
        }
        return x;
    }

    private static double rmse(GaussianProcess gp, double[][] at, java.util.function.ToDoubleFunction<double[]> f) {
        double[][] p = gp.predict(at);
        double s = 0;
        for (int i = 0; i < at.length; i++) {
            s += Math.pow(p[i][0] - f.applyAsDouble(at[i]), 2);
        }
        return Math.sqrt(s / at.length);
    }

    @Test
    void aSurrogateSearchWarpsAnInputWhoseEffectIsLogarithmic() {
        Random r = new Random(11);
        double[][] x = uniform(r, 40, 2);
        double[] y = java.util.Arrays.stream(x).mapToDouble(row -> logShaped(row) + 0.01 * r.nextGaussian()).toArray();
        GaussianProcess searched = GaussianProcess.fit(x, y, null, 1, 60, 150, 3, 0, true);
        GaussianProcess plain = GaussianProcess.fit(x, y, null, 1, 60, 150, 3, 0, false);
        assertThat(searched.hyper().warped()).isTrue();
        assertThat(plain.hyper().warped()).isFalse();
        // the low end of x₀ stretched (a < 1), where the response changes fastest
        assertThat(searched.hyper().logWarp()[0]).isNegative();
        double[][] test = uniform(new Random(12), 300, 2);
        assertThat(rmse(searched, test, GaussianProcessTest::logShaped)).isLessThan(0.7 * rmse(plain, test, GaussianProcessTest::logShaped));
    }

    @Test
    void aStationaryResponseIsNotWarped() {
        // as wavy everywhere in both inputs: stretching one end of either buys too little to pay for the warp
        Random r = new Random(13);
        double[][] x = uniform(r, 40, 2);
        double[] y = java.util.Arrays.stream(x).mapToDouble(row -> Math.sin(9 * row[0]) + Math.cos(7 * row[1]) + 0.05 * r.nextGaussian())
                .toArray();
        assertThat(GaussianProcess.fit(x, y, null, 1, 60, 150, 3, 0, true).hyper().warped()).isFalse();
    }

    @Test
    void thePartsOfAMixtureAreNotWarped() {
        Random r = new Random(11);
        double[][] x = new double[40][];
        for (int i = 0; i < x.length; i++) {
            double a = r.nextDouble();
            double b = r.nextDouble() * (1 - a);
            x[i] = new double[] {a, b, 1 - a - b}; // proportions of three components
        }
        double[] y = java.util.Arrays.stream(x).mapToDouble(row -> logShaped(row) + 0.01 * r.nextGaussian()).toArray();
        assertThat(GaussianProcess.dependent(x, new boolean[] {true, true, true})).isTrue();
        assertThat(GaussianProcess.dependent(x, new boolean[] {true, true, false})).isFalse();
        assertThat(GaussianProcess.fit(x, y, null, 1, 60, 150, 3, 0, true).hyper().warped()).isFalse();
    }

    @Test
    void independentInputsAreNotAMixtureButTooFewRowsCannotTell() {
        double[][] x = uniform(new Random(2), 30, 3);
        assertThat(GaussianProcess.dependent(x, new boolean[] {true, true, true})).isFalse();
        assertThat(GaussianProcess.dependent(java.util.Arrays.copyOf(x, 3), new boolean[] {true, true, true})).isTrue();
        assertThat(GaussianProcess.dependent(x, new boolean[] {false, false, false})).isFalse();
    }

    @Test
    void aWarpedSurrogateTakesInputsOutsideTheCubeAtItsEdges() {
        var h = new GaussianProcess.Hyper(new double[] {Math.log(0.3)}, 0, Math.log(1e-4), new double[] {-0.5, 0.4});
        GaussianProcess gp = GaussianProcess.fit(new double[][] {{0.1}, {0.9}}, new double[] {1, 2}, h, 0, 0, 100, 1);
        double[][] p = gp.predict(new double[][] {{-3}, {0}, {1}, {7}});
        assertThat(p[0][0]).isEqualTo(p[1][0]);
        assertThat(p[3][0]).isEqualTo(p[2][0]);
        assertThat(p[0][0]).isFinite();
    }

    @Test
    void thePosteriorCovarianceHasThePredictedVariancesOnItsDiagonal() {
        Random r = new Random(8);
        double[][] x = uniform(r, 25, 2);
        double[] y = java.util.Arrays.stream(x).mapToDouble(row -> Math.sin(4 * row[0]) + row[1] + 0.1 * r.nextGaussian()).toArray();
        for (boolean warped : new boolean[] {false, true}) {
            var h = new GaussianProcess.Hyper(new double[] {Math.log(0.4), Math.log(0.8)}, 0, Math.log(0.01),
                    warped ? new double[] {-0.4, 0.2, 0.3, -0.1} : null);
            GaussianProcess gp = GaussianProcess.fit(x, y, h, 0, 0, 100, 1);
            double[][] at = uniform(new Random(9), 6, 2);
            double[][] cov = gp.covariance(at);
            double[][] pred = gp.predict(at);
            for (int i = 0; i < at.length; i++) {
                assertThat(cov[i][i]).as("warped %s, point %d", warped, i).isCloseTo(pred[i][1], within(1e-9 * Math.max(1, pred[i][1])));
                for (int j = 0; j < at.length; j++) {
                    assertThat(cov[i][j]).isEqualTo(cov[j][i]);
                    // a correlation, so at most 1 in size
                    assertThat(cov[i][j] * cov[i][j]).isLessThanOrEqualTo(cov[i][i] * cov[j][j] * (1 + 1e-9));
                }
            }
        }
    }

    @Test
    void fittingFindsTheRelevantDimension() {
        Random r = new Random(5);
        double[][] x = new double[40][2];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i][0] = r.nextDouble();
            x[i][1] = r.nextDouble();
            y[i] = Math.sin(6 * x[i][0]); // the second input does nothing
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, null, 2, 150, 200, 7);
        double[] l = gp.hyper().logLengths();
        assertThat(l[1]).isGreaterThan(l[0] + 1); // irrelevant dimension: a much longer length scale
        double[][] p = gp.predict(new double[][] {{0.25, 0.9}});
        assertThat(p[0][0]).isCloseTo(Math.sin(1.5), within(0.05));
    }

    @Test
    void aStartFromShortLengthScalesEscapesALongScaleFitOfASharpResponse() {
        Random r = new Random(3);
        int n = 80;
        double[][] x = new double[n][4];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < 4; k++) {
                x[i][k] = r.nextDouble();
                s += Math.pow((x[i][k] - 0.5) / 0.2, 2);
            }
            y[i] = Math.exp(-s / 2) + Math.sin(9 * x[i][0]) * 0.3;
        }
        // a warm start far out where the dimension-scaled prior begins (every length 10)
        double[] longScales = new double[4];
        java.util.Arrays.fill(longScales, Math.log(10));
        var warm = new GaussianProcess.Hyper(longScales, 0, -4);
        GaussianProcess stuck = GaussianProcess.fit(x, y, warm, 0, 10, 200, 1, 0, false);
        GaussianProcess escaped = GaussianProcess.fit(x, y, warm, 0, 10, 200, 1, 0, true);
        assertThat(escaped.logLikelihood()).isGreaterThan(stuck.logLikelihood() + 5);
        assertThat(java.util.Arrays.stream(escaped.hyper().logLengths()).max().orElseThrow()).isLessThan(Math.log(3));
        assertThat(java.util.Arrays.stream(stuck.hyper().logLengths()).min().orElseThrow()).isGreaterThan(Math.log(3));
    }

    @Test
    void expectedImprovementMatchesItsFormula() {
        // at μ = best, EI = σ φ(0)
        assertThat(Acquisition.expectedImprovement(1, 2, 1)).isCloseTo(2 / Math.sqrt(2 * Math.PI), within(1e-7));
        // μ far above best: EI → μ - best
        assertThat(Acquisition.expectedImprovement(10, 0.1, 1)).isCloseTo(9, within(1e-6));
        // log-EI agrees with log(EI) where EI is representable, and stays finite far below
        assertThat(Acquisition.logExpectedImprovement(0, 1, 1)).isCloseTo(Math.log(Acquisition.expectedImprovement(0, 1, 1)), within(1e-6));
        assertThat(Acquisition.logExpectedImprovement(0, 1, 5.9)).isCloseTo(Math.log(Acquisition.expectedImprovement(0, 1, 5.9)), within(1e-3));
        double deep = Acquisition.logExpectedImprovement(0, 1, 40);
        assertThat(deep).isFinite().isLessThan(-700);
        assertThat(Acquisition.logExpectedImprovement(0, 1, 6.1)).isCloseTo(Math.log(Acquisition.expectedImprovement(0, 1, 6.1)), within(2e-2));
    }
}
