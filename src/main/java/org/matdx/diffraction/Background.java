package org.matdx.diffraction;

/**
 * Backgrounds of powder patterns. {@link #snip} estimates one without a model, for search-match:
 * the statistics-sensitive non-linear iterative peak-clipping of Ryan et al., Nucl. Instrum. Methods
 * B34, 396 (1988), on log-log-square-root transformed counts (Morháč et al., NIM A401, 113 (1997)).
 * {@link #basis} is what whole-pattern fitting refines: Chebyshev polynomials over the scan plus a
 * 1/2θ term for the air scatter that rises towards low angles.
 */
final class Background {
    /** Chebyshev terms T0…T(n−1) in the refined background. */
    static final int CHEBYSHEV = 6;

    private Background() {
    }

    /** The clipped background under {@code y}, clipping over up to {@code width} points on each side. */
    static double[] snip(double[] y, int width) {
        int n = y.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.log(Math.log(Math.sqrt(Math.max(y[i], 0) + 1) + 1) + 1);
        }
        double[] w = new double[n];
        int m = Math.max(1, Math.min(width, n / 4));
        for (int p = 1; p <= m; p++) {
            for (int i = 0; i < n; i++) {
                if (i < p || i >= n - p) {
                    w[i] = v[i];
                } else {
                    w[i] = Math.min(v[i], (v[i - p] + v[i + p]) / 2);
                }
            }
            System.arraycopy(w, 0, v, 0, n);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double e = Math.exp(Math.exp(v[i]) - 1) - 1;
            out[i] = e * e - 1;
        }
        return out;
    }

    /** Columns of the background's design: T0…T5 of the scan mapped onto [−1, 1], and 1/2θ (scaled to 1 at the start). */
    static double[][] basis(double[] x) {
        int n = x.length;
        double lo = x[0];
        double span = x[n - 1] - lo;
        double[][] b = new double[CHEBYSHEV + 1][n];
        for (int i = 0; i < n; i++) {
            double u = 2 * (x[i] - lo) / span - 1;
            b[0][i] = 1;
            b[1][i] = u;
            for (int k = 2; k < CHEBYSHEV; k++) {
                b[k][i] = 2 * u * b[k - 1][i] - b[k - 2][i];
            }
            b[CHEBYSHEV][i] = lo / x[i];
        }
        return b;
    }
}
