package org.matdx.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.DoubleStream;

/**
 * Bayesian optimisation over a fixed set of candidates — rows of a table of possible experiments,
 * as PHYSBO's pool mode: only candidates may be proposed. Starts space-filling (greedy maximin
 * over the pool), then maximises an acquisition function of a Gaussian-process surrogate.
 * Batches use the kriging believer (each pick is assumed to come out at the predicted mean before
 * the next is chosen). Failed experiments teach a second surrogate of success, and the
 * acquisition is weighted by the probability of success, so regions that fail stop being proposed.
 * With two objectives the acquisition can be the exact expected hypervolume improvement
 * ({@link Ehvi}) over one surrogate per objective. A {@link BatchRule} holds some settings fixed
 * across a batch: the first pick chooses them, the rest of the batch is chosen among candidates
 * that share them. The objective is modelled after an {@link OutputTransform} the data choose
 * (multi-decade or heavy-tailed values), and expected improvements are reported in its own units.
 */
public final class PoolStrategy {
    /**
     * How the strategy is set up. {@code maximise}: larger objective values are better.
     * {@code nextRun}: expected improvement is that of the value the next run will return (the
     * surrogate's posterior plus the scatter between runs it has learnt), not of the posterior alone.
     */
    public record Settings(boolean maximise, Acquisition acquisition, double kappa, int initial, int restarts,
                           int iterations, int fitOn, boolean learnFailures, long seed, boolean ehvi, OutputTransform.Kind transform,
                           int refitEvery, boolean trustRegion, boolean nextRun) {
        public Settings(boolean maximise, Acquisition acquisition, double kappa, int initial, int restarts,
                        int iterations, int fitOn, boolean learnFailures, long seed) {
            // refits from short length scales every 5 rounds and the trust region, released when it
            // collapses: hplc, oer_plate_3496 and buchwald_a find 0.57, 0.54 and 0.89 of their top rows after
            // 150 experiments instead of 0.43, 0.43 and 0.73; the smaller tables stay level (docs/BENCHMARKS.md,
            // issue 20)
            // the next run's improvement: hplc, oer_plate_3496 and buchwald_a find 0.76, 0.68 and 0.90 of their
            // top rows after 150 experiments instead of 0.67, 0.57 and 0.84 on the posterior alone; 16 of 23
            // smaller tables need fewer experiments to find 80 % of theirs (docs/BENCHMARKS.md, issue 20)
            this(maximise, acquisition, kappa, initial, restarts, iterations, fitOn, learnFailures, seed, false, OutputTransform.Kind.AUTO,
                    DEFAULT_REFIT_EVERY, true, true);
        }

        /** Rounds between full refits from the warm start and from short length scales, by default. */
        public static final int DEFAULT_REFIT_EVERY = 5;

        public Settings withTransform(OutputTransform.Kind kind) {
            return new Settings(maximise, acquisition, kappa, initial, restarts, iterations, fitOn, learnFailures, seed, ehvi, kind,
                    refitEvery, trustRegion, nextRun);
        }

        /**
         * Every {@code rounds} rounds a full hyper-parameter refit from the warm start and from short
         * length scales, the better posterior kept, with plain or warped inputs as the data say
         * (0: warm-started steps only, never warped); with or without the trust region ({@link PoolTrustRegion}).
         */
        public Settings withSurrogateSearch(int rounds, boolean region) {
            return new Settings(maximise, acquisition, kappa, initial, restarts, iterations, fitOn, learnFailures, seed, ehvi, transform,
                    rounds, region, nextRun);
        }

        public static Settings defaults(boolean maximise, long seed) {
            return new Settings(maximise, Acquisition.LOG_EI, 2.0, 5, 1, 60, 150, true, seed);
        }

        public Settings withoutFailureModel() {
            return new Settings(maximise, acquisition, kappa, initial, restarts, iterations, fitOn, false, seed, ehvi, transform,
                    refitEvery, trustRegion, nextRun);
        }

        /** Two objectives by expected hypervolume improvement (observations carry vectors, larger is better). */
        public Settings withEhvi() {
            return new Settings(true, acquisition, kappa, initial, restarts, iterations, fitOn, learnFailures, seed, true, transform,
                    refitEvery, trustRegion, nextRun);
        }

        /** Expected improvement of the surrogate's posterior alone, without the scatter between runs. */
        public Settings withImprovementOfThePosterior() {
            return new Settings(maximise, acquisition, kappa, initial, restarts, iterations, fitOn, learnFailures, seed, ehvi, transform,
                    refitEvery, trustRegion, false);
        }
    }

    /**
     * Settings shared across a batch. Once the first pick of a batch is known, says which
     * candidates may join it, and may add new ones (continuous spaces: fresh candidates drawn
     * with the shared settings, so the rest of the batch is optimised conditional on them).
     */
    public interface BatchRule {
        Extension after(int firstPick);

        /** Candidates to add (encoded, appended to the pool in order) and which pool rows may join the batch. */
        record Extension(double[][] added, IntPredicate allowed) {
        }
    }

    /**
     * Results of earlier related experiments — other campaigns of the same objective in the same
     * units — as points of this campaign's encoded space and their values. They join the
     * objective's surrogate as a second task: every input gains a task coordinate (0 here, 1 for
     * the earlier results) with its own ARD length scale, so the fit learns how far the earlier
     * results carry over — a long scale when the tasks agree, a short one (and little influence)
     * when they do not. This is the intrinsic-coregionalisation idea of multi-task BO (Swersky,
     * Snoek & Adams, NeurIPS 2013) with the task correlation given by the kernel itself.
     */
    public record Prior(double[][] x, double[] values) {
        public Prior {
            if (x.length != values.length) {
                throw new IllegalArgumentException("a prior needs one value per point");
            }
        }
    }

    private double[][] pool;
    private final Settings settings;
    private final Random rnd;
    private final double[][] priorX;
    private final double[] priorY;
    private final double[][] priorPlain;
    private GaussianProcess priorModel;
    private GaussianProcess.Hyper warm;
    private GaussianProcess.Hyper[] warmEach;
    private final PoolTrustRegion trustRegion;
    private int rounds;

    public PoolStrategy(double[][] pool, Settings settings) {
        this(pool, settings, null);
    }

    /** With earlier related results (ignored by the two-objective EHVI acquisition, which models each objective alone). */
    public PoolStrategy(double[][] pool, Settings settings, Prior prior) {
        boolean transfer = prior != null && prior.values().length > 0 && !settings.ehvi();
        this.pool = transfer ? withTask(pool, 0) : pool;
        this.priorX = transfer ? withTask(prior.x(), 1) : null;
        this.priorY = transfer ? prior.values().clone() : null;
        this.priorPlain = transfer ? prior.x() : null;
        this.settings = settings;
        this.rnd = new Random(settings.seed());
        this.trustRegion = settings.trustRegion() ? new PoolTrustRegion() : null;
    }

    private static double[][] withTask(double[][] rows, double task) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = Arrays.copyOf(rows[i], rows[i].length + 1);
            out[i][rows[i].length] = task;
        }
        return out;
    }

    /**
     * One observation: the candidate's index and its outcome — a value, null for a failed run, or
     * NaN for a candidate that is taken (running, abandoned) but has taught nothing.
     */
    public record Observation(int index, Double value, double[] vector) {
        public Observation(int index, Double value) {
            this(index, value, null);
        }
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
        return propose(done, q, null);
    }

    /**
     * As {@link #propose(List, int)}; with a batch rule, picks after the first come only from
     * candidates the rule allows (the pool may grow; indices of added rows follow the pool's).
     */
    public List<Pick> propose(List<Observation> done, int q, BatchRule rule) {
        Set<Integer> taken = new HashSet<>();
        done.forEach(o -> taken.add(o.index()));
        List<Pick> picks = new ArrayList<>();
        List<Observation> ok = done.stream().filter(this::measured).toList();
        // earlier related results replace the space-filling start: the surrogate has data from the first pick
        if (ok.size() < (priorY != null ? 0 : Math.max(2, settings.initial()))) {
            IntPredicate allowed = i -> true;
            while (picks.size() < q && taken.size() < pool.length) {
                int next = spaceFilling(taken, allowed);
                if (next < 0) {
                    break;
                }
                picks.add(new Pick(next, Double.NaN));
                taken.add(next);
                if (picks.size() == 1 && rule != null && q > 1) {
                    allowed = extend(rule, next);
                }
            }
            return picks;
        }
        return settings.ehvi() ? proposeEhvi(done, ok, q, taken, rule) : proposeSingle(done, ok, q, taken, rule);
    }

    /** The trust region's side so far (NaN without one). */
    double trustRegionLength() {
        return trustRegion == null ? Double.NaN : trustRegion.length();
    }

    /** The highest posterior mean among the points run (in the surrogate's units): plug-in EI's incumbent. */
    static double incumbent(GaussianProcess gp, double[][] run) {
        return Arrays.stream(gp.predict(run)).mapToDouble(p -> p[0]).max().orElseThrow();
    }

    /** Draws of the incumbent per proposal: enough that the averaged improvement is smooth across candidates. */
    static final int INCUMBENT_DRAWS = 64;
    /** At most this many points run take part in the incumbent's draws: those most likely to be the best. */
    static final int INCUMBENT_POINTS = 256;

    /**
     * Draws of the best the objective really is among the points run: each the maximum of one joint
     * draw of the surrogate's posterior at those points (surrogate units). With noisy results neither
     * the best value seen (a lucky draw) nor the best posterior mean (plug-in EI: below the true best
     * whenever the posterior is unsure which point is best) is the incumbent; noisy expected
     * improvement averages over it (Letham, Karrer, Ottoni and Bakshy 2019, BoTorch's choice for noisy
     * observations). Here the draws of the incumbent are independent of the candidate's value, a
     * simplification that keeps a proposal one posterior covariance of the points run. Falls back to
     * the plug-in incumbent when that covariance cannot be factorised.
     */
    static double[] incumbents(GaussianProcess gp, double[][] all, int draws, Random rnd) {
        double[][] run = contenders(gp, all);
        double[][] f = gp.jointDraws(run, draws, rnd);
        double[] out = new double[draws];
        if (f == null) {
            Arrays.fill(out, incumbent(gp, run));
            return out;
        }
        for (int s = 0; s < draws; s++) {
            out[s] = Arrays.stream(f[s]).max().orElseThrow();
        }
        return out;
    }

    /**
     * The points run that take part in the incumbent's draws: all of them up to
     * {@link #INCUMBENT_POINTS}; beyond, those with the highest posterior mean plus two standard
     * deviations (in their order of running). A campaign with thousands of results would otherwise
     * factor a covariance of all of them every proposal, for points that are almost never the best.
     */
    static double[][] contenders(GaussianProcess gp, double[][] run) {
        if (run.length <= INCUMBENT_POINTS) {
            return run;
        }
        double[][] p = gp.predict(run);
        double[] upper = new double[run.length];
        for (int i = 0; i < run.length; i++) {
            upper[i] = p[i][0] + 2 * Math.sqrt(Math.max(p[i][1], 0));
        }
        return java.util.stream.IntStream.range(0, run.length).boxed()
                .sorted((a, b) -> Double.compare(upper[b], upper[a]))
                .limit(INCUMBENT_POINTS)
                .sorted()
                .map(i -> run[i])
                .toArray(double[][]::new);
    }

    /** log of the expected improvement averaged over draws of the incumbent (log-sum-exp, stable in the tail). */
    static double logNoisyExpectedImprovement(double mean, double variance, double[] incumbents) {
        double sd = Math.sqrt(Math.max(variance, 1e-18));
        double[] logs = new double[incumbents.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < logs.length; t++) {
            logs[t] = Acquisition.logExpectedImprovement(mean, sd, incumbents[t]);
            max = Math.max(max, logs[t]);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum / logs.length);
    }

    /** Whether the surrogate of the last proposal warps its inputs (see {@link GaussianProcess.Hyper}). */
    boolean surrogateWarped() {
        return warm != null && warm.warped();
    }

    /** Whether the trust region has collapsed and is released (false without one). */
    boolean trustRegionReleased() {
        return trustRegion != null && trustRegion.released();
    }

    /** The trust region's candidates around this campaign's best result so far (see {@link PoolTrustRegion}). */
    private IntPredicate regionAround(List<Observation> ok, double sign, GaussianProcess gp, Set<Integer> taken) {
        double[] v = ok.stream().mapToDouble(o -> sign * o.value()).toArray();
        int dims = priorY != null ? pool[0].length - 1 : pool[0].length;
        if (trustRegion.seen() == 0) {
            // a campaign asks a fresh strategy each round: the region's history is replayed from its
            // results, one result a round (how they were batched is not recorded)
            for (int m = Math.min(v.length, Math.max(2, settings.initial())); m < v.length; m++) {
                trustRegion.update(Arrays.copyOf(v, m), dims);
            }
        }
        trustRegion.update(v, dims);
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        // the box lives where the length scales do: in the surrogate's inputs, warped when it warps them
        double[][] warped = GaussianProcess.warp(pool, gp.hyper());
        return trustRegion.inside(warped, warped[ok.get(best).index()], gp.hyper().logLengths(), dims, taken);
    }

    private boolean measured(Observation o) {
        return settings.ehvi() ? o.vector() != null : o.value() != null && !o.value().isNaN();
    }

    private IntPredicate extend(BatchRule rule, int first) {
        BatchRule.Extension e = rule.after(first);
        if (e.added().length > 0) {
            double[][] added = priorY != null ? withTask(e.added(), 0) : e.added();
            double[][] grown = Arrays.copyOf(pool, pool.length + added.length);
            System.arraycopy(added, 0, grown, pool.length, added.length);
            pool = grown;
        }
        return e.allowed();
    }

    private List<Integer> open(Set<Integer> taken, IntPredicate allowed) {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < pool.length; i++) {
            if (!taken.contains(i) && allowed.test(i)) {
                open.add(i);
            }
        }
        return open;
    }

    private List<Pick> proposeSingle(List<Observation> done, List<Observation> ok, int q, Set<Integer> taken, BatchRule rule) {
        List<Pick> picks = new ArrayList<>();
        double sign = settings.maximise() ? 1 : -1;
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double[] measuredValues = ok.stream().mapToDouble(Observation::value).toArray();
        // one transform for this campaign's and the earlier results: the same objective in the same units
        OutputTransform warp = OutputTransform.fit(settings.transform(), priorY == null ? measuredValues
                : DoubleStream.concat(Arrays.stream(measuredValues), Arrays.stream(priorY)).toArray());
        double bestMeasured = Double.NaN;
        for (Observation o : ok) {
            xs.add(pool[o.index()]);
            ys.add(sign * warp.forward(o.value()));
            if (Double.isNaN(bestMeasured) || sign * (o.value() - bestMeasured) > 0) {
                bestMeasured = o.value();
            }
        }
        double[] earlier = new double[0];
        if (priorY != null && earlierStillRank(ok)) {
            earlier = alignedPrior(ok).clone();
            for (int i = 0; i < earlier.length; i++) {
                earlier[i] = sign * warp.forward(earlier[i]);
            }
        }
        if (settings.learnFailures()) {
            // a failed run counts as the worst result so far in the objective model too, so the
            // surrogate stops predicting high values where runs fail (worst-value imputation)
            double worst = DoubleStream.concat(ys.stream().mapToDouble(Double::doubleValue), Arrays.stream(earlier))
                    .min().orElse(0);
            for (Observation o : done) {
                if (o.value() == null) {
                    xs.add(pool[o.index()]);
                    ys.add(worst);
                }
            }
        }
        // this campaign's own results first: a fit on a subset always sees them (without earlier
        // results, a random subset as before: the oldest 150 would say little about the optimum's region)
        int own = earlier.length == 0 ? 0 : xs.size();
        for (int i = 0; i < earlier.length; i++) {
            xs.add(priorX[i]);
            ys.add(earlier[i]);
        }
        rounds++;
        // now and then a full refit that also starts from short length scales: warm-started steps
        // alone stay in whichever mode the first rounds found, and on a sharp response that can be
        // one where a few inputs explain everything (length scales at the bound) and the others nothing
        boolean refit = warm != null && settings.refitEvery() > 0 && rounds % settings.refitEvery() == 0;
        GaussianProcess gp = GaussianProcess.fit(xs.toArray(double[][]::new), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                // warm starts need only a few steps: the optimum moves little between rounds
                warm, warm == null ? settings.restarts() : 0, warm == null || refit ? settings.iterations() : Math.max(5, settings.iterations() / 6),
                settings.fitOn(), rnd.nextLong(), own, settings.refitEvery() > 0 && (warm == null || refit));
        warm = gp.hyper();
        // the incumbent improvement is measured from: draws of the best this campaign's own results (the first
        // ok.size() rows of xs) really are, not the best value seen — with noisy results that one is a lucky
        // draw, and EI against it under-rates everything else — nor the best posterior mean alone (plug-in EI),
        // which sits below the true best when the surrogate is unsure which result is best (noisy EI; see
        // incumbents). Against the best value seen: photo_pce10 0.80 → 0.88 of its top rows after 150
        // experiments, hplc 0.57 → 0.67; against plug-in EI, colors_bob's 80 % in 39 experiments instead of 43
        // (docs/BENCHMARKS.md). Before the first result: none, and EI from the best predicted (below)
        double[] noisyBest = ok.isEmpty() || settings.acquisition() == Acquisition.UCB ? null
                : incumbents(gp, xs.subList(0, ok.size()).toArray(double[][]::new), INCUMBENT_DRAWS, new Random(rnd.nextLong()));
        IntPredicate region = trustRegion == null || ok.isEmpty() ? i -> true : regionAround(ok, sign, gp, taken);
        GaussianProcess feasibility = settings.learnFailures() ? feasibilityModel(done) : null;
        IntPredicate allowed = i -> true;
        for (int k = 0; k < q; k++) {
            IntPredicate a0 = allowed;
            List<Integer> open = open(taken, i -> a0.test(i) && region.test(i));
            if (open.isEmpty()) {
                open = open(taken, allowed);
            }
            if (open.isEmpty()) {
                break;
            }
            double[][] cand = open.stream().map(i -> pool[i]).toArray(double[][]::new);
            double[][] pred = gp.predict(cand);
            double[][] pFeas = feasibility == null ? null : feasibility.predict(cand);
            // without a result yet (earlier results only), or for UCB: EI from the best predicted
            double best = noisyBest != null ? Double.NaN : Arrays.stream(pred).mapToDouble(p -> p[0]).max().orElse(0);
            int bestIdx = -1;
            int bestJ = -1;
            double bestVal = Double.NEGATIVE_INFINITY;
            // with earlier results and nothing measured yet, the first pick goes where they say is best
            boolean exploit = k == 0 && ok.isEmpty() && priorY != null && pFeas == null;
            // the improvement a pick can bring is that of the value the experiment will return: the
            // surrogate's posterior plus the scatter between runs it has learnt. On the posterior alone a
            // candidate close to a run point looks settled, though its run may come out well above it
            double scatter = settings.nextRun() ? gp.noiseVariance() : 0;
            for (int j = 0; j < cand.length; j++) {
                double a;
                if (exploit) {
                    a = pred[j][0];
                } else if (noisyBest != null) {
                    double log = logNoisyExpectedImprovement(pred[j][0], pred[j][1] + scatter, noisyBest);
                    a = settings.acquisition() == Acquisition.LOG_EI ? log : Math.exp(log);
                } else {
                    a = settings.acquisition().value(pred[j][0], pred[j][1], best, settings.kappa());
                }
                if (pFeas != null) {
                    double logP = Acquisition.logProbabilityOfSuccess(pFeas[j][0], pFeas[j][1]);
                    a = settings.acquisition() == Acquisition.LOG_EI ? a + logP : a * Math.exp(logP);
                }
                if (a > bestVal || bestIdx < 0) {
                    bestVal = a;
                    bestIdx = open.get(j);
                    bestJ = j;
                }
            }
            // reported in the objective's units, for stopping rules the user states in them
            picks.add(new Pick(bestIdx, warp.expectedImprovement(pred[bestJ][0], Math.sqrt(pred[bestJ][1]), bestMeasured, sign)));
            taken.add(bestIdx);
            if (k == 0 && rule != null && q > 1) {
                allowed = extend(rule, bestIdx);
            }
            if (k + 1 < q) {
                // kriging believer: pretend the pick came out at the predicted mean, condition on it
                xs.add(pool[bestIdx]);
                ys.add(pred[bestJ][0]);
                gp = GaussianProcess.fit(xs.toArray(double[][]::new), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                        warm, 0, 0, settings.fitOn(), rnd.nextLong());
            }
        }
        return picks;
    }

    /**
     * Two objectives: one surrogate each, candidates ranked by the exact expected hypervolume
     * improvement over the front so far (times the probability of success); batches by the
     * kriging believer, each pick joining the front at its predicted means.
     */
    private List<Pick> proposeEhvi(List<Observation> done, List<Observation> ok, int q, Set<Integer> taken, BatchRule rule) {
        List<Pick> picks = new ArrayList<>();
        int m = ok.get(0).vector().length;
        if (m != 2) {
            throw new IllegalArgumentException("EHVI is implemented for two objectives, got " + m);
        }
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (Observation o : ok) {
            xs.add(pool[o.index()]);
            ys.add(o.vector());
        }
        List<double[]> front = new ArrayList<>(ys);
        double[] ref = Ehvi.reference(front.toArray(double[][]::new));
        if (settings.learnFailures()) {
            double[] worst = ref.clone();
            for (Observation o : done) {
                if (o.value() == null && o.vector() == null) {
                    xs.add(pool[o.index()]);
                    ys.add(worst);
                }
            }
        }
        GaussianProcess[] gps = new GaussianProcess[m];
        if (warmEach == null) {
            warmEach = new GaussianProcess.Hyper[m];
        }
        for (int k = 0; k < m; k++) {
            boolean cold = warmEach[k] == null;
            gps[k] = GaussianProcess.fit(xs.toArray(double[][]::new), column(ys, k), warmEach[k], cold ? settings.restarts() : 0,
                    cold ? settings.iterations() : Math.max(5, settings.iterations() / 6), settings.fitOn(), rnd.nextLong());
            warmEach[k] = gps[k].hyper();
        }
        GaussianProcess feasibility = settings.learnFailures() ? feasibilityModel(done) : null;
        IntPredicate allowed = i -> true;
        for (int b = 0; b < q; b++) {
            List<Integer> open = open(taken, allowed);
            if (open.isEmpty()) {
                break;
            }
            double[][] cand = open.stream().map(i -> pool[i]).toArray(double[][]::new);
            double[][] p0 = gps[0].predict(cand);
            double[][] p1 = gps[1].predict(cand);
            double[][] pFeas = feasibility == null ? null : feasibility.predict(cand);
            Ehvi ehvi = new Ehvi(front.toArray(double[][]::new), ref);
            int bestJ = -1;
            double bestVal = Double.NEGATIVE_INFINITY;
            double bestEhvi = 0;
            for (int j = 0; j < cand.length; j++) {
                double e = ehvi.expected(p0[j][0], Math.sqrt(Math.max(p0[j][1], 0)), p1[j][0], Math.sqrt(Math.max(p1[j][1], 0)));
                double a = e;
                if (pFeas != null) {
                    a *= Math.exp(Acquisition.logProbabilityOfSuccess(pFeas[j][0], pFeas[j][1]));
                }
                if (a > bestVal || bestJ < 0) {
                    bestVal = a;
                    bestJ = j;
                    bestEhvi = e;
                }
            }
            int bestIdx = open.get(bestJ);
            picks.add(new Pick(bestIdx, bestEhvi));
            taken.add(bestIdx);
            if (b == 0 && rule != null && q > 1) {
                allowed = extend(rule, bestIdx);
            }
            if (b + 1 < q) {
                double[] believed = {p0[bestJ][0], p1[bestJ][0]};
                xs.add(pool[bestIdx]);
                ys.add(believed);
                front.add(believed);
                for (int k = 0; k < m; k++) {
                    gps[k] = GaussianProcess.fit(xs.toArray(double[][]::new), column(ys, k), warmEach[k], 0, 0, settings.fitOn(), rnd.nextLong());
                }
            }
        }
        return picks;
    }

    private static double[] column(List<double[]> ys, int k) {
        double[] c = new double[ys.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = ys.get(i)[k];
        }
        return c;
    }

    /**
     * The earlier results moved onto this campaign's level and scale: a related task often differs
     * by an offset and a factor (a less reactive substrate: the same ranking at lower yields). A
     * surrogate of the earlier results, fitted once, predicts them at this campaign's measured
     * points; a least-squares line from those predictions to the measurements (from 3 points the
     * offset alone, from 5 the factor too, kept within [0, 3]) maps every earlier value. The joint
     * surrogate then learns only how the tasks' shapes differ.
     */
    private double[] alignedPrior(List<Observation> ok) {
        int n = ok.size();
        if (n < 3) {
            return priorY;
        }
        double[] y = ok.stream().mapToDouble(Observation::value).toArray();
        double[][] pred = earlierAt(ok);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += pred[i][0] / n;
            my += y[i] / n;
        }
        double b = 1;
        if (n >= 5) {
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < n; i++) {
                sxy += (pred[i][0] - mx) * (y[i] - my);
                sxx += (pred[i][0] - mx) * (pred[i][0] - mx);
            }
            b = sxx > 0 ? Math.max(0, Math.min(3, sxy / sxx)) : 1;
        }
        double a = my - b * mx;
        double[] out = new double[priorY.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a + b * priorY[i];
        }
        return out;
    }

    /** The earlier results' own surrogate (fitted once) at these measured points, without the task coordinate. */
    private double[][] earlierAt(List<Observation> measured) {
        if (priorModel == null) {
            priorModel = GaussianProcess.fit(priorPlain, priorY, null, settings.restarts(), settings.iterations(), settings.fitOn(),
                    rnd.nextLong());
        }
        return priorModel.predict(measured.stream()
                .map(o -> Arrays.copyOf(pool[o.index()], pool[o.index()].length - 1)).toArray(double[][]::new));
    }

    /**
     * Whether the earlier results still order this campaign's results at least as well as its own
     * data do: misordered pairs of the earlier surrogate's predictions at the measured points against
     * those of this campaign's own surrogate left-one-out (the ranking loss by which RGPE weighs its
     * base models — Feurer, Letham, Hutter & Bakshy 2018 — here as a keep-or-drop decision). A
     * related task keeps helping; a weakly related one stops steering once the campaign knows better.
     * Decided from 5 results on, over the latest 60.
     */
    boolean earlierStillRank(List<Observation> ok) {
        int n = Math.min(ok.size(), 60);
        if (n < 5) {
            return true;
        }
        List<Observation> last = ok.subList(ok.size() - n, ok.size());
        double[] y = last.stream().mapToDouble(Observation::value).toArray();
        double[][] x = last.stream().map(o -> pool[o.index()]).toArray(double[][]::new);
        double[][] fromEarlier = earlierAt(last);
        GaussianProcess own = GaussianProcess.fit(x, y, null, 0, 30, settings.fitOn(), rnd.nextLong());
        double[] looMean = new double[n];
        for (int i = 0; i < n; i++) {
            double[][] xi = new double[n - 1][];
            double[] yi = new double[n - 1];
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    xi[k] = x[j];
                    yi[k++] = y[j];
                }
            }
            looMean[i] = GaussianProcess.fit(xi, yi, own.hyper(), 0, 0, settings.fitOn(), 0).predict(new double[][] {x[i]})[0][0];
        }
        return misordered(Arrays.stream(fromEarlier).mapToDouble(p -> p[0]).toArray(), y) <= misordered(looMean, y);
    }

    /** Pairs that {@code f} orders otherwise than {@code y}. */
    static int misordered(double[] f, double[] y) {
        int bad = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = i + 1; j < y.length; j++) {
                if (y[i] != y[j] && (f[i] < f[j]) != (y[i] < y[j])) {
                    bad++;
                }
            }
        }
        return bad;
    }

    /** A surrogate of success (1) versus failure (0), or null while nothing has failed. */
    private GaussianProcess feasibilityModel(List<Observation> done) {
        if (done.stream().noneMatch(o -> o.value() == null)) {
            return null;
        }
        List<Observation> known = done.stream().filter(o -> o.value() == null || measured(o)).toList();
        double[][] x = known.stream().map(o -> pool[o.index()]).toArray(double[][]::new);
        double[] y = known.stream().mapToDouble(o -> o.value() == null ? 0 : 1).toArray();
        return GaussianProcess.fit(x, y, null, 0, 40, settings.fitOn(), rnd.nextLong());
    }

    /** The open allowed candidate farthest from everything run so far (a random one to begin with); -1 when none is left. */
    private int spaceFilling(Set<Integer> taken, IntPredicate allowed) {
        if (taken.isEmpty()) {
            return rnd.nextInt(pool.length);
        }
        int best = -1;
        double bestDist = -1;
        // a random subset keeps this cheap on large pools and varies the start between seeds
        int tries = Math.min(pool.length, 2000);
        for (int t = 0; t < tries; t++) {
            int i = tries == pool.length ? t : rnd.nextInt(pool.length);
            if (taken.contains(i) || !allowed.test(i)) {
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
                if (!taken.contains(i) && allowed.test(i)) {
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
