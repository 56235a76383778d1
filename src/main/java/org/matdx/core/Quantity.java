package org.matdx.core;

import java.util.Objects;

/**
 * A measured or computed value with its unit, e.g. {@code Quantity(3.2, "eV")}. An empty unit means
 * dimensionless. The number is finite; whether it can be stored (its magnitude, in SI too) is
 * {@link Numbers#quantityProblem}'s question.
 */
public record Quantity(double value, String unit) {
    public Quantity {
        Objects.requireNonNull(unit, "unit");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a quantity needs a finite number, not " + value);
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
