package org.matdx.diffraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fit's parts: analytic derivatives, and a two-phase fit that recovers what made the pattern. */
class WholePatternFitTest {

    @Test
    void analyticJacobianAgreesWithFiniteDifferences() {
        StickPattern rutile = Phases.sticks("rutile.cif");
        StickPattern corundum = Phases.sticks("corundum.cif");
        MeasuredPattern m = SyntheticPatterns.pattern(List.of(SyntheticPatterns.Component.of(rutile, 0.6),
                SyntheticPatterns.Component.of(corundum, 0.4)), SyntheticPatterns.Scan.laboratory(), new SplittableRandom(1));
        WholePatternFit fit = new WholePatternFit(m.twoTheta(), m.intensity(), m.radiation());
        List<WholePatternFit.Phase> phases = List.of(
                WholePatternFit.Phase.start(new Candidate("r", "rutile", "TiO2", rutile), 0.001).with(2e-3, 0.03, new double[] {0.001, -0.002}),
                WholePatternFit.Phase.start(new Candidate("c", "corundum", "Al2O3", corundum), 0).with(1e-3, 0.02, new double[] {0.0005, 0.001}));
        int[] offset = {WholePatternFit.GLOBALS, WholePatternFit.GLOBALS + 4};
        double[] p = new double[WholePatternFit.GLOBALS + 8];
        p[WholePatternFit.ZERO] = 0.03;
        p[WholePatternFit.DISPLACEMENT] = -0.02;
        p[WholePatternFit.U] = 0.01;
        p[WholePatternFit.V] = -0.004;
        p[WholePatternFit.W] = 0.005;
        p[WholePatternFit.ETA] = 0.4;
        p[WholePatternFit.RATIO] = 0.45;
        p[WholePatternFit.BACKGROUND] = 200;
        double[] own = {2e-3, 0.03, 0.001, -0.002, 1e-3, 0.02, 0.0005, 0.001};
        System.arraycopy(own, 0, p, WholePatternFit.GLOBALS, own.length);
        double[] prior = new double[p.length];
        var analytic = fit.valueAndJacobian(p, phases, offset, prior).getSecond();
        int rows = m.points();
        double[] steps = new double[p.length];
        java.util.Arrays.fill(steps, 1e-6);
        steps[WholePatternFit.ZERO] = 1e-5;
        steps[WholePatternFit.DISPLACEMENT] = 1e-5;
        steps[WholePatternFit.ETA] = 1e-5;
        steps[WholePatternFit.RATIO] = 1e-5;
        // a profile is cut 12 widths from its centre, so a step of a width or position parameter can move a point in or
        // out of a window: the finite difference of that point is a jump, not a derivative; such points are allowed
        for (int j = 0; j < p.length; j++) {
            double[] up = p.clone();
            double[] down = p.clone();
            up[j] += steps[j];
            down[j] -= steps[j];
            var vu = fit.valueAndJacobian(up, phases, offset, prior).getFirst();
            var vd = fit.valueAndJacobian(down, phases, offset, prior).getFirst();
            double[] fd = new double[rows];
            double max = 0;
            for (int i = 0; i < rows; i++) {
                fd[i] = (vu.getEntry(i) - vd.getEntry(i)) / (2 * steps[j]);
                max = Math.max(max, Math.abs(fd[i]));
            }
            int off = 0;
            for (int i = 0; i < rows; i++) {
                if (Math.abs(fd[i] - analytic.getEntry(i, j)) > 1e-3 * max + 1e-9) {
                    off++;
                }
            }
            assertThat(off).as("rows where column %d differs", j).isLessThanOrEqualTo(3);
        }
    }
}
