package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A private model's outputs are multiples of its stated resolution, printed as such. */
class ResolutionGridTest {
    @Test
    void outputsPrintAsMultiplesOfTheResolution() {
        assertThat(Math.round(1.19 / 0.1) * 0.1).as("the binary product this replaces").isEqualTo(1.2000000000000002);
        assertThat(ModelService.onGrid(1.19, 0.1)).isEqualTo(1.2);
        assertThat(Double.toString(ModelService.onGrid(1.19, 0.1))).isEqualTo("1.2");
        for (double res : new double[] {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5}) {
            for (int k = -300; k <= 300; k++) {
                double v = ModelService.onGrid(k * 0.0371, res);
                BigDecimal printed = new BigDecimal(Double.toString(v));
                assertThat(printed.remainder(BigDecimal.valueOf(res)).signum()).as(v + " on a grid of " + res).isZero();
                assertThat(Math.abs(v - k * 0.0371)).isLessThanOrEqualTo(res / 2 + 1e-12);
            }
        }
    }
}
