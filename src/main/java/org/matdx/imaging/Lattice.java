package org.matdx.imaging;

import java.util.ArrayList;
import java.util.List;

/**
 * Lattice spacings of a high-resolution image from its power spectrum, as one reads them off a
 * diffractogram in DigitalMicrograph: the central square of the largest power-of-two size is
 * Hann-windowed (so the image edges do not streak the spectrum), transformed, and the strongest
 * local maxima of |F|² away from the centre are taken as reflections. A reflection at (u, v)
 * frequency pixels has spacing d = N·s / √(u² + v²) for an N-pixel square of pixel size s; its
 * position is refined to a fraction of a pixel by a parabola through the neighbours.
 */
public final class Lattice {
    private Lattice() {
    }

    /** One reflection: spacing in the image's unit, angle of the lattice planes' normal in degrees, strength relative to the strongest. */
    public record Reflection(double spacing, double angle, double u, double v, double relativeIntensity) {
    }

    /** The power spectrum (centred, log-scaled for display) and the reflections found. */
    public record Result(int size, double[] logPower, List<Reflection> reflections) {
    }

    public static Result analyse(double[] image, int width, int height, double pixel, int maxReflections) {
        int n = Integer.highestOneBit(Math.min(width, height));
        if (n < 8) {
            throw new IllegalArgumentException("an image of " + width + "×" + height + " is too small for a Fourier transform (at least 8×8)");
        }
        int x0 = (width - n) / 2;
        int y0 = (height - n) / 2;
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        double mean = 0;
        int finite = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double v = image[(y0 + y) * width + x0 + x];
                if (Double.isFinite(v)) {
                    mean += v;
                    finite++;
                }
            }
        }
        mean = finite == 0 ? 0 : mean / finite;
        for (int y = 0; y < n; y++) {
            double wy = 0.5 - 0.5 * Math.cos(2 * Math.PI * y / n);
            for (int x = 0; x < n; x++) {
                double wx = 0.5 - 0.5 * Math.cos(2 * Math.PI * x / n);
                double v = image[(y0 + y) * width + x0 + x];
                re[y * n + x] = (Double.isFinite(v) ? v - mean : 0) * wx * wy; // NaN pixels count as the mean
            }
        }
        fft2(re, im, n);
        double[] power = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int sy = (y + n / 2) % n; // shift the zero frequency to the centre
                int sx = (x + n / 2) % n;
                int i = y * n + x;
                power[sy * n + sx] = re[i] * re[i] + im[i] * im[i];
            }
        }
        int c = n / 2;
        int exclude = Math.max(3, n / 64); // the window's central lobe and the slow background
        List<double[]> peaks = new ArrayList<>();
        for (int y = 1; y < n - 1; y++) {
            for (int x = 1; x < n - 1; x++) {
                int u = x - c;
                int v = y - c;
                if (u * u + v * v <= exclude * exclude || v < 0 || (v == 0 && u < 0)) {
                    continue; // Friedel pairs: keep the upper half plane
                }
                double p = power[y * n + x];
                boolean max = true;
                for (int dy = -1; dy <= 1 && max; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        if ((dx != 0 || dy != 0) && power[(y + dy) * n + x + dx] >= p) {
                            max = false;
                            break;
                        }
                    }
                }
                if (max) {
                    peaks.add(new double[] {p, x, y});
                }
            }
        }
        peaks.sort((a, b) -> Double.compare(b[0], a[0]));
        List<Reflection> out = new ArrayList<>();
        double strongest = peaks.isEmpty() ? 1 : peaks.get(0)[0];
        for (double[] pk : peaks) {
            if (out.size() >= maxReflections || pk[0] < strongest * 0.05) {
                break;
            }
            int x = (int) pk[1];
            int y = (int) pk[2];
            double du = vertex(power[y * n + x - 1], pk[0], power[y * n + x + 1]);
            double dv = vertex(power[(y - 1) * n + x], pk[0], power[(y + 1) * n + x]);
            double u = x - c + du;
            double v = y - c + dv;
            double k = Math.hypot(u, v);
            out.add(new Reflection(n * pixel / k, Math.toDegrees(Math.atan2(v, u)), u, v, pk[0] / strongest));
        }
        double[] log = new double[n * n];
        for (int i = 0; i < log.length; i++) {
            log[i] = Math.log1p(power[i]);
        }
        return new Result(n, log, List.copyOf(out));
    }

    /** Offset of a parabola's vertex through three equally spaced samples, in (−0.5, 0.5). */
    static double vertex(double left, double mid, double right) {
        // on a log scale a Gaussian peak is a parabola: the vertex is then exact for it
        double l = Math.log(Math.max(left, 1e-300));
        double m = Math.log(Math.max(mid, 1e-300));
        double r = Math.log(Math.max(right, 1e-300));
        double den = l - 2 * m + r;
        return den == 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (l - r) / den));
    }

    /** In-place 2-D FFT of an n×n array (n a power of two): rows, then columns. */
    static void fft2(double[] re, double[] im, int n) {
        double[] r = new double[n];
        double[] i = new double[n];
        for (int y = 0; y < n; y++) {
            System.arraycopy(re, y * n, r, 0, n);
            System.arraycopy(im, y * n, i, 0, n);
            fft(r, i);
            System.arraycopy(r, 0, re, y * n, n);
            System.arraycopy(i, 0, im, y * n, n);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                r[y] = re[y * n + x];
                i[y] = im[y * n + x];
            }
            fft(r, i);
            for (int y = 0; y < n; y++) {
                re[y * n + x] = r[y];
                im[y * n + x] = i[y];
            }
        }
    }

    /** Iterative radix-2 Cooley–Tukey transform, e^{−2πi kn/N} convention. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int s = 0; s < n; s += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = s + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double t = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = t;
                }
            }
        }
    }
}
