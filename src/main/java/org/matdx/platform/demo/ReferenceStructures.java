package org.matdx.platform.demo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.Lattice;
import org.matdx.core.RequestContext;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Crystal structures of textbook materials, written as an OPTIMADE JSON Lines file and imported
 * the way a user would ({@code matdx import optimade}), so that {@code /optimade/v1/structures}
 * has something to serve: a public set of reference structures with room-temperature band gaps,
 * and the battery lab's layered cathodes (group access, including a disordered NMC811 cell).
 * Lattice parameters and positions are standard values for each structure type, rounded.
 */
final class ReferenceStructures implements Seed {

    /** A site in fractional coordinates with what occupies it. */
    private record Site(String name, Map<String, Double> species, double x, double y, double z) {
        static Site of(String el, double x, double y, double z) {
            return new Site(el, Map.of(el, 1.0), x, y, z);
        }
    }

    private record Crystal(String id, String descriptive, Lattice lattice, List<Site> sites, Double bandGapEv) {
        /** "MgO (rock salt)": the formula and the structure type, from the id's wording. */
        String title() {
            String type = switch (id) {
                case "mgo", "nacl" -> "rock salt";
                case "srtio3" -> "cubic perovskite";
                case "batio3-tetragonal" -> "tetragonal perovskite";
                case "zno-wurtzite", "gan-wurtzite" -> "wurtzite";
                case "tio2-rutile" -> "rutile";
                case "ceo2-fluorite" -> "fluorite";
                case "si-diamond" -> "diamond";
                case "cscl" -> "caesium chloride";
                default -> "layered α-NaFeO2 type";
            };
            return descriptive + " (" + type + ")";
        }
    }

    @Override
    public String name() {
        return "reference-structures";
    }

    @Override
    public void load(DemoContext ctx) {
        Caller alice = ctx.as("alice");
        var catalog = ctx.catalog();
        var importer = ctx.optimadeImport();
        Dataset open = catalog.createDataset(RequestContext.local(alice), new NewDataset("Reference crystal structures",
                "Textbook crystal structures (rock salt, perovskite, wurtzite, rutile, fluorite, diamond, CsCl) with "
                        + "room-temperature optical band gaps; served through OPTIMADE at /optimade/v1/structures.",
                "CC-BY-4.0", "public", null, false, null, null));
        importer.importInto(RequestContext.local(alice), open.id(), jsonl(openCrystals(), true), "reference-structures.jsonl");
        Dataset lab = catalog.createDataset(RequestContext.local(alice), new NewDataset("Layered cathode structures (battery lab)",
                "Structure models of the lab's layered cathodes; the transition-metal site of NMC811 is mixed.",
                "LicenseRef-battery-lab-internal", "group", null, false, "battery-lab", null));
        importer.importInto(RequestContext.local(alice), lab.id(), jsonl(labCrystals(), false), "cathode-structures.jsonl");
    }

    private static List<Crystal> openCrystals() {
        List<Crystal> c = new ArrayList<>();
        c.add(new Crystal("mgo", "MgO", cubic(4.212), rockSalt("Mg", "O"), 7.8));
        c.add(new Crystal("nacl", "NaCl", cubic(5.640), rockSalt("Na", "Cl"), 8.5));
        c.add(new Crystal("srtio3", "SrTiO3", cubic(3.905), List.of(Site.of("Sr", 0, 0, 0), Site.of("Ti", 0.5, 0.5, 0.5),
                Site.of("O", 0.5, 0.5, 0), Site.of("O", 0.5, 0, 0.5), Site.of("O", 0, 0.5, 0.5)), 3.25));
        c.add(new Crystal("batio3-tetragonal", "BaTiO3", Lattice.fromParameters(3.992, 3.992, 4.036, 90, 90, 90),
                List.of(Site.of("Ba", 0, 0, 0), Site.of("Ti", 0.5, 0.5, 0.512), Site.of("O", 0.5, 0.5, 0.977),
                        Site.of("O", 0.5, 0, 0.486), Site.of("O", 0, 0.5, 0.486)), 3.2));
        c.add(new Crystal("zno-wurtzite", "ZnO", Lattice.fromParameters(3.250, 3.250, 5.207, 90, 90, 120),
                wurtzite("Zn", "O", 0.382), 3.37));
        c.add(new Crystal("gan-wurtzite", "GaN", Lattice.fromParameters(3.189, 3.189, 5.185, 90, 90, 120),
                wurtzite("Ga", "N", 0.377), 3.4));
        double u = 0.305;
        c.add(new Crystal("tio2-rutile", "TiO2", Lattice.fromParameters(4.594, 4.594, 2.959, 90, 90, 90),
                List.of(Site.of("Ti", 0, 0, 0), Site.of("Ti", 0.5, 0.5, 0.5), Site.of("O", u, u, 0),
                        Site.of("O", 1 - u, 1 - u, 0), Site.of("O", 0.5 + u, 0.5 - u, 0.5), Site.of("O", 0.5 - u, 0.5 + u, 0.5)), 3.0));
        List<Site> fluorite = new ArrayList<>(fcc("Ce"));
        for (double x : new double[] {0.25, 0.75}) {
            for (double y : new double[] {0.25, 0.75}) {
                for (double z : new double[] {0.25, 0.75}) {
                    fluorite.add(Site.of("O", x, y, z));
                }
            }
        }
        c.add(new Crystal("ceo2-fluorite", "CeO2", cubic(5.411), fluorite, 3.2));
        List<Site> diamond = new ArrayList<>(fcc("Si"));
        for (Site s : fcc("Si")) {
            diamond.add(Site.of("Si", s.x() + 0.25, s.y() + 0.25, s.z() + 0.25));
        }
        c.add(new Crystal("si-diamond", "Si", cubic(5.431), diamond, 1.12));
        c.add(new Crystal("cscl", "CsCl", cubic(4.123), List.of(Site.of("Cs", 0, 0, 0), Site.of("Cl", 0.5, 0.5, 0.5)), 8.3));
        return c;
    }

    private static List<Crystal> labCrystals() {
        Lattice hex = Lattice.fromParameters(2.816, 2.816, 14.05, 90, 90, 120);
        List<Crystal> c = new ArrayList<>();
        c.add(new Crystal("licoo2", "LiCoO2", hex, layered(Map.of("Co", 1.0), 0.2396), 2.7));
        c.add(new Crystal("nmc811", "LiNi0.8Co0.1Mn0.1O2", Lattice.fromParameters(2.872, 2.872, 14.20, 90, 90, 120),
                layered(Map.of("Ni", 0.8, "Co", 0.1, "Mn", 0.1), 0.2410), null));
        return c;
    }

    private static Lattice cubic(double a) {
        return Lattice.fromParameters(a, a, a, 90, 90, 90);
    }

    private static List<Site> fcc(String el) {
        return List.of(Site.of(el, 0, 0, 0), Site.of(el, 0.5, 0.5, 0), Site.of(el, 0.5, 0, 0.5), Site.of(el, 0, 0.5, 0.5));
    }

    private static List<Site> rockSalt(String cation, String anion) {
        List<Site> s = new ArrayList<>(fcc(cation));
        for (Site x : fcc(anion)) {
            s.add(Site.of(anion, (x.x() + 0.5) % 1, x.y(), x.z()));
        }
        return s;
    }

    private static List<Site> wurtzite(String cation, String anion, double u) {
        return List.of(Site.of(cation, 1.0 / 3, 2.0 / 3, 0), Site.of(cation, 2.0 / 3, 1.0 / 3, 0.5),
                Site.of(anion, 1.0 / 3, 2.0 / 3, u), Site.of(anion, 2.0 / 3, 1.0 / 3, 0.5 + u));
    }

    /** α-NaFeO2-type (R-3m, hexagonal setting): Li 3a, transition metal 3b, O 6c at ±z. */
    private static List<Site> layered(Map<String, Double> tm, double z) {
        List<Site> s = new ArrayList<>();
        double[][] centring = {{0, 0, 0}, {2.0 / 3, 1.0 / 3, 1.0 / 3}, {1.0 / 3, 2.0 / 3, 2.0 / 3}};
        String tmName = tm.size() == 1 ? tm.keySet().iterator().next() : "TM";
        for (double[] t : centring) {
            s.add(Site.of("Li", t[0], t[1], t[2]));
            s.add(new Site(tmName, tm, t[0], t[1], (t[2] + 0.5) % 1));
            s.add(Site.of("O", t[0], t[1], (t[2] + z) % 1));
            s.add(Site.of("O", t[0], t[1], (t[2] - z + 1) % 1));
        }
        return s;
    }

    /** The crystals as an OPTIMADE JSON Lines file. */
    private static ByteArrayInputStream jsonl(List<Crystal> crystals, boolean withReference) {
        StringBuilder sb = new StringBuilder();
        sb.append(Json.write(Json.object().set("x-optimade", Json.object().put("api_version", "1.2.0")))).append('\n');
        if (withReference) {
            ObjectNode ref = Json.object().put("type", "references").put("id", "wyckoff1963");
            ObjectNode a = ref.putObject("attributes").put("bib_type", "book").put("title", "Crystal Structures")
                    .put("publisher", "Interscience").put("year", "1963").put("edition", "2nd");
            a.putArray("authors").addObject().put("name", "R. W. G. Wyckoff").put("lastname", "Wyckoff");
            sb.append(Json.write(ref)).append('\n');
        }
        for (Crystal c : crystals) {
            ObjectNode s = Json.object().put("type", "structures").put("id", c.id());
            ObjectNode a = s.putObject("attributes");
            a.put("chemical_formula_descriptive", c.descriptive());
            a.put("_matdx_title", c.title());
            if (c.bandGapEv() != null) {
                a.putObject("_matdx_band_gap").put("value", c.bandGapEv()).put("unit", "eV");
            }
            double[][] lv = c.lattice().vectors();
            ArrayNode lattice = a.putArray("lattice_vectors");
            for (double[] v : lv) {
                lattice.addArray().add(v[0]).add(v[1]).add(v[2]);
            }
            ArrayNode cart = a.putArray("cartesian_site_positions");
            ArrayNode names = a.putArray("species_at_sites");
            Map<String, Map<String, Double>> species = new LinkedHashMap<>();
            for (Site site : c.sites()) {
                double[] r = c.lattice().toCartesian(new double[] {site.x(), site.y(), site.z()});
                cart.addArray().add(r[0]).add(r[1]).add(r[2]);
                names.add(site.name());
                species.putIfAbsent(site.name(), site.species());
            }
            ArrayNode sp = a.putArray("species");
            species.forEach((name, occ) -> {
                ObjectNode o = sp.addObject().put("name", name);
                ArrayNode symbols = o.putArray("chemical_symbols");
                ArrayNode conc = o.putArray("concentration");
                occ.forEach((el, x) -> {
                    symbols.add(el);
                    conc.add(x);
                });
            });
            if (withReference) {
                s.putObject("relationships").putObject("references").putArray("data").addObject()
                        .put("type", "references").put("id", "wyckoff1963");
            }
            sb.append(Json.write(s)).append('\n');
        }
        return new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
