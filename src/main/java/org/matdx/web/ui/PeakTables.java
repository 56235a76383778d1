package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.List;
import org.matdx.core.Entry;
import org.matdx.core.Quantities;
import tools.jackson.databind.JsonNode;

/**
 * The derived descriptors structuring stored on an entry ({@code data.peaks} for diffraction,
 * {@code data.summary} for spectra), read back as rows for the entry page's tables.
 */
public final class PeakTables {
    private PeakTables() {
    }

    /** One diffraction peak: position, net intensity above background, FWHM (null when not measurable), % of the strongest. */
    public record Peak(double position, double intensity, Double fwhm, double relative) {
    }

    /** The peak list with its axis, units and how it was found. */
    public record PeakList(String axis, String unit, String intensityUnit, String method, List<Peak> peaks) {
        public String positionLabel() {
            return Quantities.label(axis, unit);
        }

        public String unitLabel() {
            return Quantities.displayUnit(unit);
        }
    }

    /** A spectrum column's strongest maxima (x, height) and its overall maximum. */
    public record Column(String name, String unit, double maxX, double maxY, List<double[]> maxima) {
    }

    /** A spectrum's x range and its columns' maxima. */
    public record Maxima(String axis, String unit, double from, double to, int points, List<Column> columns) {
        public String xLabel() {
            return Quantities.label(axis, unit);
        }
    }

    /** The entry's peak list, or null when structuring found none (or its template computes none). */
    public static PeakList peaks(Entry e) {
        JsonNode n = e.data() == null ? null : e.data().get("peaks");
        if (n == null || !n.path("peaks").isArray() || n.path("peaks").isEmpty()) {
            return null;
        }
        List<Peak> rows = new ArrayList<>();
        for (JsonNode p : n.get("peaks")) {
            JsonNode w = p.get("fwhm");
            rows.add(new Peak(p.path("position").asDouble(), p.path("intensity").asDouble(),
                    w == null || !w.isNumber() ? null : w.asDouble(), p.path("relative_intensity").asDouble()));
        }
        return new PeakList(n.path("axis").asString(""), n.path("unit").asString(""), n.path("intensity_unit").asString(""),
                n.path("method").asString(""), rows);
    }

    /** The spectrum summary, or null when the entry has none. */
    public static Maxima maxima(Entry e) {
        JsonNode n = e.data() == null ? null : e.data().get("summary");
        if (n == null || !n.path("columns").isArray() || n.path("columns").isEmpty()) {
            return null;
        }
        List<Column> cols = new ArrayList<>();
        for (JsonNode c : n.get("columns")) {
            List<double[]> m = new ArrayList<>();
            c.path("maxima").forEach(x -> m.add(new double[] {x.path("x").asDouble(), x.path("height").asDouble()}));
            cols.add(new Column(c.path("name").asString(""), c.path("unit").asString(""),
                    c.path("maximum").path("x").asDouble(Double.NaN), c.path("maximum").path("y").asDouble(Double.NaN), m));
        }
        JsonNode r = n.path("range");
        return new Maxima(r.path("axis").asString(""), r.path("unit").asString(""), r.path("min").asDouble(Double.NaN),
                r.path("max").asDouble(Double.NaN), n.path("points").asInt(), cols);
    }
}
