package org.matdx.diffraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;
import org.matdx.core.Lattice;

/**
 * Whole-pattern fitting of a powder pattern with a few known phases (Pawley-free, Rietveld-like with
 * fixed structures): per phase a scale, its own line broadening and its cell within a few percent
 * of the reference; for the pattern a zero shift, the sample displacement, Caglioti widths, the
 * pseudo-Voigt mixing and a background of Chebyshev polynomials and 1/2θ. Least squares weighted by
 * counting statistics ({@code w = 1/max(y, 1)}), solved by Hipparchus' Levenberg–Marquardt with
 * analytic derivatives of the pseudo-Voigt profiles ({@link Profiles#addWithGradient}).
 */
final class WholePatternFit {
    static final int ZERO = 0;
    static final int DISPLACEMENT = 1;
    static final int U = 2;
    static final int V = 3;
    static final int W = 4;
    static final int ETA = 5;
    /** The Kα2 share: refined, since exports often do not say whether a monochromator removed Kα2. */
    static final int RATIO = 6;
    static final int BACKGROUND = 7;
    static final int GLOBALS = BACKGROUND + Background.CHEBYSHEV + 1;

    private final double[] x;
    private final double[] y;
    private final double[] sqrtW;
    private final Radiation radiation;
    private final double[][] basis;

    WholePatternFit(double[] x, double[] y, Radiation radiation) {
        this.x = x;
        this.y = y;
        this.radiation = radiation;
        this.sqrtW = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            sqrtW[i] = 1 / Math.sqrt(Math.max(y[i], 1));
        }
        this.basis = Background.basis(x);
    }

    /** One phase of a fit: its reference, its lines, and the current values of its own parameters. */
    record Phase(Candidate candidate, Profiles.Lines lines, CellParameters cell, double[] cellValues, double scale, double size) {
        Phase {
            cellValues = cellValues.clone();
        }

        @Override
        public double[] cellValues() {
            return cellValues.clone();
        }

        static Phase start(Candidate c, double strain) {
            CellParameters cell = new CellParameters(c.sticks().lattice());
            double[] v = new double[cell.count()];
            for (int i = 0; i < v.length; i++) {
                v[i] = cell.isEdge(i) ? strain : 0;
            }
            return new Phase(c, Profiles.Lines.of(c.sticks()), cell, v, 0, 0);
        }

        Lattice lattice() {
            return cell.lattice(cellValues, 0);
        }

        Phase with(double scale, double size, double[] values) {
            return new Phase(candidate, lines, cell, values, scale, size);
        }
    }

    /** Everything a fit determines; {@code ratio} is the Kα2/Kα1 intensity ratio (0 without Kα2). */
    record State(Profiles.Shape shape, double ratio, double[] background, List<Phase> phases) {
        State {
            background = background.clone();
            phases = List.copyOf(phases);
        }

        @Override
        public double[] background() {
            return background.clone();
        }

        State withPhases(List<Phase> p) {
            return new State(shape, ratio, background, p);
        }

        State withShape(Profiles.Shape s) {
            return new State(s, ratio, background, phases);
        }
    }

    /** The starting state: no phases, the radiation's Kα2 share, a flat background. */
    State empty(Profiles.Shape shape) {
        return new State(shape, radiation.ratio(), new double[basis.length], List.of());
    }

    int points() {
        return x.length;
    }

    /** A phase's profile at unit scale. */
    double[] profile(Phase p, State s) {
        double[] out = new double[x.length];
        Profiles.add(out, x, 1, p.lines(), p.lattice(), radiation.withRatio(s.ratio()), s.shape(), p.size());
        return out;
    }

    double[] background(State s) {
        double[] out = new double[x.length];
        for (int k = 0; k < basis.length; k++) {
            double c = s.background()[k];
            for (int i = 0; i < x.length; i++) {
                out[i] += c * basis[k][i];
            }
        }
        return out;
    }

    /** The calculated pattern. */
    double[] calculated(State s) {
        double[] out = background(s);
        for (Phase p : s.phases()) {
            double[] pr = profile(p, s);
            for (int i = 0; i < out.length; i++) {
                out[i] += p.scale() * pr[i];
            }
        }
        return out;
    }

    /** Σ w (y − y_calc)². */
    double chi2(double[] calc) {
        double c = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (y[i] - calc[i]) * sqrtW[i];
            c += d * d;
        }
        return c;
    }

    /** Σ w y², the denominator of Rwp. */
    double weightedSum() {
        double c = 0;
        for (int i = 0; i < x.length; i++) {
            double d = y[i] * sqrtW[i];
            c += d * d;
        }
        return c;
    }

    /**
     * The background and scales that fit best with everything else fixed (weighted linear least
     * squares); a phase whose best scale would be negative gets zero and is fitted without.
     */
    State linear(State s) {
        List<double[]> profiles = new ArrayList<>();
        for (Phase p : s.phases()) {
            profiles.add(profile(p, s));
        }
        boolean[] active = new boolean[profiles.size()];
        Arrays.fill(active, true);
        double[] coef = null;
        for (int attempt = 0; attempt <= profiles.size(); attempt++) {
            List<double[]> cols = new ArrayList<>(List.of(basis));
            for (int k = 0; k < profiles.size(); k++) {
                if (active[k]) {
                    cols.add(profiles.get(k));
                }
            }
            coef = solve(cols);
            boolean negative = false;
            int c = basis.length;
            for (int k = 0; k < profiles.size(); k++) {
                if (active[k]) {
                    if (coef[c] < 0) {
                        active[k] = false;
                        negative = true;
                    }
                    c++;
                }
            }
            if (!negative) {
                break;
            }
        }
        double[] bg = Arrays.copyOf(coef, basis.length);
        List<Phase> phases = new ArrayList<>();
        int c = basis.length;
        for (int k = 0; k < profiles.size(); k++) {
            Phase p = s.phases().get(k);
            double scale = active[k] ? Math.max(0, coef[c++]) : 0;
            phases.add(p.with(scale, p.size(), p.cellValues()));
        }
        return new State(s.shape(), s.ratio(), bg, phases);
    }

    /** Weighted least squares through the normal equations (a dozen columns at most), lightly regularised. */
    private double[] solve(List<double[]> cols) {
        int m = cols.size();
        double[][] a = new double[m][m];
        double[] b = new double[m];
        for (int j = 0; j < m; j++) {
            double[] cj = cols.get(j);
            for (int i = 0; i < x.length; i++) {
                double wi = sqrtW[i] * sqrtW[i];
                b[j] += wi * cj[i] * y[i];
            }
            for (int k = 0; k <= j; k++) {
                double[] ck = cols.get(k);
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    s += sqrtW[i] * sqrtW[i] * cj[i] * ck[i];
                }
                a[j][k] = s;
                a[k][j] = s;
            }
        }
        for (int j = 0; j < m; j++) {
            a[j][j] = a[j][j] * (1 + 1e-10) + 1e-12;
        }
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), 1e-14, 1e-20).getSolver()
                    .solve(new ArrayRealVector(b, false)).toArray();
        } catch (MathIllegalStateException | MathIllegalArgumentException e) {
            return new QRDecomposition(new Array2DRowRealMatrix(a, false), 1e-14).getSolver()
                    .solve(new ArrayRealVector(b, false)).toArray();
        }
    }

    /** The result of a refinement: the state, its parameter covariances (for the scales' uncertainties), iterations. */
    record Refined(State state, double[][] covariance, int[] scaleIndex, int iterations) {
    }

    /** Refines every parameter by Levenberg–Marquardt, starting from {@code s}. */
    Refined refine(State s, int maxIterations) {
        List<Phase> phases = s.phases();
        int[] offset = new int[phases.size()];
        int n = GLOBALS;
        for (int k = 0; k < phases.size(); k++) {
            offset[k] = n;
            n += 2 + phases.get(k).cell().count();
        }
        double[] start = new double[n];
        Profiles.Shape sh = s.shape();
        start[ZERO] = sh.zero();
        start[DISPLACEMENT] = sh.displacement();
        start[U] = sh.u();
        start[V] = sh.v();
        start[W] = sh.w();
        start[ETA] = sh.eta();
        start[RATIO] = s.ratio();
        System.arraycopy(s.background(), 0, start, BACKGROUND, basis.length);
        for (int k = 0; k < phases.size(); k++) {
            Phase p = phases.get(k);
            start[offset[k]] = p.scale();
            start[offset[k] + 1] = p.size();
            System.arraycopy(p.cellValues(), 0, start, offset[k] + 2, p.cell().count());
        }
        // soft limits (pseudo-observations) keep zero shift, displacement and cells near where search-match put them: with
        // a phase still missing, the least-squares optimum otherwise moves lines onto the missing phase's peaks
        double[] calc0 = calculated(s);
        double scaleOfPrior = Math.sqrt(Math.max(1, chi2(calc0) / x.length));
        double[] prior = priors(start.length, phases, offset, scaleOfPrior);
        double[] target = new double[x.length + start.length];
        for (int i = 0; i < x.length; i++) {
            target[i] = y[i] * sqrtW[i];
        }
        for (int j = 0; j < start.length; j++) {
            target[x.length + j] = start[j] * prior[j];
        }
        var problem = new LeastSquaresBuilder()
                .start(start)
                .target(target)
                .model((RealVector point) -> valueAndJacobian(point.toArray(), phases, offset, prior))
                .parameterValidator(v -> {
                    double[] p = v.toArray();
                    clamp(p, phases, offset);
                    return new ArrayRealVector(p, false);
                })
                .checker((iteration, previous, current) -> iteration >= maxIterations
                        || Math.abs(previous.getCost() - current.getCost()) <= 1e-5 * current.getCost())
                .maxEvaluations(Integer.MAX_VALUE)
                .maxIterations(Integer.MAX_VALUE)
                .lazyEvaluation(false)
                .build();
        LeastSquaresOptimizer.Optimum opt;
        try {
            opt = new LevenbergMarquardtOptimizer().withCostRelativeTolerance(1e-6).withParameterRelativeTolerance(1e-6)
                    .optimize(problem);
        } catch (MathIllegalStateException e) {
            // numerically stuck: keep the state we started from rather than failing the analysis
            return new Refined(s, null, null, 0);
        }
        double[] p = opt.getPoint().toArray();
        clamp(p, phases, offset);
        State out = state(p, phases, offset);
        if (chi2(calculated(out)) > chi2(calc0)) {
            return new Refined(s, null, null, opt.getIterations());
        }
        double[][] cov = null;
        try {
            cov = opt.getCovariances(1e-12).getData();
        } catch (RuntimeException e) {
            // singular (e.g. a phase with no lines in range): no uncertainties
        }
        int[] scaleIndex = new int[phases.size()];
        for (int k = 0; k < phases.size(); k++) {
            scaleIndex[k] = offset[k];
        }
        return new Refined(out, cov, scaleIndex, opt.getIterations());
    }

    /** Prior widths: zero shift and displacement 0.1°, cell edges 0.5 %, angles 0.3°; none on the rest. */
    static double[] priors(int n, List<Phase> phases, int[] offset, double scale) {
        double[] w = new double[n];
        w[ZERO] = scale / 0.1;
        w[DISPLACEMENT] = scale / 0.1;
        for (int k = 0; k < phases.size(); k++) {
            CellParameters c = phases.get(k).cell();
            for (int i = 0; i < c.count(); i++) {
                w[offset[k] + 2 + i] = scale / (c.isEdge(i) ? 0.005 : 0.3);
            }
        }
        return w;
    }

    private static void clamp(double[] p, List<Phase> phases, int[] offset) {
        p[ZERO] = bound(p[ZERO], -0.5, 0.5);
        p[DISPLACEMENT] = bound(p[DISPLACEMENT], -0.5, 0.5);
        p[U] = bound(p[U], 0, 2);
        p[V] = bound(p[V], -1, 1);
        p[W] = bound(p[W], 1e-6, 2);
        p[ETA] = bound(p[ETA], 0, 1);
        p[RATIO] = bound(p[RATIO], 0, 0.7);
        for (int k = 0; k < phases.size(); k++) {
            p[offset[k]] = Math.max(0, p[offset[k]]);
            p[offset[k] + 1] = bound(p[offset[k] + 1], 0, 2);
            phases.get(k).cell().clamp(p, offset[k] + 2);
        }
    }

    private static double bound(double v, double lo, double hi) {
        return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
    }

    private State state(double[] p, List<Phase> phases, int[] offset) {
        Profiles.Shape shape = new Profiles.Shape(p[ZERO], p[DISPLACEMENT], p[U], p[V], p[W], p[ETA]);
        double[] bg = Arrays.copyOfRange(p, BACKGROUND, BACKGROUND + basis.length);
        List<Phase> out = new ArrayList<>();
        for (int k = 0; k < phases.size(); k++) {
            Phase ph = phases.get(k);
            out.add(ph.with(p[offset[k]], p[offset[k] + 1], Arrays.copyOfRange(p, offset[k] + 2, offset[k] + 2 + ph.cell().count())));
        }
        return new State(shape, Double.isNaN(radiation.kAlpha2()) ? 0 : p[RATIO], bg, out);
    }

    Pair<RealVector, RealMatrix> valueAndJacobian(double[] p, List<Phase> phases, int[] offset, double[] prior) {
        double[] q = p.clone();
        clamp(q, phases, offset);
        State s = state(q, phases, offset);
        int m = x.length;
        double[] calc = background(s);
        double[][] jac = new double[m + q.length][q.length];
        for (int k = 0; k < phases.size(); k++) {
            Phase ph = s.phases().get(k);
            int cells = ph.cell().count();
            // how each line moves per unit of each cell parameter, by a small step of the parameter
            double[] at = Profiles.positions(ph.lines(), ph.lattice(), radiation.kAlpha1());
            double[][] move = new double[cells][];
            for (int j = 0; j < cells; j++) {
                double h = ph.cell().isEdge(j) ? 1e-6 : 1e-4;
                double[] v = ph.cellValues();
                v[j] += h;
                double[] moved = Profiles.positions(ph.lines(), ph.cell().lattice(v, 0), radiation.kAlpha1());
                move[j] = new double[at.length];
                for (int l = 0; l < at.length; l++) {
                    move[j][l] = Double.isNaN(at[l]) || Double.isNaN(moved[l]) ? 0 : (moved[l] - at[l]) / h;
                }
            }
            double[] prof = new double[m];
            double[][] grad = new double[Profiles.CELL + cells][m];
            Profiles.addWithGradient(prof, grad, x, ph.lines(), ph.lattice(), move, radiation.withRatio(s.ratio()), s.shape(), ph.size());
            double sc = ph.scale();
            int[] globals = {ZERO, DISPLACEMENT, U, V, W, ETA, RATIO};
            int[] local = {Profiles.D_ZERO, Profiles.D_DISPLACEMENT, Profiles.D_U, Profiles.D_V, Profiles.D_W, Profiles.D_ETA,
                    Profiles.D_RATIO};
            for (int i = 0; i < m; i++) {
                double w = sqrtW[i];
                calc[i] += sc * prof[i];
                double[] row = jac[i];
                for (int g = 0; g < globals.length; g++) {
                    row[globals[g]] += sc * grad[local[g]][i] * w;
                }
                row[offset[k]] = prof[i] * w;
                row[offset[k] + 1] = sc * grad[Profiles.D_SIZE][i] * w;
                for (int j = 0; j < cells; j++) {
                    row[offset[k] + 2 + j] = sc * grad[Profiles.CELL + j][i] * w;
                }
            }
        }
        for (int b = 0; b < basis.length; b++) {
            for (int i = 0; i < m; i++) {
                jac[i][BACKGROUND + b] = basis[b][i] * sqrtW[i];
            }
        }
        for (int j = 0; j < q.length; j++) {
            jac[m + j][j] = prior[j];
        }
        double[] value = new double[m + q.length];
        for (int i = 0; i < m; i++) {
            value[i] = calc[i] * sqrtW[i];
        }
        for (int j = 0; j < q.length; j++) {
            value[m + j] = q[j] * prior[j];
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jac, false));
    }
}
