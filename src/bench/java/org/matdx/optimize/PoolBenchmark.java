package org.matdx.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

/**
 * How quickly pool-based Bayesian optimisation finds the best experiments of a table, against
 * random sampling, in two protocols.
 *
 * <p>Mean curve: the fraction of the top 5 % (ties included) found after each experiment,
 * averaged over seeds; the acceleration factor (experiments random sampling needs ÷ experiments BO
 * needs for the mean to reach a fraction); and the enhancement factor (BO's fraction ÷ random's
 * after the same number). Random sampling without replacement finds k/N of any set after k of N.
 *
 * <p>Median draws, as the reference scorer ({@code ../shared/tools/bo-reference/bo_ref.py}): the
 * top set is the ⌈5 % · N⌉ best rows; for each seed the experiments needed to find a fraction f of
 * them; AF_f = f·k·(N+1)/(k+1) (random's expected draws) ÷ the median over seeds, undefined unless
 * every seed got there.
 */
public final class PoolBenchmark {
    public record Run(long seed, List<Integer> chosen, double[] fractionFound, long suggestNanos) {
    }

    public record Summary(String table, int rows, int topCount, int budget, int batch, int seeds, double[] meanFraction,
                          double[] accelerationAt, double[] enhancementAt, List<Run> runs, double[] medianAf) {
        /** Fractions at which acceleration is reported. */
        public static final double[] LEVELS = {0.25, 0.5, 0.75, 1.0};
        /** Fractions at which the reference scorer reports its median-draws acceleration. */
        public static final double[] MEDIAN_LEVELS = {0.5, 0.8, 1.0};
    }

    private PoolBenchmark() {
    }

    /**
     * Runs {@code seeds} campaigns of at most {@code budget} experiments each; a budget of the whole
     * table stops a run once every top row is found (nothing after that changes any figure).
     */
    public static Summary run(BenchmarkTable t, int seeds, int budget, int batch, IntConsumer progress) {
        return run(t, seeds, budget, batch, progress, seed -> PoolStrategy.Settings.defaults(t.maximise(), seed));
    }

    public static Summary run(BenchmarkTable t, int seeds, int budget, int batch, IntConsumer progress,
                              LongFunction<PoolStrategy.Settings> settings) {
        return run(t, seeds, budget, batch, progress, settings, null);
    }

    /** As above, each run starting with earlier related results ({@code prior}, null for none). */
    public static Summary run(BenchmarkTable t, int seeds, int budget, int batch, IntConsumer progress,
                              LongFunction<PoolStrategy.Settings> settings, PoolStrategy.Prior prior) {
        int n = t.size();
        int b = Math.min(budget, n);
        boolean untilFound = b >= n;
        boolean[] top = t.top(0.05);
        int topCount = 0;
        for (boolean x : top) {
            topCount += x ? 1 : 0;
        }
        List<Run> runs = new ArrayList<>();
        double[] mean = new double[b];
        for (int s = 0; s < seeds; s++) {
            long seed = 1000L + s;
            PoolStrategy strategy = new PoolStrategy(t.features(), settings.apply(seed), prior);
            List<PoolStrategy.Observation> done = new ArrayList<>();
            List<Integer> chosen = new ArrayList<>();
            double[] frac = new double[b];
            int found = 0;
            long nanos = 0;
            while (chosen.size() < b && !(untilFound && found == topCount)) {
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
            Arrays.fill(frac, chosen.size(), b, (double) found / topCount);
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
        return new Summary(t.name(), n, topCount, b, batch, seeds, mean, acc, enh, runs, medianAf(t, runs));
    }

    /** The reference scorer's acceleration factors at {@link Summary#MEDIAN_LEVELS} (NaN where a seed fell short). */
    static double[] medianAf(BenchmarkTable t, List<Run> runs) {
        int n = t.size();
        int k = (int) Math.ceil(0.05 * n);
        double sign = t.maximise() ? -1 : 1;
        boolean[] top = new boolean[n];
        IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> sign * t.values()[i])).limit(k).forEach(i -> top[i] = true);
        double[] af = new double[Summary.MEDIAN_LEVELS.length];
        for (int l = 0; l < af.length; l++) {
            double f = Summary.MEDIAN_LEVELS[l];
            double[] draws = new double[runs.size()];
            boolean all = true;
            for (int r = 0; r < runs.size(); r++) {
                int got = 0;
                draws[r] = -1;
                List<Integer> chosen = runs.get(r).chosen();
                for (int j = 0; j < chosen.size(); j++) {
                    got += top[chosen.get(j)] ? 1 : 0;
                    if (got >= f * k - 1e-9) {
                        draws[r] = j + 1;
                        break;
                    }
                }
                all &= draws[r] > 0;
            }
            if (!all || draws.length == 0) {
                af[l] = Double.NaN;
                continue;
            }
            Arrays.sort(draws);
            int m = draws.length;
            double median = m % 2 == 1 ? draws[m / 2] : (draws[m / 2 - 1] + draws[m / 2]) / 2;
            af[l] = f * k * (n + 1.0) / (k + 1) / median;
        }
        return af;
    }
}
