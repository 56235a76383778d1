package org.matdx.diffraction;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON forms of simulated patterns and identifications, as the API serves and the store keeps them. */
public final class DiffractionJson {
    private DiffractionJson() {
    }

    /** A simulated pattern: its lines (2θ, d, intensity, relative, multiplicity, hkl) and what it was computed for. */
    public static ObjectNode sticks(StickPattern s, String radiation) {
        ObjectNode o = Json.object().put("radiation", radiation).put("wavelength", s.wavelength())
                .put("two_theta_min", s.twoThetaMin()).put("two_theta_max", s.twoThetaMax())
                .put("cell_volume", round(s.cellVolume(), 6)).put("cell_mass", round(s.cellMass(), 6))
                .put("reflections", s.reflections());
        ArrayNode peaks = o.putArray("peaks");
        for (StickPattern.Peak p : s.peaks()) {
            ObjectNode n = peaks.addObject().put("two_theta", round(p.twoTheta(), 6)).put("d", round(p.d(), 6))
                    .put("intensity", round(p.intensity(), 6)).put("relative_intensity", round(p.relative(), 4))
                    .put("multiplicity", p.multiplicity());
            ArrayNode hkl = n.putArray("hkl");
            for (int i : p.hkl()) {
                hkl.add(i);
            }
        }
        return o;
    }

    /** A full simulated profile on a grid (2θ, intensity scaled to 100 at the maximum). */
    public static ObjectNode profile(double[] x, double[] y, Profiles.Shape shape) {
        double max = 0;
        for (double v : y) {
            max = Math.max(max, v);
        }
        ObjectNode o = Json.object();
        o.putObject("shape").put("u", shape.u()).put("v", shape.v()).put("w", shape.w()).put("eta", shape.eta());
        o.set("two_theta", numbers(x, 5));
        double[] scaled = y.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = max > 0 ? 100 * scaled[i] / max : 0;
        }
        o.set("intensity", numbers(scaled, 5));
        return o;
    }

    /**
     * An identification as JSON: method, version, candidates considered, ranking (only entries
     * {@code shownRanking} admits), phases, quality, instrument and notes; the curves only when asked.
     */
    public static ObjectNode identification(Identification id, Predicate<String> shownRanking, boolean curves) {
        ObjectNode o = Json.object().put("method", id.method()).put("version", id.version()).put("radiation", id.radiation())
                .put("candidates_considered", id.candidatesConsidered());
        ArrayNode phases = o.putArray("phases");
        for (Identification.Phase p : id.phases()) {
            ObjectNode n = phases.addObject().put("structure", p.id()).put("name", p.name()).put("formula", p.formula())
                    .put("weight_fraction", round(p.weightFraction(), 5));
            if (Double.isFinite(p.weightFractionEsd())) {
                n.put("weight_fraction_esd", round(p.weightFractionEsd(), 5));
            } else {
                n.putNull("weight_fraction_esd");
            }
            double[] c = p.cell();
            n.putObject("cell").put("a", round(c[0], 5)).put("b", round(c[1], 5)).put("c", round(c[2], 5))
                    .put("alpha", round(c[3], 4)).put("beta", round(c[4], 4)).put("gamma", round(c[5], 4))
                    .put("volume", round(p.volume(), 4));
            n.put("volume_change", round(p.strain(), 6)).put("broadening", round(p.broadening(), 6)).put("scale", p.scale())
                    .put("zmv", round(p.zmv(), 3));
        }
        ArrayNode ranking = o.putArray("ranking");
        for (Identification.Ranked r : id.ranking()) {
            if (shownRanking.test(r.id())) {
                ranking.addObject().put("structure", r.id()).put("name", r.name()).put("formula", r.formula())
                        .put("score", round(r.score(), 2)).put("zero_shift", round(r.zeroShift(), 4))
                        .put("strain", round(r.strain(), 5)).put("selected", r.selected());
            }
        }
        Identification.Quality q = id.quality();
        o.putObject("quality").put("rwp", round(q.rwp(), 5)).put("rexp", round(q.rexp(), 5)).put("gof", round(q.gof(), 4))
                .put("chi2", round(q.chi2(), 4)).put("points", q.points()).put("parameters", q.parameters());
        Identification.Instrument in = id.instrument();
        o.putObject("instrument").put("zero_shift", round(in.zeroShift(), 5)).put("displacement", round(in.displacement(), 5))
                .put("u", round(in.u(), 7)).put("v", round(in.v(), 7)).put("w", round(in.w(), 7)).put("eta", round(in.eta(), 4))
                .put("k_alpha2_ratio", round(in.kAlpha2Ratio(), 4));
        ArrayNode notes = o.putArray("notes");
        id.notes().forEach(notes::add);
        if (curves) {
            o.set("curves", curves(id));
        }
        return o;
    }

    /** The curves: 2θ, observed, calculated, background, difference and one curve per phase (background included). */
    public static ObjectNode curves(Identification id) {
        Identification.Curves c = id.curves();
        ObjectNode o = Json.object();
        o.set("two_theta", numbers(c.twoTheta(), 5));
        o.set("observed", numbers(c.observed(), 4));
        o.set("calculated", numbers(c.calculated(), 4));
        o.set("background", numbers(c.background(), 4));
        o.set("difference", numbers(c.difference(), 4));
        ArrayNode ph = o.putArray("phases");
        for (int k = 0; k < c.phases().size(); k++) {
            ph.addObject().put("formula", id.phases().get(k).formula()).set("intensity", numbers(c.phases().get(k), 4));
        }
        return o;
    }

    /** Structure ids an identification names (phases and ranking), to check who may see it. */
    public static Set<String> namedStructures(JsonNode result) {
        Set<String> out = new LinkedHashSet<>();
        result.path("phases").forEach(p -> out.add(p.path("structure").asString("")));
        return out;
    }

    private static ArrayNode numbers(double[] v, int significant) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (double d : v) {
            a.add(Double.isFinite(d) ? significant(d, significant) : 0);
        }
        return a;
    }

    static double round(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return 0;
        }
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    private static double significant(double v, int digits) {
        if (v == 0) {
            return 0;
        }
        return new BigDecimal(v).round(new MathContext(digits)).doubleValue();
    }
}
