package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.Structure;
import org.matdx.diffraction.PhaseAnalyses;
import org.matdx.diffraction.SimulationRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the entry page shows of diffraction: a structure's simulated powder pattern (for the chosen
 * radiation) with its strongest lines, and a measured scan's phase analysis with the fitted phases
 * overlaid on the observed pattern and the difference curve.
 */
public final class DiffractionViews {
    /** Radiations the page offers, by the parameter value and its label. */
    public static final List<String[]> RADIATIONS = List.of(new String[] {"CuKa", "Cu Kα"}, new String[] {"MoKa", "Mo Kα"},
            new String[] {"CoKa", "Co Kα"}, new String[] {"CrKa", "Cr Kα"});

    private DiffractionViews() {
    }

    /** One line of a simulated pattern. */
    public record Line(double twoTheta, double d, String hkl, int multiplicity, double relative) {
    }

    /** A structure's simulated pattern: its plot (JSON for plot.js), strongest lines, or why there is none. */
    public record Simulated(String radiation, String plot, List<Line> lines, String problem) {
    }

    /** One fitted phase as the page lists it. */
    public record PhaseRow(String structure, String name, String formula, double percent, Double esdPercent, String cell) {
    }

    /** A measured scan's current analysis. */
    public record Analysis(List<PhaseRow> phases, double rwp, double gof, int candidates, String method, String version,
                           String createdAt, List<String> notes, String overlay, String difference, List<String[]> ranking) {
    }

    /** The simulated pattern of a structure entry, or null when the entry holds no structure. */
    public static Simulated simulated(Entry e, String radiation, Messages m) {
        Structure s;
        try {
            s = PhaseAnalyses.structureOf(e).orElse(null);
        } catch (Problem p) {
            return new Simulated(radiation, null, List.of(), p.getMessage());
        }
        if (s == null) {
            return null;
        }
        String r = RADIATIONS.stream().anyMatch(x -> x[0].equals(radiation)) ? radiation : "CuKa";
        Map<String, String> params = new HashMap<>();
        params.put("radiation", r);
        params.put("profile", "true");
        params.put("two_theta_min", "5");
        params.put("two_theta_max", r.equals("MoKa") ? "60" : "90");
        params.put("step", r.equals("MoKa") ? "0.015" : "0.025");
        ObjectNode out;
        try {
            out = SimulationRequest.parse(params).run(s);
        } catch (Problem p) {
            return new Simulated(r, null, List.of(), p.getMessage());
        }
        JsonNode profile = out.get("profile");
        ObjectNode plot = Json.object().put("title", "").put("xLabel", "2θ / °");
        plot.putArray("yLabels").add(m.t("plot.simulated_intensity", label(r)));
        ArrayNode data = plot.putArray("data");
        data.add(profile.get("two_theta"));
        data.add(profile.get("intensity"));
        List<Line> lines = new ArrayList<>();
        for (JsonNode p : out.get("peaks")) {
            JsonNode h = p.get("hkl");
            lines.add(new Line(p.get("two_theta").asDouble(), p.get("d").asDouble(),
                    h.get(0).asInt() + " " + h.get(1).asInt() + " " + h.get(2).asInt(), p.get("multiplicity").asInt(),
                    p.get("relative_intensity").asDouble()));
        }
        lines.sort((a, b) -> Double.compare(b.relative(), a.relative()));
        List<Line> top = new ArrayList<>(lines.subList(0, Math.min(15, lines.size())));
        top.sort((a, b) -> Double.compare(a.twoTheta(), b.twoTheta()));
        return new Simulated(r, Json.write(plot), top, null);
    }

    private static String label(String r) {
        return RADIATIONS.stream().filter(x -> x[0].equals(r)).map(x -> x[1]).findFirst().orElse(r);
    }

    /** The page's view of a stored analysis (as {@link PhaseAnalyses#current} gave it, curves included). */
    public static Analysis analysis(JsonNode a, Messages m) {
        List<PhaseRow> rows = new ArrayList<>();
        for (JsonNode p : a.path("phases")) {
            JsonNode c = p.path("cell");
            JsonNode esd = p.get("weight_fraction_esd");
            rows.add(new PhaseRow(p.path("structure").asString(""), p.path("name").asString(""), p.path("formula").asString(""),
                    100 * p.path("weight_fraction").asDouble(), esd != null && esd.isNumber() ? 100 * esd.asDouble() : null,
                    String.format(Locale.ROOT, "%.4f, %.4f, %.4f Å; %.2f, %.2f, %.2f°", c.path("a").asDouble(),
                            c.path("b").asDouble(), c.path("c").asDouble(), c.path("alpha").asDouble(), c.path("beta").asDouble(),
                            c.path("gamma").asDouble())));
        }
        String overlay = null;
        String difference = null;
        JsonNode cv = a.get("curves");
        if (cv != null) {
            ObjectNode plot = Json.object().put("title", "").put("xLabel", "2θ / °").put("yAxis", m.t("plot.counts"));
            ArrayNode labels = plot.putArray("yLabels").add(m.t("plot.observed")).add(m.t("plot.calculated"));
            ArrayNode styles = plot.putArray("styles");
            styles.addObject().put("points", true).put("line", false).put("size", 3).put("colour", "#57606a");
            styles.addObject().put("colour", "#d1242f").put("width", 1.5);
            ArrayNode data = plot.putArray("data").add(cv.get("two_theta")).add(cv.get("observed")).add(cv.get("calculated"));
            String[] colours = {"#1f6feb", "#1a7f37", "#9a6700", "#8250df"};
            int k = 0;
            for (JsonNode ph : cv.path("phases")) {
                labels.add(ph.path("formula").asString(""));
                styles.addObject().put("colour", colours[k++ % colours.length]).putArray("dash").add(4).add(3);
                data.add(ph.get("intensity"));
            }
            labels.add(m.t("plot.background"));
            styles.addObject().put("colour", "#8c959f").putArray("dash").add(2).add(2);
            data.add(cv.get("background"));
            overlay = Json.write(plot);
            ObjectNode diff = Json.object().put("title", "").put("xLabel", "2θ / °");
            diff.putArray("yLabels").add(m.t("plot.difference"));
            diff.putArray("styles").addObject().put("colour", "#57606a");
            diff.putArray("data").add(cv.get("two_theta")).add(cv.get("difference"));
            difference = Json.write(diff);
        }
        List<String> notes = new ArrayList<>();
        a.path("notes").forEach(n -> notes.add(n.asString()));
        List<String[]> ranking = new ArrayList<>();
        a.path("ranking").forEach(r -> ranking.add(new String[] {r.path("structure").asString(""), r.path("formula").asString(""),
                r.path("name").asString(""), String.format(Locale.ROOT, "%.0f", r.path("score").asDouble()),
                r.path("selected").asBoolean() ? "✓" : ""}));
        return new Analysis(rows, a.at("/quality/rwp").asDouble(), a.at("/quality/gof").asDouble(),
                a.path("candidates_considered").asInt(), a.path("method").asString(""), a.path("version").asString(""),
                a.path("created_at").asString(""), notes, overlay, difference, ranking);
    }

    /** Whether the entry holds a scan over 2θ (so phases can be identified in it). */
    public static boolean hasScan(Entry e) {
        JsonNode series = e.data() == null ? null : e.data().get("series");
        if (series == null) {
            return false;
        }
        for (JsonNode s : series) {
            String n = s.path("x").path("name").asString("").toLowerCase(Locale.ROOT);
            if (n.equals("two_theta") || n.equals("2θ") || n.equals("2theta")) {
                return true;
            }
        }
        return false;
    }

    /** For links in the phase table: the structure entry's page. */
    public static String structureLink(String id) {
        UUID u = Ids.parseOrNull(id);
        return u == null ? "#" : "/entries/" + u;
    }
}
