package org.matdx.diffraction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranks candidate phases by how much of a measured pattern each could explain (search-match). The
 * background-subtracted pattern is read at every strong line of a candidate, allowing for a zero
 * shift (common to all phases; it also absorbs most of a sample displacement) and a small isotropic
 * change of the cell (a reference rarely has exactly the sample's lattice). The candidate's scale is
 * the largest that its lines do not overshoot the pattern — as a weighted quantile of the
 * observed-to-expected heights, so that a line weakened by preferred orientation or a miscounted
 * overlap does not veto a phase — and its score the height it then explains. Lines of other phases
 * never lower a score; a candidate whose strong lines find nothing scores near zero.
 */
final class SearchMatch {
    /** The share of a candidate's line heights allowed to fall short of its scale (preferred orientation). */
    static final double TOLERATED_SHORTFALL = 0.2;
    /** Lines weaker than this share of a candidate's strongest (in height) are not read. */
    static final double WEAKEST_LINE = 0.03;
    static final int MAX_LINES = 30;

    private final double x0;
    private final double step;
    private final double[] ceiling;
    private final double lo;
    private final double hi;
    private final Profiles.Shape shape;
    private final Radiation radiation;
    /** Where phases already found are strong (on the grid): lines there cannot be judged from the residual. */
    private boolean[] masked;

    /** A candidate's best reading: the explained height, and the shift and strain it was found at. */
    record Match(Candidate candidate, double score, double zero, double strain, double matchedLines) {
    }

    /**
     * @param x      2θ of the pattern (ascending)
     * @param net    its intensity above background
     * @param sigma  the counting noise of each point
     * @param shape  the expected line widths
     */
    SearchMatch(double[] x, double[] net, double[] sigma, Profiles.Shape shape, Radiation radiation) {
        this.shape = shape;
        this.radiation = radiation;
        int n = x.length;
        lo = x[0];
        hi = x[n - 1];
        // a uniform grid makes reading the pattern at an angle one multiplication
        step = Math.max((hi - lo) / (n - 1), 1e-4);
        int m = (int) Math.round((hi - lo) / step) + 1;
        double[] grid = new double[m];
        int j = 0;
        for (int i = 0; i < m; i++) {
            double t = lo + i * step;
            while (j < n - 2 && x[j + 1] < t) {
                j++;
            }
            double f = x[j + 1] == x[j] ? 0 : (t - x[j]) / (x[j + 1] - x[j]);
            f = Math.max(0, Math.min(1, f));
            // what rises above twice the counting noise: noise alone must not score, or candidates with many lines would win on it
            double noise = sigma[j] + f * (sigma[j + 1] - sigma[j]);
            grid[i] = Math.max(0, net[j] + f * (net[j + 1] - net[j]) - 2 * noise);
        }
        x0 = lo;
        // the highest point within a third of a line width: a line may sit a little off its expected place
        int half = Math.max(1, (int) Math.round(shape.fwhm(Math.toRadians(20), 0) / 3 / step));
        ceiling = slidingMax(grid, half);
    }

    /**
     * Judges candidates on a residual: their lines where the phases already found ({@code fitted}, on
     * the pattern's angles, without background) exceed a twentieth of their maximum are left out, since
     * the fit has taken that intensity and the residual says nothing about them.
     */
    SearchMatch masking(double[] fitted) {
        double max = 0;
        for (double v : fitted) {
            max = Math.max(max, v);
        }
        masked = new boolean[ceiling.length];
        int n = fitted.length;
        for (int i = 0; i < ceiling.length; i++) {
            double t = x0 + i * step;
            int j = (int) Math.round((t - lo) / (hi - lo) * (n - 1));
            masked[i] = fitted[Math.max(0, Math.min(n - 1, j))] > 0.05 * max;
        }
        return this;
    }

    private static double[] slidingMax(double[] a, int half) {
        int n = a.length;
        double[] out = new double[n];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        int next = 0;
        for (int i = 0; i < n; i++) {
            int right = Math.min(n - 1, i + half);
            while (next <= right) {
                while (!q.isEmpty() && a[q.peekLast()] <= a[next]) {
                    q.pollLast();
                }
                q.addLast(next++);
            }
            while (q.peekFirst() < i - half) {
                q.pollFirst();
            }
            out[i] = a[q.peekFirst()];
        }
        return out;
    }

    /** The candidate's strongest lines in the pattern's range as heights (area / width), summing lines closer than half a width. */
    private double[][] lines(Candidate c, double margin) {
        List<double[]> out = new ArrayList<>(); // {2θ, height, tanθ}
        for (StickPattern.Peak p : c.sticks().peaks()) {
            double t = p.twoTheta();
            if (t < lo + margin || t > hi - margin) {
                continue;
            }
            double theta = Math.toRadians(t / 2);
            double h = shape.fwhm(theta, 0);
            double height = p.intensity() / h * (1 + (radiation.doublet() ? radiation.ratio() * overlap(theta, h) : 0));
            double[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && t - last[0] < h / 2) {
                last[0] = (last[0] * last[1] + t * height) / (last[1] + height);
                last[1] += height;
            } else {
                out.add(new double[] {t, height, Math.tan(theta)});
            }
        }
        double max = out.stream().mapToDouble(l -> l[1]).max().orElse(0);
        return out.stream().filter(l -> l[1] >= WEAKEST_LINE * max)
                .sorted((a, b) -> Double.compare(b[1], a[1])).limit(MAX_LINES).toArray(double[][]::new);
    }

    /** How much of a Kα2 companion adds to the Kα1 line's height (1 when they coincide). */
    private double overlap(double theta, double h) {
        double split = Math.toDegrees(2 * Math.asin(Math.min(1, radiation.kAlpha2() / radiation.kAlpha1() * Math.sin(theta)))) - Math.toDegrees(2 * theta);
        double q = split / h;
        return Math.exp(-4 * Math.log(2) * q * q);
    }

    /**
     * The best score over zero shifts within {@code zeroRange} of {@code zeroCentre} (degrees) and relative
     * cell changes within ±{@code strainRange}: a coarse grid first, then a finer one around its best.
     */
    Match score(Candidate c, double zeroCentre, double zeroRange, double strainRange) {
        double[][] lines = lines(c, 0.3);
        if (lines.length == 0) {
            return new Match(c, 0, zeroCentre, 0, 0);
        }
        double total = 0;
        for (double[] l : lines) {
            total += l[1];
        }
        for (double[] l : lines) {
            l[1] /= total;
        }
        double fine = Math.max(0.01, shape.fwhm(Math.toRadians(20), 0) / 4);
        double coarse = 2 * fine;
        double[] best = {-1, zeroCentre, 0};
        Work w = new Work(lines.length);
        for (double e = -strainRange; e <= strainRange + 1e-12; e += strainRange / 2) {
            for (double z = zeroCentre - zeroRange; z <= zeroCentre + zeroRange + 1e-12; z += coarse) {
                reading(lines, z, e, w, best);
            }
        }
        double z0 = best[1];
        double e0 = best[2];
        for (double e = e0 - strainRange / 4; e <= e0 + strainRange / 4 + 1e-12; e += strainRange / 8) {
            for (double z = z0 - coarse; z <= z0 + coarse + 1e-12; z += fine) {
                if (Math.abs(e) <= strainRange + 1e-12) {
                    reading(lines, z, e, w, best);
                }
            }
        }
        return new Match(c, Math.max(best[0], 0), best[1], best[2], 0);
    }

    /** Scratch arrays of one scoring. */
    private static final class Work {
        final double[] ratio;
        final double[] weight;

        Work(int n) {
            ratio = new double[n];
            weight = new double[n];
        }
    }

    /** Scores one zero shift and strain; updates {@code best} = {score, zero, strain} when better. */
    private void reading(double[][] lines, double zero, double strain, Work w, double[] best) {
        int used = 0;
        double judged = 0;
        for (double[] line : lines) {
            double t = line[0] + zero - 2 * Math.toDegrees(strain * line[2]);
            int i = (int) Math.round((t - x0) / step);
            if (masked != null && i >= 0 && i < masked.length && masked[i]) {
                continue;
            }
            double o = i < 0 || i >= ceiling.length ? 0 : ceiling[i];
            // insertion into the arrays sorted by ratio (a few dozen lines: cheaper than sorting)
            double r = o / line[1];
            int at = used++;
            while (at > 0 && w.ratio[at - 1] > r) {
                w.ratio[at] = w.ratio[at - 1];
                w.weight[at] = w.weight[at - 1];
                at--;
            }
            w.ratio[at] = r;
            w.weight[at] = line[1];
            judged += line[1];
        }
        if (used == 0 || judged < 0.3) {
            return; // too few of its lines can be judged here
        }
        double acc = 0;
        double s = w.ratio[used - 1];
        for (int k = 0; k < used; k++) {
            acc += w.weight[k] / judged;
            if (acc > TOLERATED_SHORTFALL) {
                s = w.ratio[k];
                break;
            }
        }
        // the ratios are per unit weight of all lines; the judged lines stand for their share of the candidate
        s *= judged * judged;
        // a strained or shifted reading must be clearly better than the plain one
        s *= 1 - 0.5 * Math.abs(strain) - 0.05 * Math.abs(zero);
        if (s > best[0]) {
            best[0] = s;
            best[1] = zero;
            best[2] = strain;
        }
    }

}
