package org.matdx.ingest.structuring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds diffraction peaks in a scan: Savitzky–Golay smoothing (quadratic, 2m+1 points), a
 * background from a rolling minimum followed by a rolling mean (a cheap version of the
 * "rolling ball" used by diffraction software), local maxima of the background-subtracted curve
 * kept when their topographic prominence exceeds a threshold, and the full width at half maximum
 * found by linear interpolation of the half-height crossings on each side.
 *
 * <p>The threshold is relative to the noise: {@code minProminence = max(k·σ, f·max)}, with σ
 * estimated from the median absolute deviation of the residual (data minus smooth), so counting
 * noise in weak patterns does not produce peaks and strong patterns keep their minor reflections.
 */
public final class PeakFinder {

    /** A peak: position on the x axis, net intensity above background, FWHM in x units, prominence. */
    public record Peak(double position, double intensity, double fwhm, double prominence) {
    }

    private final int smoothHalfWidth;
    private final double noiseFactor;
    private final double relativeFloor;
    private final int maxPeaks;

    public PeakFinder(int smoothHalfWidth, double noiseFactor, double relativeFloor, int maxPeaks) {
        this.smoothHalfWidth = smoothHalfWidth;
        this.noiseFactor = noiseFactor;
        this.relativeFloor = relativeFloor;
        this.maxPeaks = maxPeaks;
    }

    /** Settings suited to powder patterns of a few thousand points. */
    public static PeakFinder standard() {
        return new PeakFinder(3, 6.0, 0.01, 50);
    }

    public List<Peak> find(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        if (n < 7) {
            return List.of();
        }
        double[] s = smooth(y, n);
        double[] bg = background(s, n, Math.max(5, n / 25));
        double[] net = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            net[i] = s[i] - bg[i];
            max = Math.max(max, net[i]);
        }
        if (max <= 0) {
            return List.of();
        }
        double sigma = noise(y, s, n);
        double threshold = Math.max(noiseFactor * sigma, relativeFloor * max);
        List<Peak> peaks = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            // plateau-aware local maximum: strictly above the left neighbour, not below the right
            if (!(net[i] > net[i - 1] && net[i] >= net[i + 1])) {
                continue;
            }
            if (net[i] < threshold) {
                continue; // net ≥ 0 (the background never exceeds the curve), so prominence ≤ height
            }
            double prom = prominence(net, i, n);
            if (prom < threshold) {
                continue;
            }
            double half = net[i] / 2;
            double left = crossing(x, net, i, -1, half, n);
            double right = crossing(x, net, i, +1, half, n);
            double fwhm = Double.isNaN(left) || Double.isNaN(right) ? Double.NaN : Math.abs(right - left);
            double pos = refine(x, net, i, n);
            peaks.add(new Peak(pos, net[i], fwhm, prom));
        }
        peaks.sort(Comparator.comparingDouble(Peak::prominence).reversed());
        List<Peak> top = new ArrayList<>(peaks.subList(0, Math.min(maxPeaks, peaks.size())));
        top.sort(Comparator.comparingDouble(Peak::position));
        return top;
    }

    /** Savitzky–Golay quadratic smoothing; the ends keep the raw values. */
    double[] smooth(double[] y, int n) {
        int m = smoothHalfWidth;
        double[] out = new double[n];
        if (n < 2 * m + 1) {
            System.arraycopy(y, 0, out, 0, n);
            return out;
        }
        // coefficients c_j = (3(3m^2+3m-1) - 15 j^2) / ((2m+3)(2m+1)(2m-1))
        double norm = (2.0 * m + 3) * (2.0 * m + 1) * (2.0 * m - 1) / 3.0;
        double[] c = new double[2 * m + 1];
        for (int j = -m; j <= m; j++) {
            c[j + m] = ((3.0 * m * m + 3 * m - 1) - 5.0 * j * j) / norm;
        }
        for (int i = 0; i < n; i++) {
            if (i < m || i >= n - m) {
                out[i] = y[i];
                continue;
            }
            double acc = 0;
            for (int j = -m; j <= m; j++) {
                acc += c[j + m] * y[i + j];
            }
            out[i] = acc;
        }
        return out;
    }

    /** Rolling minimum then rolling mean over the same window: follows slow background, not peaks narrower than the window. */
    static double[] background(double[] s, int n, int half) {
        double[] min = new double[n];
        // sliding-window minimum over [i-half, i+half] in O(n), the deque of indexes as a plain array
        int[] dq = new int[n];
        int head = 0;
        int tail = 0;
        int right = 0;
        for (int i = 0; i < n; i++) {
            int hi = Math.min(n - 1, i + half);
            while (right <= hi) {
                while (tail > head && s[dq[tail - 1]] >= s[right]) {
                    tail--;
                }
                dq[tail++] = right++;
            }
            while (dq[head] < i - half) {
                head++;
            }
            min[i] = s[dq[head]];
        }
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + min[i];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(n - 1, i + half);
            out[i] = Math.min(s[i], (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1));
        }
        return out;
    }

    /** σ from the median absolute deviation of data minus smooth (1.4826·MAD is σ for Gaussian noise). */
    static double noise(double[] y, double[] s, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = Math.abs(y[i] - s[i]);
        }
        return 1.4826 * select(r, n / 2);
    }

    /** The k-th smallest value (Hoare's selection, expected O(n)); reorders {@code a}. */
    static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** Height above the higher of the two lowest points reached before the curve rises above this peak on each side. */
    static double prominence(double[] v, int i, int n) {
        double h = v[i];
        double leftMin = h;
        for (int j = i - 1; j >= 0 && v[j] <= h; j--) {
            leftMin = Math.min(leftMin, v[j]);
        }
        double rightMin = h;
        for (int j = i + 1; j < n && v[j] <= h; j++) {
            rightMin = Math.min(rightMin, v[j]);
        }
        return h - Math.max(leftMin, rightMin);
    }

    /** x where the curve falls to {@code level} walking from i in direction dir, by linear interpolation; NaN if it never does. */
    static double crossing(double[] x, double[] v, int i, int dir, double level, int n) {
        int j = i;
        while (j + dir >= 0 && j + dir < n) {
            int k = j + dir;
            if (v[k] <= level) {
                double t = (v[j] - level) / (v[j] - v[k]);
                return x[j] + t * (x[k] - x[j]);
            }
            j = k;
        }
        return Double.NaN;
    }

    /** Vertex of the parabola through the maximum and its neighbours: sub-step peak position. */
    static double refine(double[] x, double[] v, int i, int n) {
        if (i <= 0 || i >= n - 1) {
            return x[i];
        }
        double a = v[i - 1];
        double b = v[i];
        double c = v[i + 1];
        double d = a - 2 * b + c;
        if (d >= 0) {
            return x[i];
        }
        double offset = 0.5 * (a - c) / d;
        double step = (x[i + 1] - x[i - 1]) / 2;
        return x[i] + Math.max(-0.5, Math.min(0.5, offset)) * step;
    }
}
