package org.matdx.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Json;
import org.matdx.core.Quantity;
import org.matdx.core.Series;
import org.matdx.core.SeriesJson;
import org.matdx.core.StructureJson;
import org.matdx.ingest.descriptors.XrdPeaks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a reader found plus what the technician wrote, made into an entry: the invoice's data name
 * as title, the sample's composition (or the file's), the series, the descriptors the template
 * asks for, and the provenance (file, template, reader) in the metadata.
 */
public final class Structuring {
    private Structuring() {
    }

    public static NewEntry entry(Parsed p, Invoice invoice, Template t, Reader reader, String fileName, String sha256,
                                 UUID sampleId, String sampleFormula, String outcome, String outcomeReason) {
        String title = invoice.dataName() != null && !invoice.dataName().isBlank() ? invoice.dataName().strip()
                : p.title() != null ? p.title() : fileName;
        String formula = sampleFormula != null ? sampleFormula
                : p.composition() != null ? p.composition().formula()
                : p.structure() != null ? p.structure().composition().formula() : null;
        ObjectNode data = Json.object();
        if (!p.series().isEmpty()) {
            ArrayNode series = data.putArray("series");
            p.series().forEach(s -> series.add(SeriesJson.write(s)));
        }
        if (p.structure() != null) {
            data.set("structure", StructureJson.write(p.structure()));
        }
        ObjectNode descriptors = descriptors(p, t);
        if (!descriptors.isEmpty()) {
            data.set("descriptors", descriptors);
        }
        ObjectNode meta = p.metadata() != null && p.metadata().isObject() ? ((ObjectNode) p.metadata()).deepCopy() : Json.object();
        meta.putObject("provenance").put("file", fileName).put("sha256", sha256).put("template", t.id())
                .put("reader", reader.id()).put("reader_name", reader.name());
        Map<String, JsonNode> props = new LinkedHashMap<>();
        p.properties().forEach((k, q) -> props.put(k, quantity(q)));
        return new NewEntry(p.kind().code(), title, formula, props, invoice.raw(), meta, data, sampleId, outcome,
                outcomeReason, t.id());
    }

    private static JsonNode quantity(Quantity q) {
        return Json.object().put("value", q.value()).put("unit", q.unit());
    }

    static ObjectNode descriptors(Parsed p, Template t) {
        ObjectNode d = Json.object();
        if (p.series().isEmpty()) {
            return d;
        }
        Series first = p.series().get(0);
        double[] x = first.x().valuesUnsafe();
        double[] y = first.y().get(first.y().size() > 2 && first.y().get(2).name().startsWith("corrected") ? 2 : 0).valuesUnsafe();
        d.put("points", first.points()).put("x_min", min(x)).put("x_max", max(x));
        int iMax = argMax(y);
        d.put("y_max", y[iMax]).put("x_at_y_max", x[iMax]);
        if (t.descriptors().contains("xrd_peaks")) {
            double lambda = p.metadata() == null ? Double.NaN
                    : p.metadata().path("wavelength_kalpha1_angstrom").asDouble(Double.NaN);
            ArrayNode peaks = d.putArray("peaks");
            for (XrdPeaks.Peak pk : XrdPeaks.find(x, y, lambda)) {
                ObjectNode o = peaks.addObject().put("position", pk.position()).put("height", pk.height())
                        .put("fwhm", pk.fwhm());
                if (Double.isFinite(pk.dSpacing())) {
                    o.put("d_spacing", pk.dSpacing());
                }
            }
            d.put("peak_axis", first.x().name() + " / " + first.x().unit());
        }
        return d;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
