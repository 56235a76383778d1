package org.matdx.core;

import java.util.Locale;

/** What an entry records. */
public enum EntryKind {
    /** An instrument measurement (XRD scan, spectrum, magnetometry run …). */
    MEASUREMENT,
    /** A crystal structure (lattice and sites). */
    STRUCTURE,
    /** One row of a table of experiments or samples: composition, process parameters, properties. */
    PROPERTY_ROW,
    /** The result of a simulation code (VASP, …). */
    CALCULATION,
    /** A raw file registered but not (yet) structured. */
    FILE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryKind of(String code) {
        for (EntryKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be one of measurement, structure, property_row, calculation, file; found '" + code + "'");
    }
}
