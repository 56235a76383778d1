package org.matdx.ingest.readers.xrd;

/** Small helpers shared by the diffraction readers. */
final class XrdMetadata {
    private XrdMetadata() {
    }

    /** The median spacing of the scan axis, rounded to 6 decimals (steps are set to about that). */
    static double step(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double[] d = new double[x.length - 1];
        for (int i = 1; i < x.length; i++) {
            d[i - 1] = x[i] - x[i - 1];
        }
        java.util.Arrays.sort(d);
        return Math.round(d[d.length / 2] * 1e6) / 1e6;
    }

    /** Evenly spaced positions from start to end inclusive. */
    static double[] linspace(double start, double end, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = n == 1 ? start : start + (end - start) * i / (n - 1);
        }
        return x;
    }
}
