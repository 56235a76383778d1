package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference scorer's acceleration factors (bo_ref.py --score), recomputed by hand. */
class PoolBenchmarkTest {
    @Test
    void medianDrawsAccelerationAsTheReferenceScorer() {
        int n = 20;
        double[] values = new double[n];
        List<String[]> rows = new ArrayList<>();
        double[][] x = new double[n][1];
        for (int i = 0; i < n; i++) {
            values[i] = -i; // maximised: row 0 is the single top row (⌈5 % · 20⌉ = 1)
            x[i][0] = i / 19.0;
            rows.add(new String[] {"" + x[i][0]});
        }
        var t = new BenchmarkTable("t", new ParameterSpace(List.of(new Parameter.Continuous("a", 0, 1, false)), false), "y", true,
                rows, values, x);
        List<PoolBenchmark.Run> runs = List.of(run(5, 6, 0), run(7, 8, 9, 10, 0), run(1, 2, 3, 4, 5, 6, 7, 8, 9, 0));
        double[] af = PoolBenchmark.medianAf(t, runs);
        // median draws to the top row: 5; random needs f·k·(N+1)/(k+1) = f · 10.5
        assertThat(af[0]).isCloseTo(0.5 * 10.5 / 5, within(1e-12));
        assertThat(af[1]).isCloseTo(0.8 * 10.5 / 5, within(1e-12));
        assertThat(af[2]).isCloseTo(10.5 / 5, within(1e-12));
        // one seed that never gets there: undefined, as the scorer's null
        assertThat(PoolBenchmark.medianAf(t, List.of(run(5, 0), run(1, 2)))[1]).isNaN();
    }

    private static PoolBenchmark.Run run(Integer... chosen) {
        return new PoolBenchmark.Run(0, List.of(chosen), new double[0], 0);
    }
}
