package org.matdx.core;

import java.util.Objects;

/**
 * One calibrated axis of an image, a spectrum or a spectrum image: position of index {@code i} is
 * {@code offset + i·scale} in {@code units}. A navigation axis is one the user steps through (the
 * pixels of a spectrum image, the frames of a stack); a signal axis is what is recorded at each step
 * (the energy channels of a spectrum, the two axes of an image) — HyperSpy's vocabulary, which
 * microscopists know.
 */
public record SignalAxis(String name, int size, double scale, double offset, String units, boolean navigate) {
    public SignalAxis {
        Objects.requireNonNull(name, "name");
        units = units == null ? "" : units;
        if (size < 1) {
            throw new IllegalArgumentException("axis '" + name + "' has " + size + " points");
        }
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("axis '" + name + "' needs a finite scale and offset, not " + scale + ", " + offset);
        }
    }

    public double at(int index) {
        return offset + index * scale;
    }

    public SignalAxis withNavigate(boolean nav) {
        return new SignalAxis(name, size, scale, offset, units, nav);
    }
}
