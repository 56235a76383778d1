package org.matdx.formats.em;

import org.matdx.formats.FormatException;

/**
 * DigitalMicrograph's packed complex images: the Fourier transform of a real image is Hermitian
 * (F(−k) = F(k)*), so GMS stores only the non-redundant half and the reader restores the rest by
 * conjugate symmetry. Output layout matches HyperSpy's unpacking (the test oracle).
 */
final class Fft {
    private Fft() {
    }

    /** DataType 27/28: rows of (width/2 + 1) complex values; the row is mirrored, then the conjugates appended. */
    static void unpackNew(Bytes b, long offset, int rows, int width, int part, double[] re, double[] im) throws FormatException {
        int half = width / 2 + 1;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                int src = j < half ? half - 1 - j : 1 + (j - half);
                long at = offset + ((long) r * half + src) * 2L * part;
                double x = part == 4 ? b.f32(at, "packed complex value") : b.f64(at, "packed complex value");
                double y = part == 4 ? b.f32(at + part, "packed complex value") : b.f64(at + part, "packed complex value");
                re[r * width + j] = x;
                im[r * width + j] = j < half ? y : -y;
            }
        }
    }

    /** DataType 5 (older GMS): a 2N×2N transform packed into 4N² float32 numbers, quarter by quarter. */
    static void unpackOld(Bytes b, long offset, int size, double[] re, double[] im) throws FormatException {
        int n = size / 2;
        int w = size;
        float[] t = new float[size * size];
        for (int k = 0; k < t.length; k++) {
            t[k] = b.f32(offset + 4L * k, "packed complex value");
        }
        re[n * w] = t[0];
        re[0] = t[1];
        re[n * w + n] = t[2 * n * n];
        re[n] = t[2 * n * n + 1];
        for (int i = 0; i < n; i++) { // top right quarter, except its first column
            int start = 2 * i * n + 2;
            for (int k = 0; k < n - 1; k++) {
                re[i * w + n + 1 + k] = t[start + 2 * k];
                im[i * w + n + 1 + k] = t[start + 2 * k + 1];
            }
        }
        for (int k = 0; k < n - 1; k++) { // first column, bottom left quarter
            int at = 2 * n + 2 * n * k;
            re[(n + 1 + k) * w] = t[at];
            im[(n + 1 + k) * w] = t[at + 1];
        }
        int start = 2 * n * n + 2;
        for (int k = 0; k < n - 1; k++) { // row N, bottom right quarter
            re[n * w + n + 1 + k] = t[start + 2 * k];
            im[n * w + n + 1 + k] = t[start + 2 * k + 1];
        }
        start = 2 * n * n + 2 * n;
        for (int k = 0; k < n * (n - 1); k++) { // bottom right quarter, except row N
            int r = n + 1 + k / n;
            int c = n + k % n;
            re[r * w + c] = t[start + 2 * k];
            im[r * w + c] = t[start + 2 * k + 1];
        }
        // the rest by F(i, j) = F(2N − i, 2N − j)*
        for (int j = 1; j < n; j++) {
            conj(re, im, w, 0, j, 0, size - j);
            conj(re, im, w, n, j, n, size - j);
        }
        for (int i = 1; i < n; i++) {
            conj(re, im, w, i, 0, size - i, 0);
            conj(re, im, w, i, n, size - i, n);
        }
        for (int i = 1; i < n; i++) {
            for (int j = 1; j < n; j++) {
                conj(re, im, w, i, j, size - i, size - j);
            }
        }
        for (int r = n + 1; r < size; r++) {
            for (int j = 1; j < n; j++) {
                conj(re, im, w, r, j, size - r, size - j);
            }
        }
    }

    private static void conj(double[] re, double[] im, int w, int i, int j, int si, int sj) {
        re[i * w + j] = re[si * w + sj];
        im[i * w + j] = -im[si * w + sj];
    }
}
