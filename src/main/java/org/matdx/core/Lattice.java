package org.matdx.core;

import java.util.Arrays;

/**
 * A crystal lattice as three vectors in Ångström (rows a, b, c), as OPTIMADE's
 * {@code lattice_vectors}.
 */
public record Lattice(double[][] vectors) {
    public Lattice {
        if (vectors.length != 3 || vectors[0].length != 3 || vectors[1].length != 3 || vectors[2].length != 3) {
            throw new IllegalArgumentException("a lattice needs three 3-vectors");
        }
        vectors = new double[][] {vectors[0].clone(), vectors[1].clone(), vectors[2].clone()};
    }

    /**
     * From cell parameters (Å, degrees), with a along x and b in the xy plane — the usual
     * crystallographic setting.
     */
    public static Lattice fromParameters(double a, double b, double c, double alpha, double beta, double gamma) {
        double ca = Math.cos(Math.toRadians(alpha));
        double cb = Math.cos(Math.toRadians(beta));
        double cg = Math.cos(Math.toRadians(gamma));
        double sg = Math.sin(Math.toRadians(gamma));
        double cx = c * cb;
        double cy = c * (ca - cb * cg) / sg;
        double cz = Math.sqrt(Math.max(0, c * c - cx * cx - cy * cy));
        return new Lattice(new double[][] {{a, 0, 0}, {b * cg, b * sg, 0}, {cx, cy, cz}});
    }

    @Override
    public double[][] vectors() {
        return new double[][] {vectors[0].clone(), vectors[1].clone(), vectors[2].clone()};
    }

    public double a() { return norm(vectors[0]); }
    public double b() { return norm(vectors[1]); }
    public double c() { return norm(vectors[2]); }
    public double alpha() { return angle(vectors[1], vectors[2]); }
    public double beta() { return angle(vectors[0], vectors[2]); }
    public double gamma() { return angle(vectors[0], vectors[1]); }

    /** Cell volume in Å³. */
    public double volume() {
        double[] a = vectors[0], b = vectors[1], c = vectors[2];
        return Math.abs(a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]));
    }

    /** Cartesian coordinates (Å) of a point given in fractional coordinates. */
    public double[] toCartesian(double[] frac) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            r[i] = frac[0] * vectors[0][i] + frac[1] * vectors[1][i] + frac[2] * vectors[2][i];
        }
        return r;
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    private static double angle(double[] u, double[] v) {
        double dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot / (norm(u) * norm(v))))));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lattice l && Arrays.deepEquals(vectors, l.vectors);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(vectors);
    }
}
