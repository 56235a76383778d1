package org.matdx.imaging;

import java.util.Arrays;

/**
 * Intensity statistics of an image or spectrum image over its finite values; non-finite values
 * (NaN from a failed reconstruction, ±∞ from a division) are counted, never averaged in.
 *
 * @param histogram counts in {@code bins} equal bins from {@code min} to {@code max} (the last bin closed)
 */
public record IntensityStatistics(long count, long nonFinite, double min, double max, double mean, double std, double p01,
                                  double median, double p99, long[] histogram) {

    public static final int BINS = 64;

    public static IntensityStatistics of(double[] values) {
        long n = 0;
        long bad = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                bad++;
                continue;
            }
            n++;
            double d = v - mean; // Welford: stable for 16-bit images with a large offset
            mean += d / n;
            m2 += d * (v - mean);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (n == 0) {
            return new IntensityStatistics(0, bad, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    new long[BINS]);
        }
        long[] hist = new long[BINS];
        double width = max - min;
        for (double v : values) {
            if (Double.isFinite(v)) {
                int b = width == 0 ? 0 : (int) Math.min(BINS - 1, Math.floor((v - min) / width * BINS));
                hist[b]++;
            }
        }
        double[] q = quantiles(values, n, new double[] {0.01, 0.5, 0.99});
        return new IntensityStatistics(n, bad, min, max, mean, Math.sqrt(m2 / n), q[0], q[1], q[2], hist);
    }

    /**
     * Quantiles of the finite values, from a regular sample of at most 2^16 of them: a display and
     * search figure, where sorting a million values per image would cost more than the rest of the
     * structuring (docs/BENCHMARKS.md).
     */
    static double[] quantiles(double[] values, long finite, double[] ps) {
        int step = (int) Math.max(1, finite >> 16);
        double[] f = new double[(int) Math.min(finite, (finite + step - 1) / step)];
        int k = 0;
        int seen = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                if (seen++ % step == 0 && k < f.length) {
                    f[k++] = v;
                }
            }
        }
        f = Arrays.copyOf(f, k);
        Arrays.sort(f);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            double pos = ps[i] * (f.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(f.length - 1, lo + 1);
            out[i] = f[lo] + (f[hi] - f[lo]) * (pos - lo);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntensityStatistics s && count == s.count && nonFinite == s.nonFinite && Double.compare(min, s.min) == 0
                && Double.compare(max, s.max) == 0 && Double.compare(mean, s.mean) == 0 && Arrays.equals(histogram, s.histogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "IntensityStatistics[n=" + count + ", min=" + min + ", max=" + max + ", mean=" + mean + ", std=" + std + "]";
    }
}
