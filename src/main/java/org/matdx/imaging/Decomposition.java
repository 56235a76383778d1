package org.matdx.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Decomposition of a spectrum image: each pixel's spectrum is a row, each channel a column.
 *
 * <p>PCA centres the columns and diagonalises the smaller of the two Gram matrices (pixels × pixels
 * or channels × channels) with EJML, so a 64×64×2048 map costs a 2048² eigenproblem and a 2×2×2048
 * one a 4² problem; explained variances use n − 1 like scikit-learn, whose results the tests match.
 * A component's sign is arbitrary; it is fixed so that its largest loading is positive.
 *
 * <p>NMF (non-negative matrix factorisation, Lee and Seung's multiplicative updates for the
 * Frobenius norm, 2001) gives parts a chemist can read as spectra of phases: counts are never
 * negative, and neither are the factors.
 */
public final class Decomposition {
    private Decomposition() {
    }

    /**
     * @param components   {@code k × channels} loadings (unit length)
     * @param scores       {@code pixels × k}: each pixel's weight of each component (the component maps)
     * @param mean         the mean spectrum that was subtracted
     */
    public record Pca(double[] explainedVariance, double[] explainedVarianceRatio, double[][] components, double[][] scores,
                      double[] mean) {
    }

    /** PCA of {@code rows × cols} values (row-major), keeping {@code k} components. */
    public static Pca pca(double[] x, int rows, int cols, int k) {
        if ((long) rows * cols != x.length) {
            throw new IllegalArgumentException(rows + "×" + cols + " needs " + (long) rows * cols + " values, not " + x.length);
        }
        k = Math.min(k, Math.min(rows, cols));
        double[] mean = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += finite(x[r * cols + c]);
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        DMatrixRMaj xc = new DMatrixRMaj(rows, cols);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = finite(x[r * cols + c]) - mean[c];
                xc.unsafe_set(r, c, v);
                total += v * v;
            }
        }
        boolean gramOfRows = rows <= cols;
        DMatrixRMaj g = gramOfRows ? new DMatrixRMaj(rows, rows) : new DMatrixRMaj(cols, cols);
        if (gramOfRows) {
            CommonOps_DDRM.multTransB(xc, xc, g);
        } else {
            CommonOps_DDRM.multTransA(xc, xc, g);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(g.numRows, true, true);
        if (!eig.decompose(g)) {
            throw new IllegalStateException("the eigen-decomposition of the " + g.numRows + "² Gram matrix did not converge");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
        double[] var = new double[k];
        double[] ratio = new double[k];
        double[][] comps = new double[k][cols];
        double[][] scores = new double[rows][k];
        double dof = Math.max(1, rows - 1);
        for (int j = 0; j < k; j++) {
            int idx = order.get(j);
            double lambda = Math.max(0, eig.getEigenvalue(idx).real);
            DMatrixRMaj vec = eig.getEigenVector(idx);
            var[j] = lambda / dof;
            ratio[j] = total == 0 ? 0 : lambda / total;
            double[] comp = comps[j];
            if (gramOfRows) {
                // loading = Xcᵀ u / ‖Xcᵀ u‖ (= √λ when λ > 0)
                for (int r = 0; r < rows; r++) {
                    double u = vec.get(r, 0);
                    if (u == 0) {
                        continue;
                    }
                    for (int c = 0; c < cols; c++) {
                        comp[c] += xc.unsafe_get(r, c) * u;
                    }
                }
                normalise(comp);
            } else {
                for (int c = 0; c < cols; c++) {
                    comp[c] = vec.get(c, 0);
                }
                normalise(comp);
            }
            int big = 0;
            for (int c = 1; c < cols; c++) {
                if (Math.abs(comp[c]) > Math.abs(comp[big])) {
                    big = c;
                }
            }
            if (comp[big] < 0) {
                for (int c = 0; c < cols; c++) {
                    comp[c] = -comp[c];
                }
            }
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += xc.unsafe_get(r, c) * comp[c];
                }
                scores[r][j] = s;
            }
        }
        return new Pca(var, ratio, comps, scores, mean);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0; // a NaN channel counts as zero rather than poisoning every component
    }

    private static void normalise(double[] v) {
        double n = 0;
        for (double d : v) {
            n += d * d;
        }
        n = Math.sqrt(n);
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
    }

    /**
     * @param spectra  {@code k × channels}, each scaled to unit maximum
     * @param maps     {@code pixels × k} abundances
     * @param residual relative Frobenius residual ‖X − WH‖ / ‖X‖
     */
    public record Nmf(double[][] spectra, double[][] maps, double residual, int iterations) {
    }

    /** NMF of non-negative {@code rows × cols} values (negative and non-finite values count as 0) into {@code k} parts. */
    public static Nmf nmf(double[] x, int rows, int cols, int k, int maxIterations, long seed) {
        if ((long) rows * cols != x.length) {
            throw new IllegalArgumentException(rows + "×" + cols + " needs " + (long) rows * cols + " values, not " + x.length);
        }
        double[] v = new double[x.length];
        double norm = 0;
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            v[i] = Double.isFinite(x[i]) && x[i] > 0 ? x[i] : 0;
            norm += v[i] * v[i];
            max = Math.max(max, v[i]);
        }
        Random rnd = new Random(seed);
        double scale = Math.sqrt((max == 0 ? 1 : max) / k);
        double[] w = new double[rows * k];
        double[] h = new double[k * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = scale * (0.1 + rnd.nextDouble());
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = scale * (0.1 + rnd.nextDouble());
        }
        double eps = 1e-12;
        int it = 0;
        double residual = Double.NaN;
        double previous = Double.POSITIVE_INFINITY;
        for (; it < maxIterations; it++) {
            // H ← H ∘ (WᵀV) / (WᵀWH)
            double[] wtv = new double[k * cols];
            double[] wtw = new double[k * k];
            for (int r = 0; r < rows; r++) {
                for (int a = 0; a < k; a++) {
                    double wa = w[r * k + a];
                    if (wa == 0) {
                        continue;
                    }
                    for (int c = 0; c < cols; c++) {
                        wtv[a * cols + c] += wa * v[r * cols + c];
                    }
                    for (int b = 0; b < k; b++) {
                        wtw[a * k + b] += wa * w[r * k + b];
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                for (int c = 0; c < cols; c++) {
                    double den = 0;
                    for (int b = 0; b < k; b++) {
                        den += wtw[a * k + b] * h[b * cols + c];
                    }
                    h[a * cols + c] *= wtv[a * cols + c] / (den + eps);
                }
            }
            // W ← W ∘ (VHᵀ) / (WHHᵀ)
            double[] hht = new double[k * k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double s = 0;
                    for (int c = 0; c < cols; c++) {
                        s += h[a * cols + c] * h[b * cols + c];
                    }
                    hht[a * k + b] = s;
                }
            }
            double err = 0;
            for (int r = 0; r < rows; r++) {
                double[] vht = new double[k];
                for (int c = 0; c < cols; c++) {
                    double vv = v[r * cols + c];
                    if (vv != 0) {
                        for (int a = 0; a < k; a++) {
                            vht[a] += vv * h[a * cols + c];
                        }
                    }
                }
                for (int a = 0; a < k; a++) {
                    double den = 0;
                    for (int b = 0; b < k; b++) {
                        den += w[r * k + b] * hht[b * k + a];
                    }
                    w[r * k + a] *= vht[a] / (den + eps);
                }
                for (int c = 0; c < cols; c++) {
                    double s = 0;
                    for (int a = 0; a < k; a++) {
                        s += w[r * k + a] * h[a * cols + c];
                    }
                    double d = v[r * cols + c] - s;
                    err += d * d;
                }
            }
            residual = norm == 0 ? 0 : Math.sqrt(err / norm);
            if (previous - residual < 1e-7 * Math.max(1e-12, previous)) {
                it++;
                break;
            }
            previous = residual;
        }
        double[][] spectra = new double[k][cols];
        double[][] maps = new double[rows][k];
        for (int a = 0; a < k; a++) {
            double m = 0;
            for (int c = 0; c < cols; c++) {
                m = Math.max(m, h[a * cols + c]);
            }
            m = m == 0 ? 1 : m;
            for (int c = 0; c < cols; c++) {
                spectra[a][c] = h[a * cols + c] / m;
            }
            for (int r = 0; r < rows; r++) {
                maps[r][a] = w[r * k + a] * m; // W·H unchanged: the scale moves into the maps
            }
        }
        return new Nmf(spectra, maps, residual, it);
    }
}
