package org.matdx.federated;

/**
 * Real numbers as elements of the ring Z/2^64 (Java's {@code long} arithmetic wraps exactly so),
 * the ring secure aggregation adds and masks in: a value v becomes round(v · 2^{@value #FRACTION_BITS}).
 * Every encoded value is bounded by 2^{@value #MAX_MAGNITUDE_BITS}, so the sum over up to
 * {@link #MAX_PARTIES} parties stays below 2^63 and decodes as the signed sum it is; a mask added
 * in the ring leaves no trace of magnitude or sign.
 */
public final class FixedPoint {
    /** Resolution 2^−20 ≈ 9.5·10⁻⁷: far below any gradient sum that can change a split or a leaf. */
    public static final int FRACTION_BITS = 20;
    static final int MAX_MAGNITUDE_BITS = 57;
    /** Parties whose bounded values may be summed without leaving the signed range. */
    public static final int MAX_PARTIES = 32;
    private static final double SCALE = 1L << FRACTION_BITS;
    /** The largest |v| a party may encode: 2^57 / 2^20 ≈ 1.4·10¹¹. */
    public static final double MAX_VALUE = (double) (1L << MAX_MAGNITUDE_BITS) / SCALE;

    private FixedPoint() {
    }

    /** Encodes each value; a non-finite or too-large value is refused (it would wrap into nonsense or leak through overflow). */
    public static long[] encode(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || Math.abs(v) > MAX_VALUE) {
                throw new IllegalArgumentException("value " + i + " is " + v + "; only finite values up to " + MAX_VALUE
                        + " in magnitude can be aggregated");
            }
            out[i] = Math.round(v * SCALE);
        }
        return out;
    }

    /** Decodes a sum (or a single value) read as a signed 64-bit integer. */
    public static double[] decode(long[] ring) {
        double[] out = new double[ring.length];
        for (int i = 0; i < ring.length; i++) {
            out[i] = ring[i] / SCALE;
        }
        return out;
    }

    /** a += b in the ring. */
    static void add(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    /** a −= b in the ring. */
    static void subtract(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] -= b[i];
        }
    }
}
