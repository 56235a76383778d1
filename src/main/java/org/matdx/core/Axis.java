package org.matdx.core;

import java.util.Arrays;
import java.util.Objects;

/** One column of measured or computed numbers with its name and unit, e.g. {@code 2θ / °}. */
public record Axis(String name, String unit, double[] values) {
    public Axis {
        Objects.requireNonNull(name, "name");
        unit = unit == null ? "" : unit;
        values = values.clone();
    }

    public int size() {
        return values.length;
    }

    public double first() {
        return values[0];
    }

    public double last() {
        return values[values.length - 1];
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** Direct access for numeric work on large series, without copying; callers must not modify it. */
    public double[] valuesUnsafe() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Axis a && name.equals(a.name) && unit.equals(a.unit) && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, unit, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return name + (unit.isEmpty() ? "" : " / " + unit) + " [" + values.length + "]";
    }
}
