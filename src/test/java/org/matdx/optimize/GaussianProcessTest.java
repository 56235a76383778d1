package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

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

    @Test
    void analyticGradientMatchesFiniteDifferences() {
        Random r = new Random(3);
        double[][] x = new double[12][3];
        double[] y = new double[12];
        for (int i = 0; i < 12; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = r.nextDouble();
            }
            y[i] = Math.sin(3 * x[i][0]) + x[i][1] * x[i][1] + 0.05 * r.nextGaussian();
        }
        var h = new GaussianProcess.Hyper(new double[] {Math.log(0.4), Math.log(0.7), Math.log(1.3)}, Math.log(0.8), Math.log(0.03));
        double[] grad = new double[5];
        GaussianProcess.likelihood(x, y, h, grad);
        double[] p = h.pack();
        for (int i = 0; i < p.length; i++) {
            double[] up = p.clone();
            double[] down = p.clone();
            up[i] += 1e-5;
            down[i] -= 1e-5;
            double numeric = (GaussianProcess.likelihood(x, y, GaussianProcess.Hyper.unpack(up), null)
                    - GaussianProcess.likelihood(x, y, GaussianProcess.Hyper.unpack(down), null)) / 2e-5;
            assertThat(grad[i]).as("parameter %d", i).isCloseTo(numeric, within(1e-4 * Math.max(1, Math.abs(numeric))));
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
