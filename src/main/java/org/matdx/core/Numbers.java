package org.matdx.core;

import java.util.Optional;

/**
 * The numbers MatDX stores, indexes and exports. A property value must be finite as given and in
 * SI, with a magnitude of zero or between {@link #MIN_MAGNITUDE} and {@link #MAX_MAGNITUDE} both
 * ways: every physical quantity of materials science lies far inside (the Planck time is 5e-44 s,
 * Avogadro's number 6e23), and the margin keeps any product or square of two stored values finite
 * in Java and in PostgreSQL, whose double-precision arithmetic raises an error on overflow and on
 * underflow to zero instead of returning infinity (a {@code 1e308 GPa} once stopped every property
 * search and then start-up). Numbers that are only stored and shown (invoice, metadata, data)
 * need only be finite.
 */
public final class Numbers {
    public static final double MAX_MAGNITUDE = 1e150;
    public static final double MIN_MAGNITUDE = 1e-150;

    private Numbers() {
    }

    /** Why a bare number cannot be a property value, if it cannot. */
    public static Optional<String> magnitudeProblem(double value) {
        return outOfRange(value).map(r -> r + ", not " + value);
    }

    /**
     * Why a quantity cannot be stored, if it cannot: its number, and its value in SI when MatDX can
     * read the unit (a unit it cannot read is stored as given and kept out of range searches).
     */
    public static Optional<String> quantityProblem(double value, String unit) {
        Optional<String> raw = magnitudeProblem(value);
        if (raw.isPresent() || unit == null || unit.isEmpty()) {
            return raw;
        }
        Units.Unit u;
        try {
            u = Units.parse(unit);
        } catch (UnitException unreadable) {
            return Optional.empty();
        }
        double si = u.toSi(value);
        if (value != 0 && si == 0 && u.offset() == 0) {
            return Optional.of(value + " " + unit + " underflows to zero in SI; in SI it " + RANGE);
        }
        return outOfRange(si).map(r -> value + " " + unit + " is " + si + " in SI; in SI it " + r);
    }

    private static final String RANGE = "must be zero or have a magnitude between 1e-150 and 1e150";

    private static Optional<String> outOfRange(double v) {
        if (!Double.isFinite(v)) {
            return Optional.of("must be a finite number");
        }
        double a = Math.abs(v);
        return a != 0 && (a > MAX_MAGNITUDE || a < MIN_MAGNITUDE) ? Optional.of(RANGE) : Optional.empty();
    }
}
