package org.matdx.diffraction;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.matdx.core.Lattice;

/**
 * Measured-looking powder patterns of known mixtures, for tests, the identification benchmark and
 * demos: phases mixed by weight (scales from Hill–Howard, so the fractions are recoverable), each
 * with its own cell strain, line broadening and preferred orientation (a March–Dollase factor on each
 * line's listed hkl), Cu Kα1 + Kα2, zero shift and sample displacement, a background with an
 * amorphous hump and air scatter, and counting noise.
 */
public final class SyntheticPatterns {
    private SyntheticPatterns() {
    }

    /** How a phase appears in the sample. */
    public record Component(StickPattern sticks, double weightFraction, double strain, double broadening, int[] poAxis,
                            double poRatio) {
        public Component {
            poAxis = poAxis == null ? null : poAxis.clone();
        }

        public static Component of(StickPattern sticks, double weightFraction) {
            return new Component(sticks, weightFraction, 0, 0, null, 1);
        }
    }

    /**
     * The scan and the instrument: range and step (degrees), radiation, line shape (zero shift and
     * displacement included), the strongest line's height in counts above background, and the background level.
     */
    public record Scan(double from, double to, double step, Radiation radiation, Profiles.Shape shape, double peakCounts,
                       double backgroundCounts, double humpCounts) {
        public static Scan laboratory() {
            return new Scan(10, 90, 0.02, Radiation.CU_KA, Profiles.Shape.LABORATORY, 10_000, 200, 0);
        }
    }

    /** The noise-free intensity of the mixture (background included). */
    public static double[] intensity(List<Component> phases, Scan scan, double[] x) {
        double[] y = new double[x.length];
        double[] scales = new double[phases.size()];
        for (int k = 0; k < phases.size(); k++) {
            Component c = phases.get(k);
            Lattice strained = scaled(c.sticks().lattice(), 1 + c.strain());
            scales[k] = c.weightFraction() / (c.sticks().cellMass() * strained.volume());
            Profiles.Lines lines = oriented(c);
            Profiles.add(y, x, scales[k], lines, strained, scan.radiation(), scan.shape(), c.broadening());
        }
        double max = 0;
        for (double v : y) {
            max = Math.max(max, v);
        }
        double lo = x[0];
        double span = x[x.length - 1] - lo;
        for (int i = 0; i < x.length; i++) {
            y[i] = y[i] / max * scan.peakCounts();
            double u = (x[i] - lo) / span;
            double hump = scan.humpCounts() * Math.exp(-Math.pow((x[i] - 25) / 8, 2));
            y[i] += scan.backgroundCounts() * (1 + 0.6 * (1 - u) * (1 - u)) + 0.5 * scan.backgroundCounts() * lo / x[i] + hump;
        }
        return y;
    }

    /** A noisy pattern of the mixture: counts drawn around the intensity (Gaussian with σ = √counts). */
    public static MeasuredPattern pattern(List<Component> phases, Scan scan, SplittableRandom random) {
        int n = (int) Math.round((scan.to() - scan.from()) / scan.step()) + 1;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scan.from() + i * scan.step();
        }
        double[] y = intensity(phases, scan, x);
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(0, Math.round(y[i] + Math.sqrt(y[i]) * gaussian(random)));
        }
        return new MeasuredPattern(x, y, scan.radiation());
    }

    /** The pattern as two-column text (2θ, counts) with a header a diffractometer export would have. */
    public static String xy(MeasuredPattern p, String sample) {
        StringBuilder sb = new StringBuilder(32 * p.points());
        sb.append("# Sample = ").append(sample).append('\n');
        sb.append(String.format(Locale.ROOT, "# Wavelength = %.6f%n", p.radiation().kAlpha1()));
        sb.append("# 2theta counts\n");
        double[] x = p.twoTheta();
        double[] y = p.intensity();
        for (int i = 0; i < x.length; i++) {
            sb.append(String.format(Locale.ROOT, "%.4f %.0f%n", x[i], y[i]));
        }
        return sb.toString();
    }

    private static Profiles.Lines oriented(Component c) {
        Profiles.Lines lines = Profiles.Lines.of(c.sticks());
        if (c.poAxis() == null || c.poRatio() == 1) {
            return lines;
        }
        double[][] g = PowderDiffraction.reciprocalMetric(c.sticks().lattice());
        int[] a = c.poAxis();
        double[] in = lines.intensity().clone();
        for (int k = 0; k < in.length; k++) {
            int[] h = lines.hkl()[k];
            double dot = dot(g, h, a);
            double cos = dot / Math.sqrt(dot(g, h, h) * dot(g, a, a));
            double cos2 = Math.min(1, cos * cos);
            double r = c.poRatio();
            in[k] *= Math.pow(r * r * cos2 + (1 - cos2) / r, -1.5);
        }
        return new Profiles.Lines(lines.hkl(), in);
    }

    private static double dot(double[][] g, int[] a, int[] b) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                s += a[i] * g[i][j] * b[j];
            }
        }
        return s;
    }

    static Lattice scaled(Lattice l, double f) {
        double[][] v = l.vectors();
        for (double[] row : v) {
            for (int i = 0; i < 3; i++) {
                row[i] *= f;
            }
        }
        return new Lattice(v);
    }

    private static double gaussian(SplittableRandom r) {
        double u = Math.max(1e-300, r.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
