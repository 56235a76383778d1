package org.matdx.formats.xrd;

import java.util.Arrays;

/** Growable columns of doubles, so large scans are read without boxing. */
final class DoubleColumns {
    private double[][] cols;
    private int size;

    DoubleColumns(int width) {
        cols = new double[width][256];
    }

    void add(double[] row) {
        if (size == cols[0].length) {
            for (int i = 0; i < cols.length; i++) {
                cols[i] = Arrays.copyOf(cols[i], size * 2);
            }
        }
        for (int i = 0; i < row.length; i++) {
            cols[i][size] = row[i];
        }
        size++;
    }

    int size() {
        return size;
    }

    double[] column(int i) {
        return Arrays.copyOf(cols[i], size);
    }
}
