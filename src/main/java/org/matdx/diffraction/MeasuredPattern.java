package org.matdx.diffraction;

import java.util.Arrays;
import org.matdx.core.Problem;

/**
 * A measured powder pattern: 2θ in degrees (strictly increasing), intensity in counts, and the
 * radiation it was measured with. Construction checks what a careless or hostile upload could hold
 * (too many or too few points, non-finite numbers, angles outside 0-170°, repeated angles) and names
 * the first offending point.
 */
public record MeasuredPattern(double[] twoTheta, double[] intensity, Radiation radiation) {
    public static final int MAX_POINTS = 200_000;
    public static final int MIN_POINTS = 50;

    public MeasuredPattern {
        if (twoTheta.length != intensity.length) {
            throw Problem.invalid("pattern", "2θ has " + twoTheta.length + " values but the intensity " + intensity.length);
        }
        if (twoTheta.length < MIN_POINTS || twoTheta.length > MAX_POINTS) {
            throw Problem.invalid("pattern", "a pattern needs " + MIN_POINTS + " to " + MAX_POINTS + " points; found " + twoTheta.length);
        }
        twoTheta = twoTheta.clone();
        intensity = intensity.clone();
        if (twoTheta.length > 1 && twoTheta[0] > twoTheta[twoTheta.length - 1]) {
            reverse(twoTheta);
            reverse(intensity);
        }
        for (int i = 0; i < twoTheta.length; i++) {
            if (!Double.isFinite(twoTheta[i]) || twoTheta[i] <= 0 || twoTheta[i] >= Simulation.MAX_TWO_THETA) {
                throw Problem.invalid("pattern", "point " + (i + 1) + ": 2θ = " + twoTheta[i] + " is not an angle between 0 and "
                        + (int) Simulation.MAX_TWO_THETA + "°");
            }
            if (!Double.isFinite(intensity[i]) || Math.abs(intensity[i]) > 1e15) {
                throw Problem.invalid("pattern", "point " + (i + 1) + " (2θ = " + twoTheta[i] + "°): the intensity " + intensity[i]
                        + " is not a finite number of counts");
            }
            if (i > 0 && twoTheta[i] <= twoTheta[i - 1]) {
                throw Problem.invalid("pattern", "point " + (i + 1) + ": 2θ = " + twoTheta[i] + "° does not increase (previous "
                        + twoTheta[i - 1] + "°); one scan at a time");
            }
        }
        if (twoTheta[twoTheta.length - 1] - twoTheta[0] < 5) {
            throw Problem.invalid("pattern", "the scan covers " + (twoTheta[twoTheta.length - 1] - twoTheta[0])
                    + "° 2θ; phase identification needs at least 5°");
        }
        if (Arrays.stream(intensity).max().orElse(0) <= 0) {
            throw Problem.invalid("pattern", "every intensity is zero or negative: nothing was measured");
        }
    }

    public int points() {
        return twoTheta.length;
    }

    public double min() {
        return twoTheta[0];
    }

    public double max() {
        return twoTheta[twoTheta.length - 1];
    }

    @Override
    public double[] twoTheta() {
        return twoTheta.clone();
    }

    @Override
    public double[] intensity() {
        return intensity.clone();
    }

    /**
     * The pattern with neighbouring points summed so that at most {@code max} remain (counts add, so
     * the statistics stay right); unchanged when it is already small enough.
     */
    public MeasuredPattern binned(int max) {
        int n = twoTheta.length;
        if (n <= max) {
            return this;
        }
        int k = (n + max - 1) / max;
        int m = n / k;
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double sx = 0;
            double sy = 0;
            for (int j = 0; j < k; j++) {
                sx += twoTheta[i * k + j];
                sy += intensity[i * k + j];
            }
            x[i] = sx / k;
            y[i] = sy;
        }
        return new MeasuredPattern(x, y, radiation);
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeasuredPattern p && Arrays.equals(twoTheta, p.twoTheta) && Arrays.equals(intensity, p.intensity)
                && radiation.equals(p.radiation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(twoTheta) + Arrays.hashCode(intensity);
    }

    @Override
    public String toString() {
        return "MeasuredPattern[" + twoTheta.length + " points, " + min() + "-" + max() + "°, " + radiation.name() + "]";
    }
}
