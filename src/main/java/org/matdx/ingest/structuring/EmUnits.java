package org.matdx.ingest.structuring;

/** Length units as MatDX's quantity vocabulary writes them ("um" becomes "µm"). */
final class EmUnits {
    private EmUnits() {
    }

    static String length(String unit) {
        return "um".equals(unit) ? "µm" : unit == null ? "" : unit;
    }
}
