package org.matdx.optimize;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Bayesian optimisation over a fixed set of candidates — rows of a table of possible experiments,
 * as PHYSBO's pool mode: only candidates may be proposed. Starts space-filling (greedy maximin
 * over the pool), then maximises an acquisition function of a Gaussian-process surrogate.
 * Batches use the kriging believer (each pick is assumed to come out at the predicted mean before
 * the next is chosen). Failed experiments teach a second surrogate of success, and the
 * acquisition is weighted by the probability of success, so regions that fail stop being proposed.
 */
public final class PoolStrategy {
    /** How the strategy is set up. {@code maximise}: larger objective values are better. */
    public record Settings(boolean maximise, Acquisition acquisition, double kappa, int initial, int restarts,
                           int iterations, int fitOn, boolean learnFailures, long seed) {
        public static Settings defaults(boolean maximise, long seed) {
            return new Settings(maximise, Acquisition.LOG_EI, 2.0, 5, 1, 60, 150, true, seed);
        }

        public Settings withoutFailureModel() {
            return new Settings(maximise, acquisition, kappa, initial, restarts, iterations, fitOn, false, seed);
        }
    }

    private final double[][] pool;
    private final Settings settings;
    private final Random rnd;
    private GaussianProcess.Hyper warm;

    public PoolStrategy(double[][] pool, Settings settings) {
        this.pool = pool;
        this.settings = settings;
        this.rnd = new Random(settings.seed());
    }

    /**
     * One observation: the candidate's index and its outcome — a value, null for a failed run, or
     * NaN for a candidate that is taken (running, abandoned) but has taught nothing.
     */
    public record Observation(int index, Double value) {
    }

    /** A proposed candidate and its expected improvement (objective units; NaN for space-filling picks). */
    public record Pick(int index, double expectedImprovement) {
    }

    /** The next {@code q} candidates to run, never one already run. */
    public List<Integer> suggest(List<Observation> done, int q) {
        return propose(done, q).stream().map(Pick::index).toList();
    }

    /** As {@link #suggest}, with each pick's expected improvement for stopping rules. */
    public List<Pick> propose(List<Observation> done, int q) {
        Set<Integer> taken = new HashSet<>();
        done.forEach(o -> taken.add(o.index()));
        List<Pick> picks = new ArrayList<>();
        List<Observation> ok = done.stream().filter(o -> o.value() != null && !o.value().isNaN()).toList();
        if (ok.size() < Math.max(2, settings.initial())) {
            while (picks.size() < q && taken.size() < pool.length) {
                int next = spaceFilling(taken);
                picks.add(new Pick(next, Double.NaN));
                taken.add(next);
            }
            return picks;
        }
        double sign = settings.maximise() ? 1 : -1;
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Observation o : ok) {
            xs.add(pool[o.index()]);
            ys.add(sign * o.value());
        }
        double best0 = ys.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (settings.learnFailures()) {
            // a failed run counts as the worst result so far in the objective model too, so the
            // surrogate stops predicting high values where runs fail (worst-value imputation)
            double worst = ys.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            for (Observation o : done) {
                if (o.value() == null) {
                    xs.add(pool[o.index()]);
                    ys.add(worst);
                }
            }
        }
        GaussianProcess gp = GaussianProcess.fit(xs.toArray(double[][]::new), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                // warm starts need only a few steps: the optimum moves little between rounds
                warm, warm == null ? settings.restarts() : 0, warm == null ? settings.iterations() : Math.max(5, settings.iterations() / 6),
                settings.fitOn(), rnd.nextLong());
        warm = gp.hyper();
        GaussianProcess feasibility = settings.learnFailures() ? feasibilityModel(done) : null;
        for (int k = 0; k < q && taken.size() < pool.length; k++) {
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < pool.length; i++) {
                if (!taken.contains(i)) {
                    open.add(i);
                }
            }
            double[][] cand = open.stream().map(i -> pool[i]).toArray(double[][]::new);
            double[][] pred = gp.predict(cand);
            double[][] pFeas = feasibility == null ? null : feasibility.predict(cand);
            double best = best0;
            int bestIdx = -1;
            int bestJ = -1;
            double bestVal = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cand.length; j++) {
                double a = settings.acquisition().value(pred[j][0], pred[j][1], best, settings.kappa());
                if (pFeas != null) {
                    double logP = Acquisition.logProbabilityOfSuccess(pFeas[j][0], pFeas[j][1]);
                    a = settings.acquisition() == Acquisition.LOG_EI ? a + logP : a * Math.exp(logP);
                }
                if (a > bestVal) {
                    bestVal = a;
                    bestIdx = open.get(j);
                    bestJ = j;
                }
            }
            picks.add(new Pick(bestIdx, Acquisition.expectedImprovement(pred[bestJ][0], Math.sqrt(pred[bestJ][1]), best)));
            taken.add(bestIdx);
            if (k + 1 < q) {
                // kriging believer: pretend the pick came out at the predicted mean, condition on it
                xs.add(pool[bestIdx]);
                ys.add(gp.predict(new double[][] {pool[bestIdx]})[0][0]);
                gp = GaussianProcess.fit(xs.toArray(double[][]::new), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                        warm, 0, 0, settings.fitOn(), rnd.nextLong());
            }
        }
        return picks;
    }

    /** A surrogate of success (1) versus failure (0), or null while nothing has failed. */
    private GaussianProcess feasibilityModel(List<Observation> done) {
        if (done.stream().noneMatch(o -> o.value() == null)) {
            return null;
        }
        List<Observation> known = done.stream().filter(o -> o.value() == null || !o.value().isNaN()).toList();
        double[][] x = known.stream().map(o -> pool[o.index()]).toArray(double[][]::new);
        double[] y = known.stream().mapToDouble(o -> o.value() == null ? 0 : 1).toArray();
        return GaussianProcess.fit(x, y, null, 0, 40, settings.fitOn(), rnd.nextLong());
    }

    /** The open candidate farthest from everything run so far (a random one to begin with). */
    private int spaceFilling(Set<Integer> taken) {
        if (taken.isEmpty()) {
            return rnd.nextInt(pool.length);
        }
        int best = -1;
        double bestDist = -1;
        // a random subset keeps this cheap on large pools and varies the start between seeds
        int tries = Math.min(pool.length, 2000);
        for (int t = 0; t < tries; t++) {
            int i = tries == pool.length ? t : rnd.nextInt(pool.length);
            if (taken.contains(i)) {
                continue;
            }
            double dmin = Double.MAX_VALUE;
            for (int j : taken) {
                dmin = Math.min(dmin, dist2(pool[i], pool[j]));
            }
            if (dmin > bestDist + 1e-12 || (Math.abs(dmin - bestDist) <= 1e-12 && rnd.nextBoolean())) {
                bestDist = dmin;
                best = i;
            }
        }
        if (best < 0) {
            for (int i = 0; i < pool.length; i++) {
                if (!taken.contains(i)) {
                    return i;
                }
            }
        }
        return best;
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            s += d * d;
        }
        return s;
    }
}
