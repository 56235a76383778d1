package org.matdx.formats.xrd;

import java.util.Locale;
import org.matdx.core.Axis;
import org.matdx.core.Quantities;

/** Axis names and units shared by the XRD readers, and the mapping from vendors' scan-axis names. */
final class XrdAxes {
    static final String TWO_THETA = Quantities.TWO_THETA;
    static final String INTENSITY = Quantities.INTENSITY;
    static final String DEG = Quantities.DEG;
    static final String COUNTS = Quantities.COUNTS;
    static final String CPS = Quantities.COUNTS_PER_SECOND;

    private XrdAxes() {
    }

    /**
     * The x axis name for a vendor's scan axis: coupled 2θ–ω scans and plain 2θ scans are
     * {@code two_theta}; a rocking curve is {@code omega}; other drives keep their name in snake case.
     */
    static String axisName(String vendorAxis) {
        if (vendorAxis == null || vendorAxis.isBlank()) {
            return TWO_THETA;
        }
        String a = vendorAxis.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "").replace("/", "");
        return switch (a) {
            case "2theta", "twotheta", "gonio", "2thetaomega", "omega2theta", "twothetaomega", "twothetatheta",
                 "thetatwotheta", "2thetatheta", "theta2theta", "lockedcoupled", "unlockedcoupled", "detectorscan",
                 "coupledtwothetatheta", "2theta2theta", "coupled" -> TWO_THETA;
            case "omega", "theta", "thetas", "rockingcurve" -> "omega";
            case "chi", "psi" -> "chi";
            case "phi" -> "phi";
            default -> a.replaceAll("[^a-z0-9]", "_");
        };
    }

    /** The intensity unit a file states: count rates become counts/s, anything else is counts. */
    static String intensityUnit(String stated) {
        if (stated == null) {
            return COUNTS;
        }
        String s = stated.strip().toLowerCase(Locale.ROOT);
        return s.equals("cps") || s.contains("per second") || s.contains("/s") || s.equals("counts/sec") ? CPS : COUNTS;
    }

    /** n equally spaced positions from start to end inclusive (the XRDML start/end convention). */
    static double[] between(double start, double end, int n) {
        double[] x = new double[n];
        if (n == 1) {
            x[0] = start;
            return x;
        }
        double step = (end - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            x[i] = start + i * step;
        }
        x[n - 1] = end;
        return x;
    }

    /** n positions from start in steps (the Bruker RAW and Rigaku convention). */
    static double[] stepped(double start, double step, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = start + i * step;
        }
        return x;
    }

    static Axis x(String name, double[] values) {
        return new Axis(name, DEG, values);
    }

    static Axis intensity(String unit, double[] values) {
        return new Axis(INTENSITY, unit, values);
    }
}
