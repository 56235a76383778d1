package org.matdx.fair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.matdx.core.Element;
import org.matdx.core.Lattice;
import org.matdx.core.Site;
import org.matdx.core.Structure;

/**
 * A stored structure written as the files crystallographers open elsewhere: CIF 1.1 (VESTA,
 * Mercury, pymatgen) and VASP 5 POSCAR. Both hold the full cell in P 1 — the symmetry MatDX
 * expanded at registration is not re-derived here, so nothing is claimed that was not stored.
 */
public final class StructureFiles {
    private StructureFiles() {
    }

    /**
     * CIF in P 1 with every site of the cell. A partially occupied site is written the way CIF
     * writes disorder: one {@code _atom_site} row per species at the same position, each with its
     * occupancy (vacancies are the occupancies summing below 1). The lattice is written as its six
     * parameters, so its orientation in space is not kept (fractional coordinates do not depend on it).
     */
    public static String cif(Structure s, String blockName, String source) {
        Lattice l = s.lattice();
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(oneLine(source).replaceAll("[^\\x20-\\x7E]", "?")).append('\n'); // CIF 1.1 is ASCII
        sb.append("# written by MatDX in space group P 1 (the full cell as stored)\n");
        sb.append("data_").append(blockName.replaceAll("[^A-Za-z0-9_.-]", "_")).append('\n');
        sb.append("_symmetry_space_group_name_H-M   'P 1'\n");
        sb.append("_symmetry_Int_Tables_number      1\n");
        sb.append("_space_group_name_H-M_alt        'P 1'\n");
        sb.append("_space_group_IT_number           1\n");
        sb.append(String.format(Locale.ROOT, "_cell_length_a    %.6f%n_cell_length_b    %.6f%n_cell_length_c    %.6f%n",
                l.a(), l.b(), l.c()));
        sb.append(String.format(Locale.ROOT, "_cell_angle_alpha %.6f%n_cell_angle_beta  %.6f%n_cell_angle_gamma %.6f%n",
                l.alpha(), l.beta(), l.gamma()));
        sb.append(String.format(Locale.ROOT, "_cell_volume      %.6f%n", l.volume()));
        sb.append("_chemical_formula_sum            '").append(formulaSum(s)).append("'\n");
        sb.append("loop_\n_space_group_symop_operation_xyz\n'x, y, z'\n");
        sb.append("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n"
                + "_atom_site_fract_z\n_atom_site_occupancy\n");
        Set<String> labels = new HashSet<>();
        Map<Element, Integer> numbers = new LinkedHashMap<>();
        for (Site site : s.sites()) {
            double[] f = site.fractional();
            for (var species : site.occupancy().entrySet()) {
                String label = label(site, species.getKey(), labels, numbers);
                sb.append(String.format(Locale.ROOT, "%-8s %-3s %.6f %.6f %.6f %.4f%n", label, species.getKey().symbol(),
                        f[0], f[1], f[2], species.getValue()));
            }
        }
        return sb.toString();
    }

    /** The stored label when it is a usable, unused CIF label; otherwise element + running number. */
    private static String label(Site site, Element e, Set<String> used, Map<Element, Integer> numbers) {
        String stored = site.label();
        if (site.occupancy().size() == 1 && stored != null && stored.matches("[A-Za-z][A-Za-z0-9_()'+-]{0,31}")
                && used.add(stored)) {
            return stored;
        }
        String made;
        do {
            made = e.symbol() + numbers.merge(e, 1, Integer::sum);
        } while (!used.add(made));
        return made;
    }

    /**
     * Why a stored structure cannot be written in any format, or empty: a lattice or coordinate
     * that is not a finite number, or a cell without volume, would give a file other programs
     * misread rather than refuse.
     */
    public static Optional<String> unwritable(Structure s) {
        for (double[] v : s.lattice().vectors()) {
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    return Optional.of("its lattice vectors hold a value that is not a finite number");
                }
            }
        }
        double volume = s.lattice().volume();
        if (!Double.isFinite(volume) || volume < 1e-3) {
            return Optional.of("its cell has no volume (" + volume + " Å³): the lattice is degenerate");
        }
        for (Site site : s.sites()) {
            for (double x : site.fractional()) {
                if (!Double.isFinite(x)) {
                    return Optional.of("site " + site.label() + " has a coordinate that is not a finite number");
                }
            }
        }
        return Optional.empty();
    }

    /** Why a structure cannot be written as POSCAR, or empty when it can. */
    public static Optional<String> poscarRefusal(Structure s) {
        for (Site site : s.sites()) {
            if (!site.ordered()) {
                return Optional.of("site " + site.label() + " is partially occupied (" + describe(site)
                        + "); POSCAR holds one whole atom per position and no occupancies, so MatDX does not "
                        + "write one rather than choose a species for you: download the CIF, which keeps the "
                        + "occupancies, or order the structure first (e.g. pymatgen's OrderDisorderedStructureTransformation)");
            }
        }
        return Optional.empty();
    }

    /**
     * VASP 5 POSCAR (element symbols line, Direct coordinates), the sites grouped by element in
     * order of first appearance, the lattice vectors exactly as stored. Refused for a disordered
     * structure: see {@link #poscarRefusal}.
     */
    public static String poscar(Structure s, String comment) {
        poscarRefusal(s).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        Map<Element, List<Site>> groups = new LinkedHashMap<>();
        for (Site site : s.sites()) {
            groups.computeIfAbsent(site.occupancy().keySet().iterator().next(), k -> new ArrayList<>()).add(site);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(oneLine(comment)).append('\n').append("1.0\n");
        for (double[] v : s.lattice().vectors()) {
            sb.append(String.format(Locale.ROOT, "  %.10f %.10f %.10f%n", v[0], v[1], v[2]));
        }
        StringBuilder symbols = new StringBuilder();
        StringBuilder counts = new StringBuilder();
        groups.forEach((e, sites) -> {
            symbols.append(' ').append(String.format("%4s", e.symbol()));
            counts.append(' ').append(String.format("%4d", sites.size()));
        });
        sb.append(symbols).append('\n').append(counts).append('\n').append("Direct\n");
        groups.forEach((e, sites) -> {
            for (Site site : sites) {
                double[] f = site.fractional();
                sb.append(String.format(Locale.ROOT, "  %.10f %.10f %.10f %s%n", f[0], f[1], f[2], e.symbol()));
            }
        });
        return sb.toString();
    }

    private static String describe(Site site) {
        List<String> parts = new ArrayList<>();
        site.occupancy().forEach((e, occ) -> parts.add(e.symbol() + " " + String.format(Locale.ROOT, "%.3g", occ)));
        return String.join(", ", parts);
    }

    /** The cell's content as CIF's {@code _chemical_formula_sum}: "Ba Ti O3", occupancies summed. */
    static String formulaSum(Structure s) {
        Map<Element, Double> counts = new TreeMap<>(Comparator.comparing(Element::symbol));
        for (Site site : s.sites()) {
            site.occupancy().forEach((e, occ) -> counts.merge(e, occ, Double::sum));
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((e, n) -> {
            String amount = Math.abs(n - Math.rint(n)) < 1e-6
                    ? (Math.rint(n) == 1 ? "" : Long.toString(Math.round(n)))
                    : String.format(Locale.ROOT, "%.4f", n).replaceAll("0+$", "");
            parts.add(e.symbol() + amount);
        });
        return String.join(" ", parts);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ");
    }
}
