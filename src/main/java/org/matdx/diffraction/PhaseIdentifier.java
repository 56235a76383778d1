package org.matdx.diffraction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.matdx.core.Problem;

/**
 * Which phases, and how much of each: search-match of every candidate against the pattern
 * ({@link SearchMatch}), then phases added one at a time — of the best-scoring candidates the one
 * whose whole-pattern fit leaves the smallest weighted residual, as long as it improves the fit
 * clearly — each addition refined with all the others ({@link WholePatternFit}); weight fractions by
 * Hill &amp; Howard, J. Appl. Cryst. 20, 467 (1987): {@code W_p = S_p (ZMV)_p / Σ S (ZMV)}.
 */
public final class PhaseIdentifier {
    public static final String VERSION = "1.0";
    public static final String METHOD = "search-match of line heights (zero shift, cell within ±0.5 %), greedy whole-pattern "
            + "fitting of up to three phases (Levenberg-Marquardt: scale, cell, broadening, zero, displacement, Caglioti U V W, "
            + "pseudo-Voigt, Chebyshev background), Hill-Howard weight fractions";
    /** How many candidates the result lists. */
    public static final int RANKED = 10;
    /** How many of the best-scoring candidates each round tries in a fit. */
    static final int SHORTLIST = 8;
    /** How many of the shortlist, best by a linear fit, are refined before one is chosen. */
    static final int REFINED_TRIALS = 3;
    /** Patterns are binned (counts summed) to at most this many points before fitting. */
    static final int MAX_FIT_POINTS = 8_000;
    static final int DISPLAY_POINTS = 2_000;
    /** A phase must lower Σw(y−y_calc)² by this share to be kept (the first one: by this much over background alone). */
    static final double MIN_IMPROVEMENT = 0.03;
    static final double FIRST_IMPROVEMENT = 0.10;
    /** Search-match reads candidates with cells up to this much larger or smaller than the reference's. */
    static final double MAX_SEARCH_STRAIN = 0.005;
    /** Of a phase's own calculated intensity (where it is strong), at least this share must be in the pattern. */
    static final double MIN_SUPPORT = 0.6;

    /**
     * @param maxPhases   at most this many phases in the fit (1-5)
     * @param minFraction a phase is only kept with at least this weight fraction
     */
    public record Options(int maxPhases, double minFraction) {
        public static final Options DEFAULT = new Options(3, 0.01);

        public Options {
            if (maxPhases < 1 || maxPhases > 5) {
                throw Problem.invalid("max_phases", "must be between 1 and 5");
            }
            if (!(minFraction >= 0 && minFraction < 0.5)) {
                throw Problem.invalid("min_fraction", "must be between 0 and 0.5");
            }
        }
    }

    private PhaseIdentifier() {
    }

    public static Identification identify(MeasuredPattern measured, List<Candidate> candidates, Options options) {
        MeasuredPattern m = measured.binned(MAX_FIT_POINTS);
        double[] x = m.twoTheta();
        double[] y = m.intensity();
        Radiation radiation = m.radiation();
        int n = x.length;
        double step = (x[n - 1] - x[0]) / (n - 1);
        double[] bg = Background.snip(y, (int) Math.round(1.5 / step));
        double[] net = new double[n];
        for (int i = 0; i < n; i++) {
            net[i] = y[i] - bg[i];
        }
        net = smooth(net);
        double fwhm = estimateWidth(x, net, bg, step);
        Profiles.Shape shape = new Profiles.Shape(0, 0, 0, 0, fwhm * fwhm, 0.5);
        WholePatternFit fit = new WholePatternFit(x, y, radiation);
        List<String> notes = new ArrayList<>();

        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            sigma[i] = Math.sqrt(Math.max(y[i], 1)) / Math.sqrt(2); // the 1-2-1 smoothing halves the variance
        }
        SearchMatch sm = new SearchMatch(x, net, sigma, shape, radiation);
        List<SearchMatch.Match> ranked = rank(sm, candidates, Set.of(), 0, 0.3);
        WholePatternFit.State current = fit.linear(fit.empty(shape));
        double chi2 = fit.chi2(fit.calculated(current));
        double[][] covariance = null;
        int[] scaleIndex = null;
        Set<String> used = new LinkedHashSet<>();
        for (int round = 0; round < options.maxPhases(); round++) {
            List<SearchMatch.Match> pool;
            if (round == 0) {
                pool = ranked;
            } else {
                double[] residual = fit.calculated(current);
                double[] fitted = fit.background(current);
                for (int i = 0; i < n; i++) {
                    fitted[i] = residual[i] - fitted[i]; // the phases found so far, without background
                    residual[i] = y[i] - residual[i];
                }
                SearchMatch again = new SearchMatch(x, smooth(residual), sigma, current.shape(), radiation).masking(fitted);
                pool = rank(again, candidates, used, current.shape().zero(), 0.2);
            }
            // the best few by a linear fit (scales and background only) are refined briefly, and the best refined one competes
            List<WholePatternFit.State> trials = new ArrayList<>();
            List<Double> trialChi2 = new ArrayList<>();
            for (SearchMatch.Match match : pool.subList(0, Math.min(SHORTLIST, pool.size()))) {
                if (match.score() <= 0) {
                    break;
                }
                List<WholePatternFit.Phase> phases = new ArrayList<>(current.phases());
                phases.add(WholePatternFit.Phase.start(match.candidate(), match.strain()));
                Profiles.Shape sh = round == 0 ? withZero(current.shape(), match.zero()) : current.shape();
                WholePatternFit.State trial = fit.linear(current.withShape(sh).withPhases(phases));
                if (trial.phases().get(trial.phases().size() - 1).scale() <= 0) {
                    continue;
                }
                trials.add(trial);
                trialChi2.add(fit.chi2(fit.calculated(trial)));
            }
            List<Integer> byChi2 = new ArrayList<>();
            for (int k = 0; k < trials.size(); k++) {
                byChi2.add(k);
            }
            byChi2.sort(Comparator.comparingDouble(trialChi2::get));
            WholePatternFit.State best = null;
            double bestChi2 = Double.POSITIVE_INFINITY;
            for (int k : byChi2.subList(0, Math.min(REFINED_TRIALS, byChi2.size()))) {
                WholePatternFit.State refined = fit.refine(trials.get(k), 12).state();
                if (support(fit, y, refined, refined.phases().size() - 1) < MIN_SUPPORT) {
                    continue;
                }
                double c = fit.chi2(fit.calculated(refined));
                if (c < bestChi2) {
                    bestChi2 = c;
                    best = refined;
                }
            }
            if (best == null || (chi2 - bestChi2) / chi2 < (round == 0 ? FIRST_IMPROVEMENT : MIN_IMPROVEMENT)) {
                break;
            }
            WholePatternFit.Refined r = fit.refine(best, 40);
            List<Double> wf = fractions(r.state());
            if (wf.get(wf.size() - 1) < options.minFraction() && round > 0) {
                break;
            }
            current = r.state();
            covariance = r.covariance();
            scaleIndex = r.scaleIndex();
            chi2 = fit.chi2(fit.calculated(current));
            used.add(current.phases().get(current.phases().size() - 1).candidate().id());
        }
        if (!current.phases().isEmpty()) {
            // final refinement; phases that end below the minimum are dropped and the rest refined again
            WholePatternFit.Refined r = fit.refine(current, 100);
            List<Double> wf = fractions(r.state());
            List<WholePatternFit.Phase> kept = new ArrayList<>();
            for (int k = 0; k < wf.size(); k++) {
                if (wf.get(k) >= options.minFraction() || wf.size() == 1) {
                    kept.add(r.state().phases().get(k));
                } else {
                    notes.add(r.state().phases().get(k).candidate().formula() + " dropped: " + String.format(Locale.ROOT,
                            "%.1f", 100 * wf.get(k)) + " wt% is below the minimum");
                }
            }
            if (kept.size() < wf.size()) {
                r = fit.refine(r.state().withPhases(kept), 60);
            }
            current = r.state();
            covariance = r.covariance();
            scaleIndex = r.scaleIndex();
        } else {
            notes.add("no candidate explains the pattern" + (candidates.isEmpty() ? " (there were no candidates)" : ""));
        }
        return result(fit, x, y, radiation, current, covariance, scaleIndex, ranked, candidates.size(), notes);
    }

    /**
     * How well the pattern holds phase k's own strongest lines where no other phase is strong: for
     * each of its (up to six) strongest maxima in the calculated profile at which the other phases
     * (without background) are below a quarter of it and which rise at least four counting-noise
     * standard deviations, Σ min(r, p) / Σ p over the line's upper half, with p the phase's
     * calculated intensity and r what the pattern leaves for it (observed minus everything else
     * calculated); the mean over those lines. 0 when fewer than two such lines (one for a phase with a
     * single line in the range) stand out: a phase is not confirmed by one bump, or by misfit at other
     * phases' lines.
     */
    static double support(WholePatternFit fit, double[] y, WholePatternFit.State s, int k) {
        WholePatternFit.Phase p = s.phases().get(k);
        double[] own = fit.profile(p, s);
        double[] calc = fit.calculated(s);
        double[] bg = fit.background(s);
        int n = own.length;
        double max = 0;
        for (int i = 0; i < n; i++) {
            own[i] *= p.scale();
            max = Math.max(max, own[i]);
        }
        if (max <= 0) {
            return 0;
        }
        List<Integer> maxima = new ArrayList<>();
        int strongLines = 0;
        for (int i = 1; i < n - 1; i++) {
            if (own[i] >= 0.1 * max && own[i] >= own[i - 1] && own[i] > own[i + 1]) {
                strongLines++;
                double others = calc[i] - own[i] - bg[i];
                if (others < 0.25 * own[i] && own[i] >= 4 * Math.sqrt(Math.max(y[i], 1))) {
                    maxima.add(i);
                }
            }
        }
        if (maxima.size() < Math.min(2, strongLines)) {
            return 0;
        }
        maxima.sort((a, b) -> Double.compare(own[b], own[a]));
        double sum = 0;
        int lines = 0;
        for (int c : maxima.subList(0, Math.min(6, maxima.size()))) {
            double held = 0;
            double total = 0;
            for (int i = c; i >= 0 && own[i] >= own[c] / 2; i--) {
                double rest = y[i] - (calc[i] - own[i]);
                held += Math.min(Math.max(rest, 0), own[i]);
                total += own[i];
            }
            for (int i = c + 1; i < n && own[i] >= own[c] / 2; i++) {
                double rest = y[i] - (calc[i] - own[i]);
                held += Math.min(Math.max(rest, 0), own[i]);
                total += own[i];
            }
            sum += total > 0 ? held / total : 0;
            lines++;
        }
        return lines == 0 ? 0 : sum / lines;
    }

    private static Profiles.Shape withZero(Profiles.Shape s, double zero) {
        return new Profiles.Shape(zero, s.displacement(), s.u(), s.v(), s.w(), s.eta());
    }

    private static List<SearchMatch.Match> rank(SearchMatch sm, List<Candidate> candidates, Set<String> skip, double zero,
                                                double zeroRange) {
        List<SearchMatch.Match> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (!skip.contains(c.id())) {
                out.add(sm.score(c, zero, zeroRange, MAX_SEARCH_STRAIN));
            }
        }
        out.sort(Comparator.comparingDouble(SearchMatch.Match::score).reversed());
        return out;
    }

    /** Hill–Howard weight fractions of the state's phases, in their order. */
    static List<Double> fractions(WholePatternFit.State s) {
        double total = 0;
        double[] v = new double[s.phases().size()];
        for (int k = 0; k < v.length; k++) {
            WholePatternFit.Phase p = s.phases().get(k);
            v[k] = p.scale() * zmv(p);
            total += v[k];
        }
        List<Double> out = new ArrayList<>();
        for (double a : v) {
            out.add(total > 0 ? a / total : 0);
        }
        return out;
    }

    /** Z·M·V: the cell's mass (g/mol) times its refined volume (Å³). */
    private static double zmv(WholePatternFit.Phase p) {
        return p.candidate().sticks().cellMass() * p.lattice().volume();
    }

    private static double[] smooth(double[] a) {
        int n = a.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int c = 0;
            for (int j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) {
                s += a[j] * (j == i ? 2 : 1);
                c += j == i ? 2 : 1;
            }
            out[i] = s / c;
        }
        return out;
    }

    /**
     * The typical line width (FWHM, degrees): the median over the strongest well-separated maxima
     * below 60° (where Kα2 does not yet widen them), between 2 steps and 1.5°.
     */
    static double estimateWidth(double[] x, double[] net, double[] bg, double step) {
        int n = x.length;
        List<int[]> maxima = new ArrayList<>();
        for (int i = 2; i < n - 2; i++) {
            double noise = Math.sqrt(Math.max(bg[i], 1));
            if (net[i] > 10 * noise && net[i] >= net[i - 1] && net[i] > net[i + 1] && net[i] >= net[i - 2] && net[i] > net[i + 2]) {
                maxima.add(new int[] {i});
            }
        }
        maxima.sort((a, b) -> Double.compare(net[b[0]], net[a[0]]));
        List<Double> widths = new ArrayList<>();
        for (int[] mx : maxima) {
            int i = mx[0];
            if (x[i] > 60 && widths.size() >= 3) {
                continue;
            }
            double half = net[i] / 2;
            int l = i;
            while (l > 0 && net[l] > half) {
                l--;
            }
            int r = i;
            while (r < n - 1 && net[r] > half) {
                r++;
            }
            if (l == 0 || r == n - 1) {
                continue;
            }
            double xl = x[l] + (half - net[l]) / (net[l + 1] - net[l]) * (x[l + 1] - x[l]);
            double xr = x[r - 1] + (net[r - 1] - half) / (net[r - 1] - net[r]) * (x[r] - x[r - 1]);
            widths.add(xr - xl);
            if (widths.size() >= 7) {
                break;
            }
        }
        if (widths.isEmpty()) {
            return Math.max(0.1, 3 * step);
        }
        widths.sort(Double::compare);
        return Math.max(2 * step, Math.min(1.5, widths.get(widths.size() / 2)));
    }

    private static Identification result(WholePatternFit fit, double[] x, double[] y, Radiation radiation, WholePatternFit.State s,
                                         double[][] covariance, int[] scaleIndex, List<SearchMatch.Match> ranked, int considered,
                                         List<String> notes) {
        double[] calc = fit.calculated(s);
        double chi2 = fit.chi2(calc);
        double sumW = fit.weightedSum();
        int parameters = WholePatternFit.GLOBALS + s.phases().stream().mapToInt(p -> 2 + p.cell().count()).sum();
        double rwp = Math.sqrt(chi2 / sumW);
        double rexp = Math.sqrt(Math.max(1, x.length - parameters) / sumW);
        double gof = rwp / rexp;
        List<Double> wf = fractions(s);
        List<Identification.Phase> phases = new ArrayList<>();
        for (int k = 0; k < s.phases().size(); k++) {
            WholePatternFit.Phase p = s.phases().get(k);
            var l = p.lattice();
            double ref = p.candidate().sticks().lattice().volume();
            double esd = esd(s, covariance, scaleIndex, k) * Math.max(1, gof);
            phases.add(new Identification.Phase(p.candidate().id(), p.candidate().name(), p.candidate().formula(), wf.get(k), esd,
                    p.scale(), new double[] {l.a(), l.b(), l.c(), l.alpha(), l.beta(), l.gamma()}, l.volume(),
                    l.volume() / ref - 1, p.size(), zmv(p)));
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < phases.size(); k++) {
            order.add(k);
        }
        order.sort((a, b) -> Double.compare(phases.get(b).weightFraction(), phases.get(a).weightFraction()));
        Set<String> selected = new LinkedHashSet<>();
        phases.forEach(p -> selected.add(p.id()));
        double top = ranked.isEmpty() ? 0 : ranked.get(0).score();
        List<Identification.Ranked> ranking = new ArrayList<>();
        for (SearchMatch.Match mt : ranked.subList(0, Math.min(RANKED, ranked.size()))) {
            ranking.add(new Identification.Ranked(mt.candidate().id(), mt.candidate().name(), mt.candidate().formula(),
                    top > 0 ? 100 * mt.score() / top : 0, mt.zero(), mt.strain(), selected.contains(mt.candidate().id())));
        }
        Profiles.Shape sh = s.shape();
        // curves for display, every k-th point
        int stride = Math.max(1, (x.length + DISPLAY_POINTS - 1) / DISPLAY_POINTS);
        double[] bgc = fit.background(s);
        List<double[]> perPhase = new ArrayList<>();
        for (int k : order) {
            WholePatternFit.Phase p = s.phases().get(k);
            double[] pr = fit.profile(p, s);
            for (int i = 0; i < pr.length; i++) {
                pr[i] = p.scale() * pr[i] + bgc[i];
            }
            perPhase.add(thin(pr, stride));
        }
        Identification.Curves curves = new Identification.Curves(thin(x, stride), thin(y, stride), thin(calc, stride),
                thin(bgc, stride), perPhase);
        return new Identification(METHOD, VERSION, radiation.name(), considered, ranking, order.stream().map(phases::get).toList(),
                new Identification.Quality(rwp, rexp, gof, gof * gof, x.length, parameters),
                new Identification.Instrument(sh.zero(), sh.displacement(), sh.u(), sh.v(), sh.w(), sh.eta(), s.ratio()), curves, notes);
    }

    /** Standard uncertainty of phase k's weight fraction from the scales' covariance (first-order propagation). */
    private static double esd(WholePatternFit.State s, double[][] cov, int[] scaleIndex, int k) {
        if (cov == null || scaleIndex == null || scaleIndex.length != s.phases().size()) {
            return Double.NaN;
        }
        int n = s.phases().size();
        double[] c = new double[n];
        double total = 0;
        for (int q = 0; q < n; q++) {
            c[q] = zmv(s.phases().get(q));
            total += s.phases().get(q).scale() * c[q];
        }
        if (total <= 0) {
            return Double.NaN;
        }
        double sk = s.phases().get(k).scale();
        double[] grad = new double[n];
        for (int q = 0; q < n; q++) {
            grad[q] = ((q == k ? c[k] * total : 0) - c[k] * sk * c[q]) / (total * total);
        }
        double var = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                var += grad[a] * grad[b] * cov[scaleIndex[a]][scaleIndex[b]];
            }
        }
        return var >= 0 ? Math.sqrt(var) : Double.NaN;
    }

    private static double[] thin(double[] a, int stride) {
        double[] out = new double[(a.length + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i * stride];
        }
        return out;
    }
}
