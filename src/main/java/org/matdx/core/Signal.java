package org.matdx.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An n-dimensional recorded array with calibrated axes: an image, a stack, a spectrum, a spectrum
 * image. Values are held in C order over {@code axes} (the last axis varies fastest), so a spectrum
 * image with axes (y, x, energy) keeps each pixel's spectrum contiguous.
 *
 * <p>{@code dtype} names what the file stored ({@code uint16}, {@code float32}, {@code complex64},
 * {@code rgba8}, …). Complex data keeps its imaginary part in {@code imaginary}; colour pixels keep
 * their four 8-bit channels packed as {@code 0xRRGGBBAA} in one value each (exact in a double).
 *
 * <p>The arrays are not copied (a spectrum image may be hundreds of megabytes): {@code values()} is the
 * signal's own array, and callers must not modify it.
 *
 * @param quantity what the values measure, e.g. "Intensity (counts)"
 */
public record Signal(String title, List<SignalAxis> axes, String dtype, double[] values, double[] imaginary, String quantity) {
    /** The dtype of colour images, whose pixels are packed 0xRRGGBBAA. */
    public static final String RGBA8 = "rgba8";

    public Signal {
        axes = List.copyOf(axes);
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(dtype, "dtype");
        title = title == null ? "" : title;
        quantity = quantity == null ? "" : quantity;
        long n = 1;
        for (SignalAxis a : axes) {
            n *= a.size();
        }
        if (n != values.length) {
            throw new IllegalArgumentException("signal '" + title + "': axes describe " + n + " values but " + values.length + " are given");
        }
        if (imaginary != null && imaginary.length != values.length) {
            throw new IllegalArgumentException("signal '" + title + "': imaginary part has " + imaginary.length + " values, real part " + values.length);
        }
    }

    public int[] shape() {
        return axes.stream().mapToInt(SignalAxis::size).toArray();
    }

    public List<SignalAxis> navigationAxes() {
        return axes.stream().filter(SignalAxis::navigate).toList();
    }

    public List<SignalAxis> signalAxes() {
        return axes.stream().filter(a -> !a.navigate()).toList();
    }

    public boolean isComplex() {
        return imaginary != null;
    }

    public boolean isColour() {
        return RGBA8.equals(dtype);
    }

    /** What a microscopist would call it: spectrum, image, image stack, spectrum image, … */
    public String kind() {
        int sig = signalAxes().size();
        int nav = navigationAxes().size();
        if (sig == 1) {
            return nav == 0 ? "spectrum" : nav == 1 ? "line scan" : "spectrum image";
        }
        if (sig == 2) {
            return nav == 0 ? "image" : nav == 1 ? "image stack" : "4D dataset";
        }
        return sig + "-dimensional signal";
    }

    /** The same values with axes reordered: {@code order[k]} is the old index of new axis k. */
    public Signal transposed(int[] order, List<SignalAxis> newAxes) {
        int n = axes.size();
        int[] shape = shape();
        long[] oldStride = new long[n];
        long s = 1;
        for (int k = n - 1; k >= 0; k--) {
            oldStride[k] = s;
            s *= shape[k];
        }
        int[] newShape = new int[n];
        long[] strideInOld = new long[n];
        for (int k = 0; k < n; k++) {
            newShape[k] = shape[order[k]];
            strideInOld[k] = oldStride[order[k]];
        }
        double[] re = new double[values.length];
        double[] im = imaginary == null ? null : new double[values.length];
        int[] idx = new int[n];
        long src = 0;
        for (int out = 0; out < values.length; out++) {
            re[out] = values[(int) src];
            if (im != null) {
                im[out] = imaginary[(int) src];
            }
            for (int k = n - 1; k >= 0; k--) { // odometer over the new index
                idx[k]++;
                src += strideInOld[k];
                if (idx[k] < newShape[k]) {
                    break;
                }
                src -= strideInOld[k] * newShape[k];
                idx[k] = 0;
            }
        }
        return new Signal(title, newAxes, dtype, re, im, quantity);
    }

    /** Drops axes with a single point, as HyperSpy's squeeze does (keeps at least one axis). */
    public Signal squeezed() {
        List<SignalAxis> kept = new ArrayList<>();
        for (SignalAxis a : axes) {
            if (a.size() > 1) {
                kept.add(a);
            }
        }
        if (kept.size() == axes.size()) {
            return this;
        }
        if (kept.isEmpty()) {
            kept.add(axes.get(axes.size() - 1));
        }
        return new Signal(title, kept, dtype, values, imaginary, quantity);
    }
}
