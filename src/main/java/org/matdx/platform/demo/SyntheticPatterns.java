package org.matdx.platform.demo;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic synthetic instrument files for demos, tests and benchmarks, generated rather than
 * copied: powder patterns are pseudo-Voigt peaks (η = 0.5) at a phase's reflections for Cu Kα1
 * on a decaying background with counting noise (Gaussian with σ = √counts).
 */
public final class SyntheticPatterns {
    private SyntheticPatterns() {
    }

    /** A phase's strongest reflections for Cu Kα1 (2θ in degrees, relative intensity). */
    public record Phase(String name, String formula, double[] twoTheta, double[] intensity) {
    }

    /** Si (diamond, a = 5.4309 Å): ICDD 27-1402 positions and intensities. */
    public static final Phase SILICON = new Phase("Si standard", "Si",
            new double[] {28.443, 47.303, 56.123, 69.131, 76.377, 88.032},
            new double[] {100, 55, 30, 6, 11, 12});
    /** Rutile TiO2 (P4₂/mnm): ICDD 21-1276. */
    public static final Phase RUTILE = new Phase("rutile TiO2", "TiO2",
            new double[] {27.447, 36.086, 39.188, 41.226, 44.052, 54.323, 56.642, 62.742, 64.040, 69.010, 69.790},
            new double[] {100, 50, 8, 25, 10, 60, 20, 10, 10, 20, 12});
    /** LiCoO2 (R-3m): ICDD 50-0653. */
    public static final Phase LICOO2 = new Phase("LiCoO2 cathode", "LiCoO2",
            new double[] {18.945, 37.388, 38.388, 39.086, 45.246, 49.461, 59.578, 65.438, 66.341, 69.676},
            new double[] {100, 35, 5, 20, 30, 5, 10, 12, 8, 3});

    /** A 2θ scan from 10° to 90° with the given step, as two-column text with a commented header. */
    public static String xrdXy(Phase phase, double step, double fwhm, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("# Sample = ").append(phase.name()).append('\n');
        sb.append("# Anode = Cu\n# Wavelength = 1.540598\n# Scan axis = 2Theta-Omega\n");
        sb.append(String.format(Locale.ROOT, "# Step = %.4f%n", step));
        int n = (int) Math.round((90 - 10) / step) + 1;
        double scale = 5000 + rnd.nextDouble() * 5000;
        for (int i = 0; i < n; i++) {
            double x = 10 + i * step;
            double y = 120 * Math.exp(-(x - 10) / 35) + 40;
            for (int k = 0; k < phase.twoTheta().length; k++) {
                y += scale * phase.intensity()[k] / 100 * pseudoVoigt(x - phase.twoTheta()[k], fwhm, 0.5);
            }
            double noisy = Math.max(0, y + Math.sqrt(y) * rnd.nextGaussian());
            sb.append(String.format(Locale.ROOT, "%.4f %.1f%n", x, noisy));
        }
        return sb.toString();
    }

    /** Unit-height pseudo-Voigt profile. */
    static double pseudoVoigt(double dx, double fwhm, double eta) {
        double g = Math.exp(-4 * Math.log(2) * dx * dx / (fwhm * fwhm));
        double l = 1 / (1 + 4 * dx * dx / (fwhm * fwhm));
        return eta * l + (1 - eta) * g;
    }
}
