package org.matdx.stability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.linear.LinearConstraint;
import org.hipparchus.optim.linear.LinearConstraintSet;
import org.hipparchus.optim.linear.LinearObjectiveFunction;
import org.hipparchus.optim.linear.NonNegativeConstraint;
import org.hipparchus.optim.linear.PivotSelectionRule;
import org.hipparchus.optim.linear.Relationship;
import org.hipparchus.optim.linear.SimplexSolver;
import org.hipparchus.optim.nonlinear.scalar.GoalType;

/**
 * The lower convex hull of formation energy over composition, with the elements as references at
 * zero. The hull's energy at a composition is the least energy any mixture of phases with that
 * overall composition reaches: a small linear programme (minimise Σ λ E subject to Σ λ x = x,
 * λ ≥ 0) whose solution also names the mixture — the decomposition. This is the definition
 * pymatgen's {@code PhaseDiagram} computes with Qhull facets; ConvexHullTest compares the two.
 *
 * <p>Compositions are atomic fractions over the system's elements, energies are per atom; the
 * fractions of a decomposition are fractions of atoms, as pymatgen gives them.
 */
public final class ConvexHull {
    /** Below this (eV/atom) a difference of energies is rounding, not physics. */
    static final double TOLERANCE = 1e-9;

    /** A phase: its atomic fractions over the system's elements (summing to 1) and formation energy per atom. */
    public record Point(double[] fractions, double energy) {
        public Point {
            fractions = fractions.clone();
        }
    }

    /** Part of a decomposition: a point (its index; the elements come after the points) and its fraction of atoms. */
    public record Share(int point, double fraction) {
    }

    /**
     * Where a point stands: its energy above the hull (0 on it), what it decomposes into (itself
     * when it is a vertex of the hull), and for a vertex how far below the hull of all other phases
     * it lies ({@code decompositionEnergy} ≤ 0; NaN for points not on the hull).
     */
    public record Position(double eAboveHull, List<Share> decomposition, boolean vertex, double decompositionEnergy) {
    }

    private ConvexHull() {
    }

    /**
     * The position of every point in a system of {@code elements} elements. The elements
     * themselves are references at zero energy: shares that name index {@code points.size() + k}
     * are element {@code k}.
     */
    public static List<Position> positions(int elements, List<Point> points) {
        List<Point> all = new ArrayList<>(points);
        for (int k = 0; k < elements; k++) {
            double[] unit = new double[elements];
            unit[k] = 1;
            all.add(new Point(unit, 0));
        }
        for (Point p : all) {
            if (p.fractions().length != elements || !Double.isFinite(p.energy())) {
                throw new IllegalArgumentException("a point needs " + elements + " fractions and a finite energy");
            }
        }
        // only the lowest phase of each composition can be on the hull
        Map<String, Integer> lowest = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            String key = key(all.get(i).fractions());
            Integer j = lowest.get(key);
            if (j == null || all.get(i).energy() < all.get(j).energy()) {
                lowest.put(key, i);
            }
        }
        List<Integer> candidates = new ArrayList<>(lowest.values());
        List<Integer> hull = hullPoints(all, candidates, points.size(), elements);

        List<Position> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = all.get(i);
            Mixture m = cheapest(all, hull, p.fractions());
            double above = Math.max(0, p.energy() - m.energy());
            boolean onHull = above < TOLERANCE && hull.contains(i);
            if (onHull) {
                // a vertex when no mixture of the other phases (not of its own composition) reaches it
                String own = key(p.fractions());
                List<Integer> others = hull.stream().filter(j -> !key(all.get(j).fractions()).equals(own)).toList();
                Mixture without = cheapest(all, others, p.fractions());
                double below = p.energy() - without.energy();
                if (below < -TOLERANCE) {
                    out.add(new Position(0, List.of(new Share(i, 1)), true, below));
                    continue;
                }
                out.add(new Position(0, without.shares(), false, Double.NaN));
                continue;
            }
            out.add(new Position(above < TOLERANCE ? 0 : above, m.shares(), false, Double.NaN));
        }
        return out;
    }

    /**
     * The points that span the hull (a superset of its vertices): grown from the elements by adding,
     * pass after pass, every candidate below the hull of those found so far, until none is.
     */
    private static List<Integer> hullPoints(List<Point> all, List<Integer> candidates, int firstElement, int elements) {
        List<Integer> hull = new ArrayList<>();
        for (int k = 0; k < elements; k++) {
            hull.add(firstElement + k);
        }
        // lowest energies first: the phases most likely to be vertices join in the first pass
        List<Integer> queue = new ArrayList<>(candidates);
        queue.sort(Comparator.comparingDouble(i -> all.get(i).energy()));
        boolean grew = true;
        while (grew) {
            grew = false;
            List<Integer> below = new ArrayList<>();
            for (int i : queue) {
                if (hull.contains(i)) {
                    continue;
                }
                Point p = all.get(i);
                if (p.energy() < cheapest(all, hull, p.fractions()).energy() - TOLERANCE) {
                    below.add(i);
                }
            }
            if (!below.isEmpty()) {
                hull.addAll(below);
                grew = true;
            }
        }
        // a phase exactly on the hull spanned by the others still belongs to it (degenerate, not a vertex)
        for (int i : queue) {
            if (!hull.contains(i)) {
                Point p = all.get(i);
                if (Math.abs(p.energy() - cheapest(all, hull, p.fractions()).energy()) < TOLERANCE) {
                    hull.add(i);
                }
            }
        }
        return hull;
    }

    private record Mixture(double energy, List<Share> shares) {
    }

    /** The least energy of a mixture of {@code use} with overall composition {@code x}, and the mixture. */
    private static Mixture cheapest(List<Point> all, Collection<Integer> use, double[] x) {
        List<Integer> vars = List.copyOf(use);
        int n = vars.size();
        double[] cost = new double[n];
        for (int j = 0; j < n; j++) {
            cost[j] = all.get(vars.get(j)).energy();
        }
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int k = 0; k < x.length; k++) {
            double[] row = new double[n];
            for (int j = 0; j < n; j++) {
                row[j] = all.get(vars.get(j)).fractions()[k];
            }
            constraints.add(new LinearConstraint(row, Relationship.EQ, x[k]));
        }
        PointValuePair best = new SimplexSolver(1e-12, 10, 1e-14).optimize(new LinearObjectiveFunction(cost, 0),
                new LinearConstraintSet(constraints), GoalType.MINIMIZE, new NonNegativeConstraint(true), PivotSelectionRule.BLAND);
        double[] lambda = best.getPoint();
        List<Share> shares = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (lambda[j] > 1e-10) {
                shares.add(new Share(vars.get(j), lambda[j]));
            }
        }
        shares.sort(Comparator.comparingDouble(Share::fraction).reversed());
        return new Mixture(best.getValue(), List.copyOf(shares));
    }

    /** Compositions equal to 1e-9 are one composition. */
    private static String key(double[] fractions) {
        return Arrays.toString(Arrays.stream(fractions).map(f -> Math.round(f * 1e9) / 1e9).toArray());
    }
}
