package org.matdx.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.linear.LinearConstraint;
import org.hipparchus.optim.linear.LinearConstraintSet;
import org.hipparchus.optim.linear.LinearObjectiveFunction;
import org.hipparchus.optim.linear.NonNegativeConstraint;
import org.hipparchus.optim.linear.Relationship;
import org.hipparchus.optim.linear.SimplexSolver;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.matdx.core.Problem;

/**
 * Linear constraints between numeric parameters, in the parameters' own units (e.g. Li + La ≤ 0.6,
 * or temperature − 50·hold_time ≥ 900), plus the mixture's Σ fractions = 1 when the space is a
 * simplex. Every proposal must satisfy them; candidates that do not are repaired by moving their
 * continuous settings onto the feasible set (alternating projections onto each half-space and the
 * box), which also supplies candidates on the constraint boundary, where constrained optima lie.
 */
public final class LinearConstraints {
    /** One constraint as the user wrote it: {@code ge ≤ Σ terms[p]·p ≤ le}; either bound may be absent. */
    public record Constraint(Map<String, Double> terms, Double le, Double ge) {
        public Constraint {
            terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        }

        String describe() {
            StringBuilder s = new StringBuilder();
            terms.forEach((p, a) -> {
                if (s.length() > 0) {
                    s.append(a < 0 ? " − " : " + ");
                } else if (a < 0) {
                    s.append("−");
                }
                double m = Math.abs(a);
                s.append(m == 1 ? "" : fmt(m) + "·").append(p);
            });
            if (ge != null && le != null) {
                return ge.equals(le) ? s + " = " + fmt(le) : fmt(ge) + " ≤ " + s + " ≤ " + fmt(le);
            }
            return le != null ? s + " ≤ " + fmt(le) : s + " ≥ " + fmt(ge);
        }
    }

    /** A constraint compiled against the space: parameter positions, coefficients and the bounds. */
    private record Row(int[] params, double[] coef, double lo, double hi) {
    }

    static final LinearConstraints NONE = new LinearConstraints(List.of(), List.of());

    private final List<Constraint> declared;
    private final List<Row> rows;

    private LinearConstraints(List<Constraint> declared, List<Row> rows) {
        this.declared = List.copyOf(declared);
        this.rows = List.copyOf(rows);
    }

    /**
     * Compiles the declared constraints (already checked to name numeric parameters) and, for a
     * mixture, the sum of the fractions, against the space.
     */
    static LinearConstraints of(ParameterSpace space, List<Constraint> declared) {
        List<Parameter> ps = space.parameters();
        List<Row> rows = new ArrayList<>();
        for (Constraint c : declared) {
            int[] idx = new int[c.terms().size()];
            double[] coef = new double[idx.length];
            int k = 0;
            for (var e : c.terms().entrySet()) {
                idx[k] = indexOf(ps, e.getKey());
                coef[k++] = e.getValue();
            }
            rows.add(new Row(idx, coef, c.ge() == null ? Double.NEGATIVE_INFINITY : c.ge(),
                    c.le() == null ? Double.POSITIVE_INFINITY : c.le()));
        }
        if (space.simplex()) {
            int[] idx = IntStream.range(0, ps.size()).filter(i -> ps.get(i) instanceof Parameter.Continuous).toArray();
            double[] ones = new double[idx.length];
            Arrays.fill(ones, 1);
            rows.add(new Row(idx, ones, 1, 1));
        }
        return new LinearConstraints(declared, rows);
    }

    public List<Constraint> declared() {
        return declared;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Whether a row of raw values satisfies every constraint (to a relative 1e-9). */
    public boolean satisfied(String[] raw) {
        double[] x = values(raw);
        for (Row r : rows) {
            double s = dot(r, x);
            double tol = tolerance(r, x);
            if (s > r.hi() + tol || s < r.lo() - tol) {
                return false;
            }
        }
        return true;
    }

    /**
     * The row itself when it satisfies the constraints; otherwise the row with its continuous
     * settings (except {@code frozen} ones) moved onto the feasible set; empty when that fails
     * (the constraint involves only discrete or frozen settings that cannot satisfy it).
     */
    public Optional<String[]> repair(ParameterSpace space, String[] raw, boolean[] frozen) {
        if (satisfied(raw)) {
            return Optional.of(raw);
        }
        List<Parameter> ps = space.parameters();
        double[] x = values(raw);
        boolean[] free = new boolean[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            free[i] = ps.get(i) instanceof Parameter.Continuous && (frozen == null || !frozen[i]);
        }
        // alternating projections (POCS) onto slightly tightened half-spaces and the box converge
        // to a point of their intersection when it is not empty
        for (int sweep = 0; sweep < 500; sweep++) {
            boolean ok = true;
            for (Row r : rows) {
                double s = dot(r, x);
                double tol = tolerance(r, x);
                double margin = Math.min(tol / 4, (r.hi() - r.lo()) / 4);
                double target = s > r.hi() + tol ? r.hi() - margin : s < r.lo() - tol ? r.lo() + margin : Double.NaN;
                if (Double.isNaN(target)) {
                    continue;
                }
                ok = false;
                double norm = 0;
                for (int k = 0; k < r.params().length; k++) {
                    norm += free[r.params()[k]] ? r.coef()[k] * r.coef()[k] : 0;
                }
                if (norm == 0) {
                    return Optional.empty();
                }
                double step = (target - s) / norm;
                for (int k = 0; k < r.params().length; k++) {
                    int p = r.params()[k];
                    if (free[p]) {
                        Parameter.Continuous c = (Parameter.Continuous) ps.get(p);
                        x[p] = Math.max(c.low(), Math.min(c.high(), x[p] + step * r.coef()[k]));
                    }
                }
            }
            if (ok) {
                break;
            }
        }
        String[] out = raw.clone();
        for (int i = 0; i < ps.size(); i++) {
            if (free[i]) {
                out[i] = Double.toString(x[i]);
            }
        }
        return satisfied(out) ? Optional.of(out) : Optional.empty();
    }

    /**
     * Checks that some setting within the parameter ranges satisfies all constraints together
     * (a linear programme; discrete parameters are relaxed to their range). Returns the problems
     * found, each naming its constraint; empty when feasible.
     */
    static List<Problem.Issue> check(ParameterSpace space, List<Constraint> declared) {
        List<Problem.Issue> issues = new ArrayList<>();
        LinearConstraints all = of(space, declared);
        List<Parameter> ps = space.parameters();
        double[] lo = new double[ps.size()];
        double[] hi = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            switch (ps.get(i)) {
                case Parameter.Continuous c -> {
                    lo[i] = c.low();
                    hi[i] = c.high();
                }
                case Parameter.Discrete d -> {
                    lo[i] = d.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                    hi[i] = d.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                }
                case Parameter.Categorical c -> {
                    lo[i] = 0;
                    hi[i] = 0;
                }
            }
        }
        // each constraint on its own: its smallest and largest value over the box
        for (int j = 0; j < declared.size(); j++) {
            Row r = all.rows.get(j);
            double min = 0;
            double max = 0;
            for (int k = 0; k < r.params().length; k++) {
                double a = r.coef()[k];
                int p = r.params()[k];
                min += a > 0 ? a * lo[p] : a * hi[p];
                max += a > 0 ? a * hi[p] : a * lo[p];
            }
            String what = declared.get(j).describe();
            if (min > r.hi() + 1e-9 * Math.max(1, Math.abs(r.hi()))) {
                issues.add(new Problem.Issue("constraints[" + j + "]", "cannot hold: " + what
                        + ", but the smallest value within the parameter ranges is " + fmt(min)));
            } else if (max < r.lo() - 1e-9 * Math.max(1, Math.abs(r.lo()))) {
                issues.add(new Problem.Issue("constraints[" + j + "]", "cannot hold: " + what
                        + ", but the largest value within the parameter ranges is " + fmt(max)));
            }
        }
        if (!issues.isEmpty() || all.rows.isEmpty()) {
            return issues;
        }
        // all together: is the polytope (box ∩ constraints) empty?
        int n = ps.size();
        List<LinearConstraint> lp = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            lp.add(new LinearConstraint(e, Relationship.GEQ, lo[i]));
            lp.add(new LinearConstraint(e, Relationship.LEQ, hi[i]));
        }
        for (Row r : all.rows) {
            double[] a = new double[n];
            for (int k = 0; k < r.params().length; k++) {
                a[r.params()[k]] += r.coef()[k];
            }
            if (r.lo() == r.hi()) {
                lp.add(new LinearConstraint(a, Relationship.EQ, r.hi()));
                continue;
            }
            if (Double.isFinite(r.hi())) {
                lp.add(new LinearConstraint(a, Relationship.LEQ, r.hi()));
            }
            if (Double.isFinite(r.lo())) {
                lp.add(new LinearConstraint(a.clone(), Relationship.GEQ, r.lo()));
            }
        }
        try {
            new SimplexSolver().optimize(new MaxIter(10_000), new LinearObjectiveFunction(new double[n], 0),
                    new LinearConstraintSet(lp), GoalType.MINIMIZE, new NonNegativeConstraint(false));
        } catch (MathIllegalStateException e) {
            List<String> all2 = declared.stream().map(Constraint::describe).toList();
            issues.add(new Problem.Issue("constraints", "no setting within the parameter ranges"
                    + (space.simplex() ? " (with the mixture fractions summing to 1)" : "") + " satisfies all of "
                    + String.join("; ", all2) + " together"));
        }
        return issues;
    }

    private double[] values(String[] raw) {
        double[] x = new double[raw.length];
        for (Row r : rows) {
            for (int p : r.params()) {
                x[p] = Double.parseDouble(raw[p].strip());
            }
        }
        return x;
    }

    private static double dot(Row r, double[] x) {
        double s = 0;
        for (int k = 0; k < r.params().length; k++) {
            s += r.coef()[k] * x[r.params()[k]];
        }
        return s;
    }

    private static double tolerance(Row r, double[] x) {
        double scale = 1;
        for (int k = 0; k < r.params().length; k++) {
            scale = Math.max(scale, Math.abs(r.coef()[k] * x[r.params()[k]]));
        }
        if (Double.isFinite(r.hi())) {
            scale = Math.max(scale, Math.abs(r.hi()));
        }
        if (Double.isFinite(r.lo())) {
            scale = Math.max(scale, Math.abs(r.lo()));
        }
        return 1e-9 * scale;
    }

    private static int indexOf(List<Parameter> ps, String name) {
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no parameter '" + name + "'");
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }
}
