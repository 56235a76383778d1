package org.matdx.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * How quickly pool-based Bayesian optimisation finds the best experiments of a table, against
 * random sampling: the fraction of the top 5 % found after each experiment, averaged over seeds;
 * the acceleration factor (experiments random sampling needs ÷ experiments BO needs to reach a
 * fraction); and the enhancement factor (BO's fraction ÷ random's after the same number). Random
 * sampling without replacement is computed exactly: after k of N rows it has found k/N of any set.
 */
public final class PoolBenchmark {
    public record Run(long seed, List<Integer> chosen, double[] fractionFound, long suggestNanos) {
    }

    public record Summary(String table, int rows, int topCount, int budget, int batch, int seeds, double[] meanFraction,
                          double[] accelerationAt, double[] enhancementAt, List<Run> runs) {
        /** Fractions at which acceleration is reported. */
        public static final double[] LEVELS = {0.25, 0.5, 0.75, 1.0};
    }

    private PoolBenchmark() {
    }

    public static Summary run(BenchmarkTable t, int seeds, int budget, int batch, IntConsumer progress) {
        int n = t.size();
        int b = Math.min(budget, n);
        boolean[] top = t.top(0.05);
        int topCount = 0;
        for (boolean x : top) {
            topCount += x ? 1 : 0;
        }
        List<Run> runs = new ArrayList<>();
        double[] mean = new double[b];
        for (int s = 0; s < seeds; s++) {
            long seed = 1000L + s;
            PoolStrategy strategy = new PoolStrategy(t.features(), PoolStrategy.Settings.defaults(t.maximise(), seed));
            List<PoolStrategy.Observation> done = new ArrayList<>();
            List<Integer> chosen = new ArrayList<>();
            double[] frac = new double[b];
            int found = 0;
            long nanos = 0;
            while (chosen.size() < b) {
                long t0 = System.nanoTime();
                List<Integer> next = strategy.suggest(done, Math.min(batch, b - chosen.size()));
                nanos += System.nanoTime() - t0;
                for (int i : next) {
                    done.add(new PoolStrategy.Observation(i, t.values()[i]));
                    chosen.add(i);
                    found += top[i] ? 1 : 0;
                    frac[chosen.size() - 1] = (double) found / topCount;
                }
            }
            for (int k = 0; k < b; k++) {
                mean[k] += frac[k] / seeds;
            }
            runs.add(new Run(seed, chosen, frac, nanos));
            if (progress != null) {
                progress.accept(s + 1);
            }
        }
        double[] acc = new double[Summary.LEVELS.length];
        for (int l = 0; l < Summary.LEVELS.length; l++) {
            double level = Summary.LEVELS[l];
            int kBo = -1;
            for (int k = 0; k < b; k++) {
                if (mean[k] >= level - 1e-9) {
                    kBo = k + 1;
                    break;
                }
            }
            // random sampling finds a fraction f of the top rows after f·N experiments on average
            acc[l] = kBo < 0 ? Double.NaN : level * n / kBo;
        }
        double[] enh = new double[b];
        for (int k = 0; k < b; k++) {
            enh[k] = mean[k] / ((k + 1.0) / n);
        }
        return new Summary(t.name(), n, topCount, b, batch, seeds, mean, acc, enh, runs);
    }
}
