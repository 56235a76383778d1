package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoTest {
    @Test
    void frontAndHypervolumeOfASmallSet() {
        double[][] v = {{1, 5}, {2, 4}, {3, 1}, {1.5, 3}, {0.5, 0.5}};
        assertThat(Pareto.front(v)).containsExactly(0, 1, 2);
        // reference (0, 0): staircase 1×5 + (2−1)×4 + (3−2)×1 = 10
        assertThat(Pareto.hypervolume(v, new double[] {0, 0})).isCloseTo(10, within(1e-12));
        // three objectives: a single point's box, estimated by sampling
        assertThat(Pareto.hypervolume(new double[][] {{1, 2, 3}}, new double[] {0, 0, 0})).isCloseTo(6, within(1e-9));
        assertThat(Pareto.hypervolume(new double[][] {{1, 1, 1}, {2, 0.5, 0.5}}, new double[] {0, 0, 0}))
                .isCloseTo(1 + 0.25, within(0.03));
    }

    @Test
    void paregoRanksTheIdealPointFirstForAnyWeights() {
        double[][] v = {{10, 10}, {0, 5}, {5, 0}};
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            double[] s = Pareto.parego(v, Pareto.weights(2, r));
            assertThat(s[0]).isGreaterThan(s[1]).isGreaterThan(Double.NEGATIVE_INFINITY);
            assertThat(s[0]).isGreaterThan(s[2]);
            assertThat(s[0]).isEqualTo(0.0);
        }
    }
}
