package org.matdx.formats;

import org.matdx.core.Json;
import org.matdx.core.Series;
import tools.jackson.databind.node.ObjectNode;

/**
 * The descriptors a spectroscopist expects at a glance for every curve: x range, number of
 * points, and the highest ordinate with the x where it occurs (the main peak). Cheap: one pass.
 */
public final class SpectrumSummary {
    private SpectrumSummary() {
    }

    /** Descriptors of the first dependent column of {@code s} (the measured signal). */
    public static ObjectNode of(Series s) {
        ObjectNode n = Json.object();
        n.put("series", s.name());
        n.put("points", s.points());
        double[] x = s.x().valuesUnsafe();
        if (x.length == 0) {
            return n;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        n.put("x_min", min);
        n.put("x_max", max);
        n.put("x_unit", s.x().unit());
        if (!s.y().isEmpty()) {
            double[] y = s.y().get(0).valuesUnsafe();
            int best = -1;
            for (int i = 0; i < y.length; i++) {
                if (!Double.isNaN(y[i]) && (best < 0 || y[i] > y[best])) {
                    best = i;
                }
            }
            if (best >= 0) {
                n.put("y_max", y[best]);
                n.put("x_at_y_max", x[best]);
                n.put("y_unit", s.y().get(0).unit());
            }
        }
        return n;
    }
}
