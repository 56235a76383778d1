package org.matdx.informatics;

/**
 * A row-major feature matrix as XGBoost takes it: NaN marks a missing value.
 */
public record Matrix(float[] values, int rows, int cols) {
    public Matrix {
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + values.length);
        }
    }

    public float get(int r, int c) {
        return values[r * cols + c];
    }

    /** The given rows, in the given order. */
    public Matrix rows(int[] idx) {
        float[] v = new float[idx.length * cols];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(values, idx[i] * cols, v, i * cols, cols);
        }
        return new Matrix(v, idx.length, cols);
    }

    public float[] row(int r) {
        float[] v = new float[cols];
        System.arraycopy(values, r * cols, v, 0, cols);
        return v;
    }
}
