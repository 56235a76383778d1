package org.matdx.ingest.structuring;

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
 *   <li>{@code decomposition}: PCA of a spectrum image (explained variance of the first components).</li>
 * </ul>
 */
final class ImageAnalysis {
    /** Spectrum images above this many values are not decomposed while structuring (it would hold the upload for minutes). */
    static final long MAX_DECOMPOSE = 1L << 23;

    private ImageAnalysis() {
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
        props.put("pca_first_component_variance", Quantity.of(pca.explainedVarianceRatio()[0], ""));
        props.put("pca_components_for_95_percent", Quantity.of(cumulative >= 0.95 ? needed : pca.explainedVarianceRatio().length + 1, ""));
    }
}
