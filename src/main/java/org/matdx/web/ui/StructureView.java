package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;
import org.matdx.core.Entry;
import org.matdx.core.Json;
import org.matdx.core.Lattice;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the entry page shows of a crystal structure: cell parameters, density, the sites, and the
 * model the interactive viewer ({@code viewer.js}) draws — lattice, sites, one colour and radius
 * per element — or, for a cell that cannot be drawn, why not.
 *
 * @param viewer the viewer's JSON, or null when {@code unfit} says why nothing is drawn
 * @param unfit  a message key: the lattice is not finite or has no volume
 */
public record StructureView(Structure structure, List<SiteRow> sites, int hiddenSites, List<LegendRow> legend,
                            String viewer, String unfit, int drawnSites, boolean supercellAllowed) {
    static final int MAX_ROWS = 200;
    /** More sites than this in one cell are not drawn (the page says so): a canvas of spheres stays responsive. */
    static final int MAX_DRAWN_SITES = 1000;
    /** The 2×2×2 supercell is offered up to this many sites in the cell (eight times as many drawn). */
    static final int MAX_SUPERCELL_SITES = 250;
    /** Two atoms are bonded below the sum of their covalent radii times this (VESTA's default is close). */
    static final double BOND_TOLERANCE = 1.15;
    /**
     * With one of these in the cell, metal–metal pairs are not bonded: in an oxide, nitride or halide
     * the cations' covalent radii are so large that Ba–Ti (3.5 Å in BaTiO₃) would pass the distance
     * rule and hide the coordination polyhedra; in intermetallics metal–metal bonds are drawn.
     */
    static final Set<String> NONMETALS = Set.of("H", "He", "B", "C", "N", "O", "F", "Ne", "Si", "P",
            "S", "Cl", "Ar", "As", "Se", "Br", "Kr", "Te", "I", "Xe", "At", "Rn");
    /** Cells smaller than this (Å³) are degenerate: no real structure packs an atom into less. */
    static final double MIN_VOLUME = 1.0;

    public record SiteRow(String label, String species, double x, double y, double z) {
    }

    /** One element of the legend: its colour and how many atoms of it the cell holds. */
    public record LegendRow(String symbol, String name, String colour, double count) {
    }

    public Lattice lattice() {
        return structure.lattice();
    }

    public boolean ordered() {
        return structure.ordered();
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
        Map<Element, Double> counts = new LinkedHashMap<>();
        for (Site site : s.sites()) {
            site.occupancy().forEach((el, occ) -> counts.merge(el, occ, Double::sum));
        }
        List<Element> byCount = counts.keySet().stream()
                .sorted(Comparator.comparing((Element el) -> -counts.get(el)).thenComparing(Element::z)).toList();
        Map<Element, String> colours = ElementColours.forStructure(byCount);
        List<LegendRow> legend = counts.keySet().stream().sorted(Comparator.comparing(Element::z))
                .map(el -> new LegendRow(el.symbol(), el.name(), colours.get(el), counts.get(el))).toList();
        String unfit = unfit(s);
        int drawn = Math.min(s.numSites(), MAX_DRAWN_SITES);
        boolean supercell = drawn <= MAX_SUPERCELL_SITES;
        String viewer = unfit == null ? viewerJson(s, colours, drawn, supercell) : null;
        return new StructureView(s, rows, Math.max(0, s.numSites() - MAX_ROWS), legend, viewer, unfit, drawn, supercell);
    }

    /** Why the cell cannot be drawn (a message key), or null. Stored data may be anything: never throw. */
    static String unfit(Structure s) {
        for (double[] v : s.lattice().vectors()) {
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    return "viewer.unfit_lattice";
                }
            }
        }
        double volume = s.lattice().volume();
        if (!Double.isFinite(volume) || volume < MIN_VOLUME) {
            return "viewer.unfit_volume";
        }
        for (Site site : s.sites()) {
            for (double x : site.fractional()) {
                if (!Double.isFinite(x)) {
                    return "viewer.unfit_sites";
                }
            }
        }
        return null;
    }

    static String viewerJson(Structure s, Map<Element, String> colours, int drawn, boolean supercell) {
        ObjectNode n = Json.object();
        ArrayNode lv = n.putArray("lattice");
        for (double[] v : s.lattice().vectors()) {
            ArrayNode row = lv.addArray();
            for (double x : v) {
                row.add(x);
            }
        }
        List<Element> order = new ArrayList<>(colours.keySet());
        ArrayNode els = n.putArray("elements");
        for (Element el : order) {
            double covalent = el.property(ElementProperty.COVALENT_RADIUS).orElse(150) / 100.0; // pm → Å
            els.addObject().put("symbol", el.symbol()).put("colour", colours.get(el)).put("covalent", covalent)
                    .put("metal", !NONMETALS.contains(el.symbol()));
        }
        ArrayNode sites = n.putArray("sites");
        for (Site site : s.sites().subList(0, drawn)) {
            Element major = site.occupancy().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            ObjectNode o = sites.addObject().put("e", order.indexOf(major)).put("label", site.label());
            if (!site.ordered()) {
                o.put("species", species(site));
            }
            ArrayNode f = o.putArray("frac");
            for (double x : site.fractional()) {
                f.add(x);
            }
        }
        n.put("metalBonds", order.stream().noneMatch(el -> NONMETALS.contains(el.symbol())));
        n.put("total", s.numSites()).put("supercell", supercell).put("bondTolerance", BOND_TOLERANCE);
        return Json.write(n);
    }

    static String species(Site site) {
        if (site.ordered()) {
            return site.occupancy().keySet().iterator().next().symbol();
        }
        List<String> parts = new ArrayList<>();
        site.occupancy().forEach((el, occ) -> parts.add(el.symbol() + UiFormat.num(occ)));
        return String.join(" ", parts);
    }
}
