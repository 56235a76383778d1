package org.matdx.diffraction;

import java.util.ArrayList;
import java.util.List;
import org.matdx.core.Lattice;

/**
 * The refinable parameters of a cell, keeping the metric symmetry of the reference: edges of equal
 * length move together (a = b of a tetragonal or hexagonal cell, a = b = c of a cubic one), angles
 * of 90°, 120° and 60° stay fixed, equal free angles (rhombohedral) move together. The structure
 * entry carries no space group, so the metric is what tells which distortions keep the reflections
 * of one line together. Parameters are relative changes of the edges and changes of the free angles
 * in degrees, all zero for the reference cell.
 */
final class CellParameters {
    /** Largest relative change of an edge a fit may make ("within a few percent"). */
    static final double MAX_STRAIN = 0.03;
    /** Largest change of a free angle, degrees. */
    static final double MAX_ANGLE = 2.0;

    private final double[] edges;
    private final double[] angles;
    private final int[] edgeGroup;
    private final int[] angleGroup;
    private final int edgeGroups;
    private final int angleGroups;

    CellParameters(Lattice reference) {
        edges = new double[] {reference.a(), reference.b(), reference.c()};
        angles = new double[] {reference.alpha(), reference.beta(), reference.gamma()};
        edgeGroup = new int[3];
        int groups = 0;
        for (int i = 0; i < 3; i++) {
            edgeGroup[i] = -1;
            for (int j = 0; j < i; j++) {
                if (Math.abs(edges[i] - edges[j]) < 1e-5 * edges[j]) {
                    edgeGroup[i] = edgeGroup[j];
                    break;
                }
            }
            if (edgeGroup[i] < 0) {
                edgeGroup[i] = groups++;
            }
        }
        edgeGroups = groups;
        angleGroup = new int[3];
        groups = 0;
        for (int i = 0; i < 3; i++) {
            angleGroup[i] = -1;
            if (special(angles[i])) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                if (angleGroup[j] >= 0 && Math.abs(angles[i] - angles[j]) < 1e-4) {
                    angleGroup[i] = angleGroup[j];
                    break;
                }
            }
            if (angleGroup[i] < 0) {
                angleGroup[i] = groups++;
            }
        }
        angleGroups = groups;
    }

    private static boolean special(double angle) {
        return Math.abs(angle - 90) < 1e-3 || Math.abs(angle - 120) < 1e-3 || Math.abs(angle - 60) < 1e-3;
    }

    /** How many parameters: one per group of equal edges and per group of equal free angles. */
    int count() {
        return edgeGroups + angleGroups;
    }

    /** Whether parameter {@code i} is an edge (relative change) rather than an angle (degrees). */
    boolean isEdge(int i) {
        return i < edgeGroups;
    }

    /** The cell for these parameter values ({@code p[from …]}). */
    double[] cell(double[] p, int from) {
        double[] out = new double[6];
        for (int i = 0; i < 3; i++) {
            out[i] = edges[i] * (1 + p[from + edgeGroup[i]]);
            out[3 + i] = angleGroup[i] < 0 ? angles[i] : angles[i] + p[from + edgeGroups + angleGroup[i]];
        }
        return out;
    }

    Lattice lattice(double[] p, int from) {
        double[] c = cell(p, from);
        return Lattice.fromParameters(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    /** Names of the parameters for reports: "a", "c", "beta", …. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        String[] e = {"a", "b", "c"};
        String[] a = {"alpha", "beta", "gamma"};
        for (int g = 0; g < edgeGroups; g++) {
            for (int i = 0; i < 3; i++) {
                if (edgeGroup[i] == g) {
                    out.add(e[i]);
                    break;
                }
            }
        }
        for (int g = 0; g < angleGroups; g++) {
            for (int i = 0; i < 3; i++) {
                if (angleGroup[i] == g) {
                    out.add(a[i]);
                    break;
                }
            }
        }
        return out;
    }

    /** Clamps parameters into the allowed ranges. */
    void clamp(double[] p, int from) {
        for (int i = 0; i < count(); i++) {
            double lim = isEdge(i) ? MAX_STRAIN : MAX_ANGLE;
            p[from + i] = Math.max(-lim, Math.min(lim, p[from + i]));
        }
    }
}
