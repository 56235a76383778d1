package org.matdx.ingest.structuring;

import java.util.List;
import java.util.Locale;
import org.matdx.core.Axis;
import org.matdx.core.Json;
import org.matdx.core.Lattice;
import org.matdx.core.Series;
import org.matdx.core.Structure;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Derived descriptors a scientist of the field expects on an entry: peak lists, spectral ranges, structure summaries. */
public final class Descriptors {
    private final PeakFinder peaks;

    public Descriptors(PeakFinder peaks) {
        this.peaks = peaks;
    }

    /** XRD: the peak list of the first intensity column — position, net intensity, FWHM (x units), relative intensity. */
    public ObjectNode xrdPeaks(Series s) {
        Axis y = s.y().get(0);
        List<PeakFinder.Peak> found = peaks.find(s.x().valuesUnsafe(), y.valuesUnsafe());
        double max = found.stream().mapToDouble(PeakFinder.Peak::intensity).max().orElse(1);
        ObjectNode n = Json.object();
        n.put("axis", s.x().name()).put("unit", s.x().unit()).put("intensity_unit", y.unit());
        n.put("method", "Savitzky-Golay smoothing, rolling-minimum background, prominence > max(6σ, 1% of max), FWHM by interpolation");
        ArrayNode arr = n.putArray("peaks");
        for (PeakFinder.Peak p : found) {
            ObjectNode o = arr.addObject();
            o.put("position", round(p.position(), 4)).put("intensity", round(p.intensity(), 2));
            if (Double.isNaN(p.fwhm())) {
                o.putNull("fwhm");
            } else {
                o.put("fwhm", round(p.fwhm(), 4));
            }
            o.put("relative_intensity", round(100 * p.intensity() / max, 1));
        }
        n.put("count", found.size());
        return n;
    }

    /** Spectra: x range, point count, and the strongest maxima of each column. */
    public ObjectNode spectrumSummary(Series s) {
        double[] x = s.x().valuesUnsafe();
        ObjectNode n = Json.object();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        n.putObject("range").put("min", lo).put("max", hi).put("unit", s.x().unit()).put("axis", s.x().name());
        n.put("points", s.points());
        ArrayNode cols = n.putArray("columns");
        for (Axis y : s.y()) {
            ObjectNode c = cols.addObject().put("name", y.name()).put("unit", y.unit());
            double[] v = y.valuesUnsafe();
            int imax = 0;
            int imin = 0;
            for (int i = 1; i < v.length; i++) {
                if (v[i] > v[imax]) imax = i;
                if (v[i] < v[imin]) imin = i;
            }
            if (v.length > 0) {
                c.putObject("maximum").put("x", x[imax]).put("y", v[imax]);
                c.putObject("minimum").put("x", x[imin]).put("y", v[imin]);
            }
            ArrayNode maxima = c.putArray("maxima");
            for (PeakFinder.Peak p : peaks.find(x, v).stream()
                    .sorted((a, b) -> Double.compare(b.prominence(), a.prominence())).limit(10).toList()) {
                maxima.addObject().put("x", round(p.position(), 4)).put("height", round(p.intensity(), 4));
            }
        }
        return n;
    }

    /** Structures: formula, lattice parameters, volume, density, site count; space group when the file gave one. */
    public ObjectNode structureSummary(Structure s, String spaceGroup) {
        ObjectNode n = Json.object();
        var c = s.composition();
        n.put("formula", c.formula()).put("reduced_formula", c.reducedFormula());
        Lattice l = s.lattice();
        n.putObject("lattice").put("a", round(l.a(), 5)).put("b", round(l.b(), 5)).put("c", round(l.c(), 5))
                .put("alpha", round(l.alpha(), 4)).put("beta", round(l.beta(), 4)).put("gamma", round(l.gamma(), 4))
                .put("volume", round(l.volume(), 4)).put("unit", "Å");
        n.put("density", round(s.density(), 4)).put("density_unit", "g/cm³");
        n.put("sites", s.numSites());
        if (spaceGroup != null && !spaceGroup.isBlank()) {
            n.put("space_group", spaceGroup);
        }
        return n;
    }

    static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return Double.parseDouble(String.format(Locale.ROOT, "%." + digits + "f", v));
    }
}
