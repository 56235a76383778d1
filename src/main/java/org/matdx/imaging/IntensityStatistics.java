package org.matdx.imaging;

import java.util.Arrays;
import org.matdx.core.Signal;

/**
 * Intensity statistics of an image or spectrum image over its finite values; non-finite values
 * (NaN from a failed reconstruction, ±∞ from a division) are counted, never averaged in.
 *
 * <p>Detector counts (whole numbers spanning at most 2²⁰ levels: every 8- and 16-bit image) are
 * tallied level by level in a second pass, which gives exact quantiles and the histogram without
 * sorting; other data take their quantiles from a regular sample of at most 2¹⁶ values (display
 * and search figures, where sorting a million values per image would cost more than the rest of
 * the structuring: docs/BENCHMARKS.md).
 *
 * @param histogram counts in {@code bins} equal bins from {@code min} to {@code max} (the last bin closed)
 * @param p005      the 0.5th percentile and {@code p995} the 99.5th: the grey-level stretch of a preview
 */
public record IntensityStatistics(long count, long nonFinite, double min, double max, double mean, double std, double p005,
                                  double p01, double median, double p99, double p995, long[] histogram) {

    public static final int BINS = 64;
    private static final int MAX_LEVELS = 1 << 20;
    private static final double[] QUANTILES = {0.005, 0.01, 0.5, 0.99, 0.995};

    public static IntensityStatistics of(double[] values) {
        long n = 0;
        long bad = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double shift = Double.NaN;
        double sum = 0;
        double squares = 0;
        boolean whole = true;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                bad++;
                continue;
            }
            if (n++ == 0) {
                shift = v; // sums about the first value: no cancellation for 16-bit counts sitting on a large offset
            }
            double d = v - shift;
            sum += d;
            squares += d * d;
            min = Math.min(min, v);
            max = Math.max(max, v);
            whole &= v == Math.rint(v);
        }
        if (n == 0) {
            return new IntensityStatistics(0, bad, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, new long[BINS]);
        }
        double mean = shift + sum / n;
        double std = Math.sqrt(Math.max(0, squares / n - (sum / n) * (sum / n)));
        double[] q;
        long[] hist;
        if (whole && max - min < MAX_LEVELS) {
            int[] levels = new int[(int) (max - min) + 1];
            for (double v : values) {
                if (Double.isFinite(v)) {
                    levels[(int) (v - min)]++;
                }
            }
            hist = new long[BINS];
            for (int i = 0; i < levels.length; i++) {
                if (levels[i] > 0) {
                    hist[bin(min + i, min, max - min)] += levels[i];
                }
            }
            q = quantiles(levels, min, n);
        } else {
            hist = new long[BINS];
            double m2 = 0;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    hist[bin(v, min, max - min)]++;
                    m2 += (v - mean) * (v - mean); // fractional values: the second pass also gives the exact two-pass variance
                }
            }
            std = Math.sqrt(m2 / n);
            q = sampledQuantiles(values, n);
        }
        return new IntensityStatistics(n, bad, min, max, mean, std, q[0], q[1], q[2], q[3], q[4], hist);
    }

    /** The statistics of a signal, from its 16-bit words when it holds them (no widening to doubles). */
    public static IntensityStatistics of(Signal s) {
        return s.shorts() != null ? ofWords(s.shorts(), s.unsignedShorts()) : of(s.values());
    }

    /**
     * The same figures as {@link #of(double[])} for 16-bit words ({@code w & 0xFFFF} when unsigned):
     * one pass tallies the 2¹⁶ levels, and sums, extremes, quantiles and histogram come from the tally.
     * The sums are taken about the first value, as there, so mean and histogram agree exactly.
     */
    public static IntensityStatistics ofWords(short[] words, boolean unsigned) {
        int n = words.length;
        if (n == 0) {
            return of(new double[0]);
        }
        int[] tally = new int[1 << 16];
        for (short w : words) {
            tally[w & 0xFFFF]++;
        }
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        int shift = unsigned ? words[0] & 0xFFFF : words[0];
        long sum = 0;
        double squares = 0;
        for (int k = 0; k < tally.length; k++) {
            int c = tally[k];
            if (c == 0) {
                continue;
            }
            int v = unsigned ? k : (short) k;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            long d = v - shift;
            sum += c * d;
            squares += (double) c * (d * d);
        }
        double mean = shift + (double) sum / n;
        double std = Math.sqrt(Math.max(0, squares / n - ((double) sum / n) * ((double) sum / n)));
        int[] levels = new int[hi - lo + 1];
        for (int v = lo; v <= hi; v++) {
            levels[v - lo] = tally[v & 0xFFFF];
        }
        long[] hist = new long[BINS];
        for (int i = 0; i < levels.length; i++) {
            if (levels[i] > 0) {
                hist[bin(lo + i, lo, hi - lo)] += levels[i];
            }
        }
        double[] q = quantiles(levels, lo, n);
        return new IntensityStatistics(n, 0, lo, hi, mean, std, q[0], q[1], q[2], q[3], q[4], hist);
    }

    private static int bin(double v, double min, double width) {
        return width == 0 ? 0 : (int) Math.min(BINS - 1, Math.floor((v - min) / width * BINS));
    }

    /** Exact quantiles (numpy's linear interpolation between order statistics) from per-level counts. */
    private static double[] quantiles(int[] levels, double min, long n) {
        double[] out = new double[QUANTILES.length];
        for (int i = 0; i < QUANTILES.length; i++) {
            double pos = QUANTILES[i] * (n - 1);
            long lo = (long) Math.floor(pos);
            double a = orderStatistic(levels, min, lo);
            double b = orderStatistic(levels, min, Math.min(n - 1, lo + 1));
            out[i] = a + (b - a) * (pos - lo);
        }
        return out;
    }

    /** The {@code k}-th smallest value (from 0). */
    private static double orderStatistic(int[] levels, double min, long k) {
        long seen = 0;
        for (int i = 0; i < levels.length; i++) {
            seen += levels[i];
            if (seen > k) {
                return min + i;
            }
        }
        return min + levels.length - 1;
    }

    /** Quantiles of the finite values among a regular sample of at most 2¹⁶ of all values. */
    static double[] sampledQuantiles(double[] values, long finite) {
        int step = Math.max(1, values.length >> 16);
        double[] f = new double[(values.length + step - 1) / step];
        int k = 0;
        for (int i = 0; i < values.length; i += step) {
            if (Double.isFinite(values[i])) {
                f[k++] = values[i];
            }
        }
        if (k == 0) { // the sample hit only non-finite values; the finite ones are few, take them all
            f = new double[(int) finite];
            for (double v : values) {
                if (Double.isFinite(v)) {
                    f[k++] = v;
                }
            }
        }
        Arrays.sort(f, 0, k);
        double[] out = new double[QUANTILES.length];
        for (int i = 0; i < QUANTILES.length; i++) {
            double pos = QUANTILES[i] * (k - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(k - 1, lo + 1);
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
