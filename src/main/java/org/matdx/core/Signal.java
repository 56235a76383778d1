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
 * <p>A 16-bit image ({@code uint16}, {@code int16}: nearly every detector) may be held as the
 * instrument's own words ({@link #ofShorts}), 2 bytes a value: {@link #shorts()} gives them to the
 * stages that structure every image (the {@code .npy}, statistics, preview), and {@link #values()}
 * widens them to doubles only when a caller asks (analysis), once. A 1k×1k image then never becomes
 * 8 MiB of doubles on the plain structuring path (docs/BENCHMARKS.md, "Microscope images").
 *
 * <p>The arrays are not copied (a spectrum image may be hundreds of megabytes): {@code values()},
 * {@code shorts()} and {@code imaginary()} are the signal's own arrays, and callers must not modify them.
 */
public final class Signal {
    /** The dtype of colour images, whose pixels are packed 0xRRGGBBAA. */
    public static final String RGBA8 = "rgba8";

    private final String title;
    private final List<SignalAxis> axes;
    private final String dtype;
    private final double[] imaginary;
    private final String quantity;
    private final short[] shorts;
    private final int size;
    private volatile double[] values;

    /**
     * @param quantity what the values measure, e.g. "Intensity (counts)"
     */
    public Signal(String title, List<SignalAxis> axes, String dtype, double[] values, double[] imaginary, String quantity) {
        this(title, axes, dtype, Objects.requireNonNull(values, "values"), null, imaginary, quantity);
    }

    private Signal(String title, List<SignalAxis> axes, String dtype, double[] values, short[] shorts, double[] imaginary, String quantity) {
        this.axes = List.copyOf(axes);
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.title = title == null ? "" : title;
        this.quantity = quantity == null ? "" : quantity;
        long n = 1;
        for (SignalAxis a : this.axes) {
            n *= a.size();
        }
        int given = values != null ? values.length : shorts.length;
        if (n != given) {
            throw new IllegalArgumentException("signal '" + this.title + "': axes describe " + n + " values but " + given + " are given");
        }
        if (imaginary != null && imaginary.length != given) {
            throw new IllegalArgumentException("signal '" + this.title + "': imaginary part has " + imaginary.length + " values, real part " + given);
        }
        this.values = values;
        this.shorts = shorts;
        this.imaginary = imaginary;
        this.size = given;
    }

    /**
     * A 16-bit integer signal held as its words: {@code uint16} words are read unsigned
     * ({@code w & 0xFFFF}), {@code int16} signed.
     */
    public static Signal ofShorts(String title, List<SignalAxis> axes, String dtype, short[] words, String quantity) {
        if (!dtype.equals("uint16") && !dtype.equals("int16")) {
            throw new IllegalArgumentException("16-bit words hold uint16 or int16, not " + dtype);
        }
        return new Signal(title, axes, dtype, null, Objects.requireNonNull(words, "words"), null, quantity);
    }

    public String title() {
        return title;
    }

    public List<SignalAxis> axes() {
        return axes;
    }

    public String dtype() {
        return dtype;
    }

    public double[] imaginary() {
        return imaginary;
    }

    public String quantity() {
        return quantity;
    }

    /** How many values (the product of the axis sizes), without widening 16-bit words. */
    public int size() {
        return size;
    }

    /** The 16-bit words of a signal made by {@link #ofShorts}, or null: then {@link #values()} holds the data. */
    public short[] shorts() {
        return shorts;
    }

    /** Whether {@link #shorts()} are read unsigned. */
    public boolean unsignedShorts() {
        return dtype.equals("uint16");
    }

    /** The values as doubles; a signal held as 16-bit words widens them here, once (8 bytes a value). */
    public double[] values() {
        double[] v = values;
        if (v == null) {
            v = new double[shorts.length];
            if (unsignedShorts()) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = shorts[i] & 0xFFFF;
                }
            } else {
                for (int i = 0; i < v.length; i++) {
                    v[i] = shorts[i];
                }
            }
            values = v; // two threads may both widen: the same numbers either way
        }
        return v;
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
        double[] values = values();
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
        return shorts != null ? ofShorts(title, kept, dtype, shorts, quantity) : new Signal(title, kept, dtype, values, imaginary, quantity);
    }

    @Override
    public String toString() {
        return "Signal[" + title + ", " + dtype + " " + java.util.Arrays.toString(shape()) + "]";
    }
}
