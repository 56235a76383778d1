package org.matdx.formats.cif;

/**
 * One CIF value as written, with the line it starts on. {@code ?} (unknown) and {@code .}
 * (inapplicable) are only special when unquoted, as the CIF 1.1 syntax says.
 */
record CifValue(String text, boolean quoted, int line) {

    boolean missing() {
        return !quoted && (text.equals("?") || text.equals("."));
    }
}
