package org.matdx.ingest.structuring;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Axis;
import org.matdx.core.Composition;
import org.matdx.core.EntryFile;
import org.matdx.core.FileRole;
import org.matdx.core.Json;
import org.matdx.core.Quantities;
import org.matdx.core.Quantity;
import org.matdx.core.Series;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.core.StructureJson;
import org.matdx.formats.Parsed;
import org.matdx.imaging.IntensityStatistics;
import org.matdx.imaging.SpectrumImages;
import org.matdx.ingest.template.Template;
import org.matdx.store.BlobStore;
import org.matdx.store.StagedBlob;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns what a reader found into the structured parts of an entry: series with named axes and
 * units, the template's derived descriptors, and a plot with its thumbnail staged as derived
 * files. Nothing here touches the database; the caller registers everything in one transaction.
 */
public final class Structurer {
    private final Descriptors descriptors;
    private final Plotter plotter;
    private final BlobStore blobs;

    public Structurer(Descriptors descriptors, Plotter plotter, BlobStore blobs) {
        this.descriptors = descriptors;
        this.plotter = plotter;
        this.blobs = blobs;
    }

    /** The structured content of one record, and derived files staged for it (plot, thumbnail). */
    public record Structured(JsonNode data, Map<String, Quantity> properties, Composition composition, int points,
                             int sites, List<EntryFile> derivedFiles, List<StagedBlob> staged) {
    }

    public Structured structure(Parsed p, Template t, String baseName, String title) {
        ObjectNode data = Json.object();
        int points = 0;
        // every reader's axes in one vocabulary, so search, plots and diffraction read them alike
        List<Series> series = p.series().stream().map(Quantities::canonical).toList();
        if (!series.isEmpty()) {
            ArrayNode arr = data.putArray("series");
            for (Series s : series) {
                ObjectNode o = arr.addObject().put("name", s.name() == null ? "" : s.name());
                o.set("x", axis(s.x()));
                ArrayNode ys = o.putArray("y");
                s.y().forEach(y -> ys.add(axis(y)));
                points += s.points();
            }
        }
        Series main = series.stream().filter(s -> !s.y().isEmpty() && s.points() > 0).findFirst().orElse(null);
        Map<String, Quantity> analysed = new LinkedHashMap<>(p.properties());
        // a spectrum image its file leaves as a plain 3-D array (Berkeley EMD) is stored and analysed as one
        List<Signal> signals = p.signals().stream().map(SpectrumImages::navigable).toList();
        for (String d : t.produces().descriptors()) {
            switch (d) {
                case "xrd_peaks" -> {
                    String basis = p.metadata() == null ? "" : p.metadata().path("x_axis").path("basis").asString("");
                    if (main != null && Quantities.hasBraggPeaks(main.x().name())) {
                        data.set("peaks", descriptors.xrdPeaks(main));
                        if (basis.equals(XAxis.ASSUMED)) {
                            data.withArray("notes").add("peaks listed on an assumed 2θ axis (the .xy convention; the file does not say);"
                                    + " if it is not 2θ, upload it again with x_axis=" + String.join("|", XAxis.Stated.codes()));
                        }
                    } else if (main != null && main.x().name().equals(Quantities.UNKNOWN)) {
                        data.withArray("notes").add("no diffraction peak search: the x axis is unknown (the file does not say what its"
                                + " x values are); state it at upload with x_axis=" + String.join("|", XAxis.Stated.codes()));
                    } else if (main != null) {
                        // a temperature sweep or a sample-height scan has no Bragg peaks to list
                        data.withArray("notes").add("no diffraction peak search: the x axis is '" + main.x().name()
                                + "', not 2θ, Q or d");
                    }
                }
                case "spectrum_summary" -> {
                    if (main != null) {
                        data.set("summary", descriptors.spectrumSummary(main));
                    }
                }
                case "structure_summary" -> {
                    if (p.structure() != null) {
                        String sg = p.metadata() == null ? null : p.metadata().path("space_group").asString(null);
                        data.set("structure_summary", descriptors.structureSummary(p.structure(), sg));
                    }
                }
                case "particle_sizes", "lattice_spacings", "decomposition" -> {
                    if (!signals.isEmpty()) {
                        ImageAnalysis.apply(d, signals.get(0), data, analysed);
                    }
                }
                default -> throw new IllegalStateException("unknown descriptor " + d);
            }
        }
        int sites = 0;
        Composition composition = p.composition();
        if (p.structure() != null) {
            data.set("structure", StructureJson.write(p.structure()));
            sites = p.structure().numSites();
            if (composition == null) {
                composition = p.structure().composition();
            }
        }
        List<EntryFile> files = new ArrayList<>();
        List<StagedBlob> staged = new ArrayList<>();
        if (t.produces().plot() && main != null && main.points() > 1) {
            Plotter.Images img = plotter.render(main, title);
            StagedBlob plot = blobs.stage(new ByteArrayInputStream(img.plot()), Long.MAX_VALUE);
            staged.add(plot);
            StagedBlob thumb;
            try {
                thumb = blobs.stage(new ByteArrayInputStream(img.thumbnail()), Long.MAX_VALUE);
            } catch (RuntimeException e) {
                blobs.discard(plot);
                throw e;
            }
            staged.add(thumb);
            files.add(new EntryFile(baseName + ".plot.png", plot.sha256(), plot.size(), "image/png", FileRole.DERIVED, false));
            files.add(new EntryFile(baseName + ".thumbnail.png", thumb.sha256(), thumb.size(), "image/png", FileRole.DERIVED, false));
            data.put("plot", baseName + ".plot.png").put("thumbnail", baseName + ".thumbnail.png");
        }
        try {
            points += signals(signals, baseName, data, files, staged);
        } catch (RuntimeException e) {
            staged.forEach(blobs::discard); // nothing half-staged survives a failed record
            throw e;
        }
        return new Structured(data, Map.copyOf(analysed), composition, points, sites, files, staged);
    }

    /**
     * Images, stacks and spectrum images: the array as a {@code .npy} blob (gzipped when that pays),
     * a calibrated preview with a scale bar and its thumbnail (the entry's plot, unless a spectrum's
     * series plot is already there), and intensity statistics with a histogram.
     */
    private int signals(List<Signal> signals, String baseName, ObjectNode data, List<EntryFile> files, List<StagedBlob> staged) {
        int values = 0;
        ArrayNode out = null;
        for (int i = 0; i < signals.size(); i++) {
            Signal sig = signals.get(i);
            String name = signals.size() == 1 ? baseName : baseName + "." + (i + 1);
            out = out == null ? data.putArray("signals") : out;
            ObjectNode o = out.addObject();
            o.put("kind", sig.kind()).put("dtype", sig.dtype());
            ArrayNode shape = o.putArray("shape");
            for (int d : sig.shape()) {
                shape.add(d);
            }
            ArrayNode axes = o.putArray("axes");
            for (SignalAxis a : sig.axes()) {
                axes.addObject().put("name", a.name()).put("size", a.size()).put("scale", a.scale()).put("offset", a.offset())
                        .put("units", a.units()).put("navigate", a.navigate());
            }
            Npy.Encoded npy = Npy.encode(sig);
            StagedBlob array = blobs.stage(new ByteArrayInputStream(npy.bytes()), Long.MAX_VALUE);
            staged.add(array);
            String arrayName = name + (npy.gzipped() ? ".npy.gz" : ".npy");
            files.add(new EntryFile(arrayName, array.sha256(), array.size(), npy.gzipped() ? "application/gzip" : "application/x-npy",
                    FileRole.DERIVED, false));
            o.put("array", arrayName);
            IntensityStatistics st = null;
            if (!sig.isColour()) {
                st = sig.isComplex() ? IntensityStatistics.of(magnitude(sig)) : IntensityStatistics.of(sig);
                ObjectNode so = o.putObject("statistics").put("count", st.count()).put("non_finite", st.nonFinite());
                if (st.count() > 0) {
                    so.put("min", st.min()).put("max", st.max()).put("mean", st.mean()).put("std", st.std()).put("p01", st.p01())
                            .put("median", st.median()).put("p99", st.p99());
                    ArrayNode h = so.putArray("histogram");
                    for (long c : st.histogram()) {
                        h.add(c);
                    }
                }
            }
            ImagePreview.Pictures pic = sig.signalAxes().size() == 1 && sig.navigationAxes().isEmpty() ? null : ImagePreview.render(sig, st);
            if (pic != null) {
                StagedBlob preview = blobs.stage(new ByteArrayInputStream(pic.preview()), Long.MAX_VALUE);
                staged.add(preview);
                StagedBlob thumb = blobs.stage(new ByteArrayInputStream(pic.thumbnail()), Long.MAX_VALUE);
                staged.add(thumb);
                files.add(new EntryFile(name + ".preview.png", preview.sha256(), preview.size(), "image/png", FileRole.DERIVED, false));
                files.add(new EntryFile(name + ".preview-thumbnail.png", thumb.sha256(), thumb.size(), "image/png", FileRole.DERIVED, false));
                o.put("preview", name + ".preview.png").put("thumbnail", name + ".preview-thumbnail.png");
                if (pic.scaleBar() != null) {
                    o.put("scale_bar", pic.scaleBar());
                }
                if (!data.has("plot")) {
                    data.put("plot", name + ".preview.png").put("thumbnail", name + ".preview-thumbnail.png");
                }
            }
            values += sig.size();
        }
        return values;
    }

    private static double[] magnitude(Signal s) {
        double[] re = s.values();
        double[] im = s.imaginary();
        double[] m = new double[re.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.hypot(re[i], im[i]);
        }
        return m;
    }

    static ObjectNode axis(Axis a) {
        ObjectNode o = Json.object().put("name", a.name()).put("unit", a.unit());
        ArrayNode v = o.putArray("values");
        for (double d : a.valuesUnsafe()) {
            if (Double.isFinite(d)) {
                v.add(d);
            } else {
                v.addNull();
            }
        }
        return o;
    }

}
