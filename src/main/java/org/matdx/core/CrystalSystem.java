package org.matdx.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The seven crystal systems, each a contiguous run of International Tables space-group numbers
 * (International Tables for Crystallography, Vol. A, Table 2.1.2.1 in the 6th edition), so that a
 * search by system is a range of numbers.
 */
public enum CrystalSystem {
    TRICLINIC(1, 2), MONOCLINIC(3, 15), ORTHORHOMBIC(16, 74), TETRAGONAL(75, 142), TRIGONAL(143, 167),
    HEXAGONAL(168, 194), CUBIC(195, 230);

    /** Highest space-group number. */
    public static final int SPACE_GROUPS = 230;

    private final int first;
    private final int last;

    CrystalSystem(int first, int last) {
        this.first = first;
        this.last = last;
    }

    public int first() {
        return first;
    }

    public int last() {
        return last;
    }

    /** The lower-case name, as search parameters and pages write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The system of space group {@code number} (1-230). */
    public static CrystalSystem of(int number) {
        for (CrystalSystem s : values()) {
            if (number >= s.first && number <= s.last) {
                return s;
            }
        }
        throw new IllegalArgumentException(number + " is not a space-group number (1-" + SPACE_GROUPS + ")");
    }

    /** The system called {@code name} (any case), if there is one. */
    public static Optional<CrystalSystem> byName(String name) {
        for (CrystalSystem s : values()) {
            if (s.label().equalsIgnoreCase(name.strip())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
