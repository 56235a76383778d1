package org.matdx.core;

import java.util.Objects;

/** A measured or computed value with its unit, e.g. {@code Quantity(3.2, "eV")}. An empty unit means dimensionless. */
public record Quantity(double value, String unit) {
    public Quantity {
        Objects.requireNonNull(unit, "unit");
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("a quantity needs a number, not NaN");
        }
    }

    public static Quantity of(double value, String unit) {
        return new Quantity(value, unit == null ? "" : unit);
    }

    @Override
    public String toString() {
        return unit.isEmpty() ? Double.toString(value) : value + " " + unit;
    }
}
