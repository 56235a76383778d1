package org.matdx.ingest.structuring;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Quantity;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.imaging.Decomposition;
import org.matdx.imaging.Lattice;
import org.matdx.imaging.Particles;
import org.matdx.imaging.Planes;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The image descriptors a template may ask for. Each writes its full result into the entry's data
 * and its headline numbers as properties, so they are searchable and can be features or campaign
 * objectives like any measured property:
 * <ul>
 *   <li>{@code particle_sizes}: count, median area-equivalent and minimum Feret diameters, the
 *       fraction with a smallest dimension in 1–100 nm and the EU nanomaterial verdict (1 = yes);</li>
 *   <li>{@code lattice_spacings}: the strongest reflections of the power spectrum;</li>
 *   <li>{@code decomposition}: PCA of a spectrum image (explained variance of the first components), and
 *       the first three components' spectra and maps by PCA and by NMF, for the entry page.</li>
 * </ul>
 */
final class ImageAnalysis {
    /** Spectrum images above this many values are not decomposed while structuring (it would hold the upload for minutes). */
    static final long MAX_DECOMPOSE = 1L << 23;

    /** Components whose spectra and maps the entry keeps (PCA and NMF alike). */
    static final int SHOWN_COMPONENTS = 3;
    /** Maps and spectra are kept in the entry (JSON) up to a 256×256 scan and 4096 channels. */
    static final int MAX_MAP_PIXELS = 1 << 16;
    static final int MAX_SHOWN_CHANNELS = 4096;
    static final int NMF_ITERATIONS = 200;

    private ImageAnalysis() {
    }

    private static double[] column(double[][] rows, int c) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][c];
        }
        return out;
    }

    /** Six significant digits: what a plot or a map can show, a third of the JSON. */
    private static void rounded(ArrayNode into, double[] v) {
        for (double x : v) {
            into.add(Double.isFinite(x) ? Double.parseDouble(String.format(Locale.ROOT, "%.6g", x)) : 0);
        }
    }

    static void apply(String descriptor, Signal s, ObjectNode data, Map<String, Quantity> props) {
        switch (descriptor) {
            case "particle_sizes" -> particles(s, data, props);
            case "lattice_spacings" -> lattice(s, data, props);
            case "decomposition" -> decomposition(s, data, props);
            default -> throw new IllegalStateException(descriptor);
        }
    }

    private static void particles(Signal s, ObjectNode data, Map<String, Quantity> props) {
        Planes p = Planes.view(s);
        if (p == null || s.isColour() || s.signalAxes().size() != 2) {
            data.withArray("notes").add("no particle analysis: it needs a grey image");
            return;
        }
        Particles.Result r = Particles.segment(p.values(), p.width(), p.height(), p.x().scale(), p.y().scale(), p.x().units(),
                Particles.Settings.DEFAULT);
        ObjectNode o = data.putObject("particles").put("threshold", r.threshold()).put("count", r.count())
                .put("left_out", r.leftOut()).put("unit", r.unit());
        ArrayNode list = o.putArray("particles");
        for (Particles.Particle q : r.particles().subList(0, Math.min(10_000, r.count()))) {
            list.addObject().put("area", q.area()).put("equivalent_diameter", q.equivalentDiameter()).put("min_feret", q.minFeret())
                    .put("max_feret", q.maxFeret()).put("x", q.centroidX()).put("y", q.centroidY());
        }
        props.put("particle_count", Quantity.of(r.count(), ""));
        String unit = EmUnits.length(r.unit());
        if (r.count() > 0) {
            props.put("median_particle_size", Quantity.of(r.medianEquivalentDiameter(), unit));
            props.put("median_min_feret", Quantity.of(r.medianMinFeret(), unit));
        }
        if (!Double.isNaN(r.nanoFraction())) {
            props.put("nano_fraction", Quantity.of(r.nanoFraction(), ""));
            props.put("eu_nanomaterial", Quantity.of(r.euNanomaterial() ? 1 : 0, ""));
            o.put("eu_nanomaterial", r.euNanomaterial());
        }
    }

    private static void lattice(Signal s, ObjectNode data, Map<String, Quantity> props) {
        Planes p = Planes.view(s);
        if (p == null || s.isColour() || s.signalAxes().size() != 2 || Math.min(p.width(), p.height()) < 8) {
            data.withArray("notes").add("no lattice spacings: they need a grey image of at least 8×8 pixels");
            return;
        }
        SignalAxis x = p.x();
        Lattice.Result r = Lattice.analyse(p.values(), p.width(), p.height(), x.scale(), 6);
        ArrayNode a = data.putObject("lattice").put("fft_size", r.size()).put("unit", x.units()).putArray("reflections");
        for (Lattice.Reflection f : r.reflections()) {
            a.addObject().put("spacing", f.spacing()).put("angle", f.angle()).put("relative_intensity", f.relativeIntensity());
        }
        if (!r.reflections().isEmpty() && !Double.isNaN(Particles.nanometres(x.units()))) {
            props.put("lattice_spacing", Quantity.of(r.reflections().get(0).spacing(), EmUnits.length(x.units())));
        }
    }

    private static void decomposition(Signal s, ObjectNode data, Map<String, Quantity> props) {
        if (s.signalAxes().size() != 1 || s.navigationAxes().isEmpty() || s.isComplex() || s.isColour()) {
            data.withArray("notes").add("no decomposition: it needs a spectrum image or line scan");
            return;
        }
        if (s.values().length > MAX_DECOMPOSE) {
            data.withArray("notes").add("no decomposition while structuring: " + s.values().length + " values exceed " + MAX_DECOMPOSE);
            return;
        }
        int channels = s.shape()[s.shape().length - 1];
        int pixels = s.values().length / channels;
        Decomposition.Pca pca = Decomposition.pca(s.values(), pixels, channels, 5);
        ObjectNode o = data.putObject("decomposition").put("method", "PCA");
        ArrayNode ratio = o.putArray("explained_variance_ratio");
        for (double v : pca.explainedVarianceRatio()) {
            ratio.add(v);
        }
        double cumulative = 0;
        int needed = 0;
        for (double v : pca.explainedVarianceRatio()) {
            cumulative += v;
            needed++;
            if (cumulative >= 0.95) {
                break;
            }
        }
        // what the entry page shows: the first components' spectra and maps, PCA's and NMF's
        List<SignalAxis> nav = s.navigationAxes();
        SignalAxis energy = s.signalAxes().get(0);
        if (pixels <= MAX_MAP_PIXELS && channels <= MAX_SHOWN_CHANNELS) {
            o.put("rows", nav.size() >= 2 ? nav.get(nav.size() - 2).size() : 1).put("columns", nav.get(nav.size() - 1).size());
            o.putObject("energy_axis").put("name", energy.name()).put("units", energy.units()).put("offset", energy.offset())
                    .put("scale", energy.scale()).put("size", energy.size());
            int shown = Math.min(SHOWN_COMPONENTS, pca.components().length);
            ArrayNode pcs = o.putArray("components");
            for (int c = 0; c < shown; c++) {
                ObjectNode comp = pcs.addObject().put("explained_variance_ratio", pca.explainedVarianceRatio()[c]);
                rounded(comp.putArray("spectrum"), pca.components()[c]);
                rounded(comp.putArray("map"), column(pca.scores(), c));
            }
            Decomposition.Nmf nmf = Decomposition.nmf(s.values(), pixels, channels, shown, NMF_ITERATIONS, 24L);
            ObjectNode n = o.putObject("nmf").put("residual", nmf.residual()).put("iterations", nmf.iterations());
            ArrayNode parts = n.putArray("components");
            for (int c = 0; c < nmf.spectra().length; c++) {
                ObjectNode comp = parts.addObject();
                rounded(comp.putArray("spectrum"), nmf.spectra()[c]);
                rounded(comp.putArray("map"), column(nmf.maps(), c));
            }
        } else {
            data.withArray("notes").add("component maps not kept: " + pixels + " pixels × " + channels + " channels exceed "
                    + MAX_MAP_PIXELS + " × " + MAX_SHOWN_CHANNELS);
        }
        props.put("pca_first_component_variance", Quantity.of(pca.explainedVarianceRatio()[0], ""));
        props.put("pca_components_for_95_percent", Quantity.of(cumulative >= 0.95 ? needed : pca.explainedVarianceRatio().length + 1, ""));
    }
}
