package org.matdx.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Candidate experiments drawn from a continuous space: a Latin hypercube (each parameter's range
 * cut into as many strata as points, each stratum used once) so candidates cover the space
 * evenly; mixture fractions are drawn uniformly on the simplex instead; discrete and categorical
 * parameters take their allowed values.
 */
final class Candidates {
    private Candidates() {
    }

    static List<String[]> sample(ParameterSpace space, int n, Random rnd) {
        List<Parameter> ps = space.parameters();
        double[][] u = new double[ps.size()][];
        for (int k = 0; k < ps.size(); k++) {
            u[k] = stratified(n, rnd);
        }
        List<String[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] row = new String[ps.size()];
            double[] simplex = space.simplex() ? dirichlet(ps.size(), rnd) : null;
            for (int k = 0; k < ps.size(); k++) {
                Parameter p = ps.get(k);
                row[k] = switch (p) {
                    case Parameter.Continuous c -> Double.toString(simplex != null
                            ? Math.max(c.low(), Math.min(c.high(), simplex[k])) : c.value(u[k][i]));
                    case Parameter.Discrete d -> Double.toString(d.values().get(Math.min(d.values().size() - 1,
                            (int) (u[k][i] * d.values().size()))));
                    case Parameter.Categorical c -> c.options().get(Math.min(c.options().size() - 1, (int) (u[k][i] * c.options().size())));
                };
            }
            out.add(row);
        }
        return out;
    }

    /**
     * Up to n candidates that satisfy the constraints, every one with the settings given in
     * {@code fixed} (null entries are free): those drawn that already satisfy them first (up to
     * four draws of n), then the others repaired onto the feasible set.
     */
    static List<String[]> feasible(ParameterSpace space, LinearConstraints constraints, int n, Random rnd, String[] fixed) {
        boolean[] frozen = new boolean[space.parameters().size()];
        for (int k = 0; fixed != null && k < frozen.length; k++) {
            frozen[k] = fixed[k] != null;
        }
        List<String[]> out = new ArrayList<>(n);
        List<String[]> rejected = new ArrayList<>();
        for (int draw = 0; draw < 4 && out.size() < n; draw++) {
            for (String[] r : sample(space, n, rnd)) {
                for (int k = 0; k < frozen.length; k++) {
                    if (frozen[k]) {
                        r[k] = fixed[k];
                    }
                }
                if (constraints.satisfied(r)) {
                    out.add(r);
                    if (out.size() == n) {
                        break;
                    }
                } else {
                    rejected.add(r);
                }
            }
        }
        for (int i = 0; i < rejected.size() && out.size() < n; i++) {
            constraints.repair(space, rejected.get(i), frozen).ifPresent(out::add);
        }
        return out;
    }

    /** n values in [0, 1), one in each of n equal strata, in random order. */
    static double[] stratified(int n, Random rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i + rnd.nextDouble()) / n;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    }

    /** A point drawn uniformly from the simplex (fractions summing to one). */
    static double[] dirichlet(int k, Random rnd) {
        double[] x = new double[k];
        double s = 0;
        for (int i = 0; i < k; i++) {
            x[i] = -Math.log(1 - rnd.nextDouble());
            s += x[i];
        }
        for (int i = 0; i < k; i++) {
            x[i] /= s;
        }
        return x;
    }
}
