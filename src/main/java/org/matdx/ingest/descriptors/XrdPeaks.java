package org.matdx.ingest.descriptors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds diffraction peaks in a scan the way a crystallographer reads one: smooth lightly, take
 * away a slowly varying background, keep local maxima that stand clearly above the counting
 * noise, and measure each one's position (parabola through the top three points), net height
 * and full width at half maximum (linear interpolation of the half-height crossings).
 */
public final class XrdPeaks {
    /** One peak: position on the scan axis, net height above background, FWHM, and d-spacing when λ is known. */
    public record Peak(double position, double height, double fwhm, double dSpacing) {
    }

    static final int MAX_PEAKS = 60;

    private XrdPeaks() {
    }

    /**
     * @param x          scan axis (2θ in degrees), increasing
     * @param y          intensities
     * @param wavelength Kα1 wavelength in Å, or NaN
     */
    public static List<Peak> find(double[] x, double[] y, double wavelength) {
        int n = x.length;
        if (n < 7) {
            return List.of();
        }
        double[] smooth = savitzkyGolay5(y);
        double step = Math.abs(x[n - 1] - x[0]) / (n - 1);
        // background: a rolling minimum over ~1.5° (or a tenth of the scan) smoothed by a moving average
        int half = Math.max(3, (int) Math.round(Math.min(1.5, Math.abs(x[n - 1] - x[0]) / 10) / step / 2));
        double[] bg = movingAverage(rollingMin(smooth, half), half);
        double[] net = new double[n];
        double maxNet = 0;
        for (int i = 0; i < n; i++) {
            net[i] = smooth[i] - Math.min(bg[i], smooth[i]);
            maxNet = Math.max(maxNet, net[i]);
        }
        double noise = noise(y);
        // counting statistics: a peak must stand several σ above the background it sits on
        double threshold = Math.max(maxNet * 0.01, 3 * noise);
        List<Peak> peaks = new ArrayList<>();
        for (int i = 2; i < n - 2; i++) {
            if (net[i] <= threshold || net[i] < net[i - 1] || net[i] < net[i + 1] || net[i] < net[i - 2] || net[i] < net[i + 2]) {
                continue;
            }
            if (net[i] == net[i - 1]) {
                continue; // a flat top: count it once, at its right end
            }
            double halfHeight = net[i] / 2;
            int l = i;
            while (l > 0 && net[l] > halfHeight) {
                l--;
            }
            int r = i;
            while (r < n - 1 && net[r] > halfHeight) {
                r++;
            }
            if (net[l] > halfHeight || net[r] > halfHeight) {
                continue; // runs off the scan: not a whole peak
            }
            double left = interpolate(x[l], net[l], x[l + 1], net[l + 1], halfHeight);
            double right = interpolate(x[r - 1], net[r - 1], x[r], net[r], halfHeight);
            double pos = vertex(x[i - 1], net[i - 1], x[i], net[i], x[i + 1], net[i + 1]);
            double d = Double.isFinite(wavelength) && wavelength > 0
                    ? wavelength / (2 * Math.sin(Math.toRadians(pos / 2))) : Double.NaN;
            peaks.add(new Peak(round(pos, 4), round(net[i], 3), round(right - left, 4), round(d, 5)));
        }
        // shoulders on a big peak's flank can pass the test; keep the strongest when two are within one FWHM
        peaks.sort(Comparator.comparingDouble(Peak::height).reversed());
        List<Peak> kept = new ArrayList<>();
        for (Peak p : peaks) {
            boolean close = kept.stream().anyMatch(k -> Math.abs(k.position() - p.position()) < Math.max(k.fwhm(), p.fwhm()) * 0.75);
            if (!close) {
                kept.add(p);
            }
            if (kept.size() == MAX_PEAKS) {
                break;
            }
        }
        kept.sort(Comparator.comparingDouble(Peak::position));
        return kept;
    }

    static double[] savitzkyGolay5(double[] y) {
        int n = y.length;
        double[] s = y.clone();
        for (int i = 2; i < n - 2; i++) {
            s[i] = (-3 * y[i - 2] + 12 * y[i - 1] + 17 * y[i] + 12 * y[i + 1] - 3 * y[i + 2]) / 35.0;
        }
        return s;
    }

    static double[] rollingMin(double[] y, int half) {
        int n = y.length;
        double[] m = new double[n];
        // a monotonic deque keeps this linear in the scan length
        int[] q = new int[n];
        int head = 0;
        int tail = 0;
        int next = 0;
        for (int i = 0; i < n; i++) {
            int hi = Math.min(n - 1, i + half);
            while (next <= hi) {
                while (tail > head && y[q[tail - 1]] >= y[next]) {
                    tail--;
                }
                q[tail++] = next++;
            }
            while (q[head] < i - half) {
                head++;
            }
            m[i] = y[q[head]];
        }
        return m;
    }

    static double[] movingAverage(double[] y, int half) {
        int n = y.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + y[i];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(n - 1, i + half);
            out[i] = (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1);
        }
        return out;
    }

    /** Noise from point-to-point differences (robust: median absolute deviation), in intensity units. */
    static double noise(double[] y) {
        double[] d = new double[y.length - 1];
        for (int i = 1; i < y.length; i++) {
            d[i - 1] = Math.abs(y[i] - y[i - 1]);
        }
        Arrays.sort(d);
        return 1.4826 * d[d.length / 2] / Math.sqrt(2);
    }

    private static double interpolate(double x0, double y0, double x1, double y1, double level) {
        return y1 == y0 ? (x0 + x1) / 2 : x0 + (level - y0) * (x1 - x0) / (y1 - y0);
    }

    private static double vertex(double x0, double y0, double x1, double y1, double x2, double y2) {
        double denom = (x0 - x1) * (x0 - x2) * (x1 - x2);
        if (denom == 0) {
            return x1;
        }
        double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denom;
        double b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denom;
        if (a >= 0) {
            return x1;
        }
        double v = -b / (2 * a);
        return v < x0 || v > x2 ? x1 : v;
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.NaN;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
