package org.matdx.core;

import java.util.List;
import java.util.Objects;

/**
 * A measured curve or table: one independent axis and one or more dependent columns of the
 * same length, e.g. an XRD scan (2θ; counts) or a magnetometry run (T; M, H).
 */
public record Series(String name, Axis x, List<Axis> y) {
    public Series {
        Objects.requireNonNull(x, "x");
        y = List.copyOf(y);
        for (Axis a : y) {
            if (a.size() != x.size()) {
                throw new IllegalArgumentException("series '" + name + "': column '" + a.name() + "' has " + a.size()
                        + " values but '" + x.name() + "' has " + x.size());
            }
        }
    }

    public int points() {
        return x.size();
    }
}
