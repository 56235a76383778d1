package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;
import org.matdx.core.Entry;
import org.matdx.core.Lattice;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import tools.jackson.databind.JsonNode;

/**
 * What the entry page shows of a crystal structure: cell parameters, density, the sites, and a
 * small drawing of the cell (an oblique projection as SVG, so nothing is loaded in the browser).
 */
public record StructureView(Structure structure, List<SiteRow> sites, int hiddenSites, String svg) {
    static final int MAX_ROWS = 200;

    public record SiteRow(String label, String species, double x, double y, double z) {
    }

    public Lattice lattice() {
        return structure.lattice();
    }

    /** The structure an entry holds, or null. */
    public static StructureView of(Entry e) {
        JsonNode n = e.data() == null ? null : e.data().get("structure");
        if (n == null || !n.isObject()) {
            return null;
        }
        Structure s;
        try {
            s = StructureJson.read(n);
        } catch (RuntimeException unreadable) {
            return null; // the page still shows everything else
        }
        List<SiteRow> rows = new ArrayList<>();
        for (Site site : s.sites().subList(0, Math.min(MAX_ROWS, s.numSites()))) {
            double[] f = site.fractional();
            rows.add(new SiteRow(site.label(), species(site), f[0], f[1], f[2]));
        }
        return new StructureView(s, rows, Math.max(0, s.numSites() - MAX_ROWS), svg(s));
    }

    static String species(Site site) {
        if (site.ordered()) {
            return site.occupancy().keySet().iterator().next().symbol();
        }
        List<String> parts = new ArrayList<>();
        site.occupancy().forEach((el, occ) -> parts.add(el.symbol() + UiFormat.num(occ)));
        return String.join(" ", parts);
    }

    /** The cell's edges and atoms, viewed from slightly above and to the side, depth-sorted. */
    static String svg(Structure s) {
        double[][] v = s.lattice().vectors();
        double rot = Math.toRadians(28);
        double tilt = Math.toRadians(18);
        List<double[]> corners = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            corners.add(project(s.lattice().toCartesian(new double[]{i & 1, (i >> 1) & 1, (i >> 2) & 1}), rot, tilt));
        }
        List<double[]> atoms = new ArrayList<>(); // x, y, depth, radius, colour index
        List<String> colours = new ArrayList<>();
        for (Site site : s.sites()) {
            double[] p = project(s.lattice().toCartesian(site.fractional()), rot, tilt);
            Element major = site.occupancy().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            double r = major.property(ElementProperty.COVALENT_RADIUS).orElse(120) / 100.0 * 0.55;
            atoms.add(new double[]{p[0], p[1], p[2], r, colours.size()});
            colours.add(colour(major));
        }
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] c : corners) {
            minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]);
            minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
        }
        double pad = 1.2;
        double scale = 260 / Math.max(maxX - minX + 2 * pad, maxY - minY + 2 * pad);
        double ox = -minX + pad;
        double oy = -minY + pad;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cell\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">",
                (maxX - minX + 2 * pad) * scale, (maxY - minY + 2 * pad) * scale));
        int[][] edges = {{0, 1}, {0, 2}, {0, 4}, {1, 3}, {1, 5}, {2, 3}, {2, 6}, {3, 7}, {4, 5}, {4, 6}, {5, 7}, {6, 7}};
        for (int[] e : edges) {
            double[] a = corners.get(e[0]);
            double[] b = corners.get(e[1]);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#59636e\" stroke-width=\"1\"/>",
                    (a[0] + ox) * scale, (maxY - a[1] + pad) * scale, (b[0] + ox) * scale, (maxY - b[1] + pad) * scale));
        }
        atoms.sort(Comparator.comparingDouble(a -> a[2]));
        int limit = Math.min(atoms.size(), 2000);
        for (double[] a : atoms.subList(atoms.size() - limit, atoms.size())) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"#1f2328\" stroke-width=\"0.6\"/>",
                    (a[0] + ox) * scale, (maxY - a[1] + pad) * scale, a[3] * scale, colours.get((int) a[4])));
        }
        return sb.append("</svg>").toString();
    }

    private static double[] project(double[] p, double rot, double tilt) {
        double x = p[0] * Math.cos(rot) - p[1] * Math.sin(rot);
        double y = p[0] * Math.sin(rot) + p[1] * Math.cos(rot);
        double z = p[2];
        // tilt about the screen's x axis: depth is y', height mixes z and y
        return new double[]{x, z * Math.cos(tilt) + y * Math.sin(tilt), y * Math.cos(tilt) - z * Math.sin(tilt)};
    }

    /** A stable colour per element; the golden angle keeps neighbours in the table apart in hue. */
    static String colour(Element e) {
        return Colours.hsl(e.z() * 137.508, 0.6, 0.62 - 0.03 * (e.period() - 1));
    }
}
