package org.matdx.testing;

import java.util.Locale;
import java.util.Random;

/** Synthetic but realistic powder patterns: Pseudo-Voigt peaks on a decaying background with Poisson-like noise. */
public final class XrdPatterns {
    private XrdPatterns() {
    }

    /** ZnO (wurtzite) reflections with Cu Kα1: 2θ positions and relative heights. */
    public static final double[][] ZNO = {{31.77, 0.57}, {34.42, 0.44}, {36.25, 1.0}, {47.54, 0.23}, {56.60, 0.32},
            {62.86, 0.29}, {67.96, 0.23}};

    public static double[] intensities(double[] x, double[][] peaks, double fwhm, double scale, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = 80 + 400 * Math.exp(-x[i] / 12);
            for (double[] p : peaks) {
                double dx = (x[i] - p[0]) / (fwhm / 2);
                v += scale * p[1] * (0.5 / (1 + dx * dx) + 0.5 * Math.exp(-Math.log(2) * dx * dx));
            }
            y[i] = Math.max(0, Math.round(v + Math.sqrt(v) * rnd.nextGaussian()));
        }
        return y;
    }

    public static double[] axis(double start, double end, double step) {
        int n = (int) Math.round((end - start) / step) + 1;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.round((start + i * step) * 1e6) / 1e6;
        }
        return x;
    }

    /** A two-column .xy file of ZnO from 20° to 80°. */
    public static byte[] znoXy(long seed) {
        double[] x = axis(20, 80, 0.02);
        double[] y = intensities(x, ZNO, 0.12, 5000, seed);
        StringBuilder sb = new StringBuilder("# ZnO powder, Cu Ka1, synthetic\n");
        for (int i = 0; i < x.length; i++) {
            sb.append(String.format(Locale.ROOT, "%.4f %.0f%n", x[i], y[i]));
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
