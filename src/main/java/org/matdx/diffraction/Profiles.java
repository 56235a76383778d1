package org.matdx.diffraction;

import java.util.Arrays;
import org.matdx.core.Lattice;

/**
 * Peak shapes and how lines move: the pseudo-Voigt function (area one), the Caglioti width
 * {@code H² = U tan²θ + V tanθ + W} (Caglioti, Paoletti &amp; Ricci, Nucl. Instrum. 3, 223 (1958))
 * plus a phase's own broadening {@code X / cos θ} (Scherrer), zero shift and sample displacement
 * ({@code Δ2θ = D cos θ}), and the Kα2 line of a doublet.
 */
public final class Profiles {
    /** Profiles are cut this many FWHM from their centre (the Lorentzian tail beyond holds ~3 % of its area). */
    static final double CUT = 12;
    private static final double G = 2 * Math.sqrt(Math.log(2) / Math.PI);
    private static final double LN2x4 = 4 * Math.log(2);

    private Profiles() {
    }

    /** The instrument and sample parameters shared by every phase of a pattern. */
    public record Shape(double zero, double displacement, double u, double v, double w, double eta) {
        /** A typical laboratory Bragg–Brentano diffractometer: about 0.07° FWHM at 30°, 0.1° at 90°. */
        public static final Shape LABORATORY = new Shape(0, 0, 0.01, -0.005, 0.005, 0.5);

        /** FWHM in degrees at this θ (radians) with a phase's own broadening {@code x}; never below 0.003°. */
        public double fwhm(double theta, double x) {
            double t = Math.tan(theta);
            double c = Math.cos(theta);
            double h2 = u * t * t + v * t + w + x * x / (c * c);
            return Math.sqrt(Math.max(h2, 9e-6));
        }
    }

    /** Area-normalised pseudo-Voigt at distance {@code dx} from the centre. */
    static double pseudoVoigt(double dx, double fwhm, double eta) {
        double q = dx / fwhm;
        double q2 = q * q;
        return (eta * (2 / Math.PI) / (1 + 4 * q2) + (1 - eta) * G * Math.exp(-LN2x4 * q2)) / fwhm;
    }

    /** A phase's lines with their Miller indices, so that they can follow a strained cell. */
    record Lines(int[][] hkl, double[] intensity) {
        static Lines of(StickPattern s) {
            int n = s.peaks().size();
            int[][] hkl = new int[n][];
            double[] in = new double[n];
            for (int i = 0; i < n; i++) {
                hkl[i] = s.peaks().get(i).hkl();
                in[i] = s.peaks().get(i).intensity();
            }
            return new Lines(hkl, in);
        }
    }

    /**
     * Adds {@code scale ×} a phase's profile to {@code out} at angles {@code x} (ascending): each line
     * at the angle the cell gives it, shifted, with its Kα2 companion when the radiation has one.
     */
    static void add(double[] out, double[] x, double scale, Lines lines, Lattice cell, Radiation r, Shape s, double size) {
        double[][] g = PowderDiffraction.reciprocalMetric(cell);
        double lo = x[0];
        double hi = x[x.length - 1];
        for (int k = 0; k < lines.hkl().length; k++) {
            int[] m = lines.hkl()[k];
            double g2 = g[0][0] * m[0] * m[0] + g[1][1] * m[1] * m[1] + g[2][2] * m[2] * m[2]
                    + 2 * (g[0][1] * m[0] * m[1] + g[0][2] * m[0] * m[2] + g[1][2] * m[1] * m[2]);
            double gl = Math.sqrt(g2);
            double area = scale * lines.intensity()[k];
            line(out, x, lo, hi, r.kAlpha1() * gl / 2, area, s, size);
            if (r.doublet()) {
                line(out, x, lo, hi, r.kAlpha2() * gl / 2, area * r.ratio(), s, size);
            }
        }
    }

    private static void line(double[] out, double[] x, double lo, double hi, double sinTheta, double area, Profiles.Shape s,
                             double size) {
        if (sinTheta >= 1 || area == 0) {
            return;
        }
        double theta = Math.asin(sinTheta);
        double centre = Math.toDegrees(2 * theta) + s.zero() + s.displacement() * Math.cos(theta);
        double h = s.fwhm(theta, size);
        double from = centre - CUT * h;
        double to = centre + CUT * h;
        if (to < lo || from > hi) {
            return;
        }
        int i = Arrays.binarySearch(x, from);
        i = i < 0 ? -i - 1 : i;
        double eta = Math.max(0, Math.min(1, s.eta()));
        for (; i < x.length && x[i] <= to; i++) {
            out[i] += area * pseudoVoigt(x[i] - centre, h, eta);
        }
    }

    /** Indices of {@link #addWithGradient}'s derivative arrays; cell parameters follow {@link #CELL}. */
    static final int D_ZERO = 0;
    static final int D_DISPLACEMENT = 1;
    static final int D_U = 2;
    static final int D_V = 3;
    static final int D_W = 4;
    static final int D_ETA = 5;
    static final int D_SIZE = 6;
    static final int D_RATIO = 7;
    static final int CELL = 8;

    /**
     * {@link #add} at unit scale, and the profile's derivatives with respect to the shape's parameters,
     * the phase's broadening and its cell parameters ({@code linesMove[j][k]}: how line k's Kα1 angle
     * moves, in degrees per unit of cell parameter j), analytic in the pseudo-Voigt: the Jacobian of a
     * fit in one pass instead of one profile per parameter.
     */
    static void addWithGradient(double[] out, double[][] grad, double[] x, Lines lines, Lattice cell, double[][] linesMove,
                                Radiation r, Shape s, double size) {
        double[][] g = PowderDiffraction.reciprocalMetric(cell);
        for (int k = 0; k < lines.hkl().length; k++) {
            int[] m = lines.hkl()[k];
            double g2 = g[0][0] * m[0] * m[0] + g[1][1] * m[1] * m[1] + g[2][2] * m[2] * m[2]
                    + 2 * (g[0][1] * m[0] * m[1] + g[0][2] * m[0] * m[2] + g[1][2] * m[1] * m[2]);
            double gl = Math.sqrt(g2);
            double area = lines.intensity()[k];
            lineWithGradient(out, grad, x, r.kAlpha1() * gl / 2, area, s, size, linesMove, k, 1, null);
            if (!Double.isNaN(r.kAlpha2())) {
                double s1 = r.kAlpha1() * gl / 2;
                double s2 = r.kAlpha2() * gl / 2;
                // d(2θ2)/d(2θ1) = tanθ2 / tanθ1 for a change of d
                double f = s2 < 1 && s1 < 1 ? Math.tan(Math.asin(s2)) / Math.tan(Math.asin(s1)) : 1;
                lineWithGradient(out, grad, x, s2, area * r.ratio(), s, size, linesMove, k, f, new double[] {area});
            }
        }
    }

    /** One line; {@code perRatio} holds the line's area per unit of Kα2 share for a Kα2 line, null for Kα1. */
    private static void lineWithGradient(double[] out, double[][] grad, double[] x, double sinTheta, double area, Shape s,
                                         double size, double[][] linesMove, int k, double moveFactor, double[] perRatio) {
        if (sinTheta >= 1 || area == 0 && perRatio == null) {
            return;
        }
        double theta = Math.asin(sinTheta);
        double cos = Math.cos(theta);
        double tan = Math.tan(theta);
        double centre = Math.toDegrees(2 * theta) + s.zero() + s.displacement() * cos;
        double h2 = s.u() * tan * tan + s.v() * tan + s.w() + size * size / (cos * cos);
        boolean floored = h2 < 9e-6;
        double h = Math.sqrt(floored ? 9e-6 : h2);
        double from = centre - CUT * h;
        double to = centre + CUT * h;
        if (to < x[0] || from > x[x.length - 1]) {
            return;
        }
        // dH/dp for the width parameters (zero when the width is held at its floor)
        double dhU = floored ? 0 : tan * tan / (2 * h);
        double dhV = floored ? 0 : tan / (2 * h);
        double dhW = floored ? 0 : 1 / (2 * h);
        double dhX = floored ? 0 : size / (h * cos * cos);
        double eta = Math.max(0, Math.min(1, s.eta()));
        boolean etaFree = s.eta() > 0 && s.eta() < 1;
        int i = Arrays.binarySearch(x, from);
        i = i < 0 ? -i - 1 : i;
        double h2i = 1 / (h * h);
        for (; i < x.length && x[i] <= to; i++) {
            double dx = x[i] - centre;
            double q2 = dx * dx * h2i;
            double den = 1 + 4 * q2;
            double lor = (2 / Math.PI) / (h * den);
            double ex = Math.exp(-LN2x4 * q2);
            double gau = G * ex / h;
            double pv = eta * lor + (1 - eta) * gau;
            out[i] += area * pv;
            // d/d(dx) and d/dH of each part
            double dLdx = -(16 / Math.PI) * dx * h2i / h / (den * den);
            double dGdx = gau * (-2 * LN2x4 * dx * h2i);
            double dLdh = (2 / Math.PI) * (4 * dx * dx - h * h) / ((h * h + 4 * dx * dx) * (h * h + 4 * dx * dx));
            double dGdh = G * ex * (-h2i + 2 * LN2x4 * dx * dx * h2i * h2i);
            double dPdc = -area * (eta * dLdx + (1 - eta) * dGdx); // centre moves: dx = x − centre
            double dPdh = area * (eta * dLdh + (1 - eta) * dGdh);
            grad[D_ZERO][i] += dPdc;
            grad[D_DISPLACEMENT][i] += dPdc * cos;
            grad[D_U][i] += dPdh * dhU;
            grad[D_V][i] += dPdh * dhV;
            grad[D_W][i] += dPdh * dhW;
            if (etaFree) {
                grad[D_ETA][i] += area * (lor - gau);
            }
            grad[D_SIZE][i] += dPdh * dhX;
            if (perRatio != null) {
                grad[D_RATIO][i] += perRatio[0] * pv;
            }
            for (int j = 0; j < linesMove.length; j++) {
                grad[CELL + j][i] += dPdc * linesMove[j][k] * moveFactor;
            }
        }
    }

    /** Kα1 angles (degrees) of the lines for a cell; NaN beyond 180°. */
    static double[] positions(Lines lines, Lattice cell, double lambda) {
        double[][] g = PowderDiffraction.reciprocalMetric(cell);
        double[] out = new double[lines.hkl().length];
        for (int k = 0; k < out.length; k++) {
            int[] m = lines.hkl()[k];
            double g2 = g[0][0] * m[0] * m[0] + g[1][1] * m[1] * m[1] + g[2][2] * m[2] * m[2]
                    + 2 * (g[0][1] * m[0] * m[1] + g[0][2] * m[0] * m[2] + g[1][2] * m[1] * m[2]);
            double sin = lambda * Math.sqrt(g2) / 2;
            out[k] = sin < 1 ? Math.toDegrees(2 * Math.asin(sin)) : Double.NaN;
        }
        return out;
    }

    /** A whole simulated pattern on a grid: every phase's profile, no background. */
    public static double[] pattern(double[] x, StickPattern sticks, Radiation r, Shape s, double scale) {
        double[] out = new double[x.length];
        add(out, x, scale, Lines.of(sticks), sticks.lattice(), r, s, 0);
        return out;
    }
}
