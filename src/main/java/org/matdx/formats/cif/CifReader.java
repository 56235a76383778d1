package org.matdx.formats.cif;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matdx.core.Composition;
import org.matdx.core.CrystalSystem;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Lattice;
import org.matdx.core.Quantity;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.formats.FormatException;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitExceeded;
import org.matdx.formats.LimitedInput;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.matdx.formats.cif.CellExpansion.AsymmetricSite;
import tools.jackson.databind.node.ObjectNode;

/**
 * Crystallographic Information File (CIF 1.1): one structure per data block holding atom sites,
 * with the space group's operations applied to build the full cell.
 */
public final class CifReader implements Reader {
    /** Fm-3m with its centring has 192 operations; magnetic groups (.mcif) may pair each with time reversal. */
    static final int MAX_OPERATIONS = 384;
    private static final String[] OPS_TAGS = {"_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz",
            "_space_group_symop.operation_xyz", "_symmetry_equiv.pos_as_xyz"};

    @Override
    public String id() {
        return "structure.cif";
    }

    @Override
    public String name() {
        return "Crystallographic Information File (CIF 1.1)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String text = head == null ? "" : new String(head, StandardCharsets.ISO_8859_1);
        boolean block = text.startsWith("data_") || text.contains("\ndata_") || text.contains("\rdata_")
                || text.startsWith("#\\#CIF");
        if (block && (text.contains("_cell_length_a") || text.contains("_atom_site_") || text.contains("_symmetry_"))) {
            return Recognition.CONTENT;
        }
        String n = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".cif") || n.endsWith(".mcif") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        IngestLimits limits = LimitedInput.limitsOf(content);
        byte[] bytes = content.readAllBytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            text = new String(bytes, StandardCharsets.ISO_8859_1); // older CIFs are Latin-1
        }
        List<CifBlock> blocks = CifSyntax.parse(fileName, text);
        List<Parsed> out = new ArrayList<>();
        for (CifBlock b : blocks) {
            if (b.has("_atom_site_label") || b.has("_atom_site_type_symbol") || b.has("_atom_site_fract_x")) {
                out.add(structure(fileName, b, limits));
            }
        }
        if (out.isEmpty()) {
            throw FormatException.inFile(fileName, blocks.isEmpty() ? "no data block (data_<name>) found"
                    : "no data block lists atom sites (_atom_site_fract_x, _atom_site_label …)");
        }
        return out;
    }

    private Parsed structure(String file, CifBlock b, IngestLimits limits) throws FormatException, LimitExceeded {
        ObjectNode meta = Json.object();
        meta.put("data_block", b.name());
        ObjectNode cell = meta.putObject("cell");
        double[] p = new double[6];
        String[] cellTags = {"_cell_length_a", "_cell_length_b", "_cell_length_c", "_cell_angle_alpha", "_cell_angle_beta",
                "_cell_angle_gamma"};
        for (int i = 0; i < 6; i++) {
            CifValue v = b.first(cellTags[i]);
            if (v == null) {
                if (i >= 3) {
                    p[i] = 90; // CIF core dictionary default for angles
                    continue;
                }
                throw FormatException.atLine(file, b.line(), "data block " + b.name() + " has no " + cellTags[i]);
            }
            Measured m = number(file, v, cellTags[i]);
            p[i] = m.value();
            String key = cellTags[i].substring("_cell_".length());
            cell.put(key, m.value());
            if (m.hasUncertainty()) {
                cell.put(key + "_su", m.uncertainty());
            }
        }
        requireRealCell(file, b, p, cellTags);
        Lattice lattice = Lattice.fromParameters(p[0], p[1], p[2], p[3], p[4], p[5]);

        List<Candidate> candidates = operations(file, b, meta, p);
        List<AsymmetricSite> asym = asymmetricUnit(file, b);
        List<Site> sites = null;
        List<SymmetryOperation> ops = null;
        Candidate chosen = null;
        Composition declared = declaredFormula(b);
        boolean formulaDecided = false;
        boolean tie = false;
        for (Candidate c : candidates) {
            List<Site> expanded;
            try {
                expanded = CellExpansion.expand(lattice, asym, c.operations(), limits.maxSites());
            } catch (CellExpansion.TooManySites e) {
                if (candidates.size() > 1) {
                    continue; // a wrong origin multiplies sites; the other setting may fit
                }
                throw new LimitExceeded(file, null, "data block " + b.name() + " " + e.getMessage(), "--max-sites");
            }
            // Which origin choice the coordinates were written for: the one whose cell content has the declared
            // formula; else the one that puts the sites on the fewest positions (images of special positions coincide
            // only with the right origin); else, both fitting equally, choice 2, said to be assumed
            boolean fitsFormula = declared != null && new Structure(lattice, expanded).composition().reduced().almostEquals(declared, 1e-3);
            boolean better = sites == null || (fitsFormula && !formulaDecided) || (!formulaDecided && expanded.size() < sites.size());
            if (sites != null && !better && !formulaDecided && expanded.size() == sites.size()) {
                tie = true;
            }
            if (better) {
                tie = false;
                sites = expanded;
                ops = c.operations();
                chosen = c;
                formulaDecided = fitsFormula;
            }
        }
        if (sites == null) {
            throw new LimitExceeded(file, null, "data block " + b.name() + " expands beyond the site limit in every setting of its"
                    + " space group", "--max-sites");
        }
        if (chosen.setting() != null) {
            meta.put("space_group_setting", chosen.setting());
            if (candidates.size() > 1) {
                List<String> names = candidates.stream().map(Candidate::setting).toList();
                meta.put("space_group_setting_note", "the symbol does not say which of " + names + " is meant; " + chosen.setting()
                        + (formulaDecided ? " gives the declared formula (" + sites.size() + " sites)"
                        : tie ? " assumed: both settings give " + sites.size() + " sites and no formula decides"
                        : " puts the sites on the fewest positions (" + sites.size() + ")"));
            }
        }
        Structure structure = new Structure(lattice, sites);

        meta.put("symmetry_operations", ops.size());
        meta.put("asymmetric_sites", asym.size());
        meta.put("cell_sites", sites.size());
        meta.put("ordered", structure.ordered());
        text(b, meta, "formula_sum", "_chemical_formula_sum");
        text(b, meta, "formula_structural", "_chemical_formula_structural");
        text(b, meta, "chemical_name", "_chemical_name_systematic", "_chemical_name_common", "_chemical_name_mineral");
        text(b, meta, "database_code", "_cod_database_code", "_database_code_icsd", "_database_code_amcsd");
        text(b, meta, "journal", "_journal_name_full");
        text(b, meta, "publication_title", "_publ_section_title");
        text(b, meta, "doi", "_journal_paper_doi");
        Map<String, Quantity> props = new LinkedHashMap<>();
        CifValue z = b.first("_cell_formula_units_z");
        if (z != null) {
            meta.put("z", number(file, z, "_cell_formula_units_Z").value());
        }
        CifValue vol = b.first("_cell_volume");
        if (vol != null) {
            meta.put("reported_volume", number(file, vol, "_cell_volume").value());
        }
        CifValue temp = b.first("_cell_measurement_temperature", "_diffrn_ambient_temperature");
        if (temp != null && Measured.parse(temp.text()) != null) {
            props.put("measurement_temperature", Quantity.of(Measured.parse(temp.text()).value(), "K"));
        }
        props.put("volume", Quantity.of(lattice.volume(), "Å^3"));
        if (lattice.volume() > 1e-6) {
            double density = structure.density();
            meta.put("density", density);
            props.put("density", Quantity.of(density, "g/cm^3"));
        }
        CifValue dx = b.first("_exptl_crystal_density_diffrn");
        if (dx != null && Measured.parse(dx.text()) != null) {
            meta.put("reported_density", Measured.parse(dx.text()).value());
        }
        return new Parsed(EntryKind.STRUCTURE, b.name(), structure.composition(), List.of(), structure, props, meta);
    }

    /**
     * A cell that can exist: positive lengths, angles strictly between 0° and 180°, and angles that
     * close into a solid (1 − cos²α − cos²β − cos²γ + 2 cosα cosβ cosγ > 0; α = β = γ = 120° is flat).
     * A broken cell would be stored with a volume of 0 Å³ and an infinite density.
     */
    private static void requireRealCell(String file, CifBlock b, double[] p, String[] tags) throws FormatException {
        for (int i = 0; i < 3; i++) {
            if (!(p[i] > 0) || !Double.isFinite(p[i])) {
                throw FormatException.atLine(file, b.line(), "data block " + b.name() + ": " + tags[i] + " must be a positive length in Å, found "
                        + p[i]);
            }
        }
        for (int i = 3; i < 6; i++) {
            if (!(p[i] > 0 && p[i] < 180)) {
                throw FormatException.atLine(file, b.line(), "data block " + b.name() + ": " + tags[i]
                        + " must be an angle between 0° and 180°, found " + p[i]);
            }
        }
        double ca = Math.cos(Math.toRadians(p[3]));
        double cb = Math.cos(Math.toRadians(p[4]));
        double cg = Math.cos(Math.toRadians(p[5]));
        double gram = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
        if (!(gram > 1e-9)) {
            throw FormatException.atLine(file, b.line(), "data block " + b.name() + ": the cell angles α = " + p[3] + "°, β = " + p[4]
                    + "°, γ = " + p[5] + "° do not close into a cell (its volume would be 0 Å³)");
        }
    }

    /** Operations in one setting; {@code setting} names it when they were made from a symbol. */
    private record Candidate(String setting, List<SymmetryOperation> operations) {
        static List<Candidate> listed(List<SymmetryOperation> ops) {
            return List.of(new Candidate(null, ops));
        }
    }

    private List<Candidate> operations(String file, CifBlock b, ObjectNode meta, double[] cell) throws FormatException {
        CifValue hm = b.first("_space_group_name_h-m_alt", "_symmetry_space_group_name_h-m", "_space_group.name_h-m_alt");
        if (hm != null) {
            meta.put("space_group_hm", hm.text().strip());
        }
        CifValue hall = b.first("_space_group_name_hall", "_symmetry_space_group_name_hall");
        if (hall != null) {
            meta.put("space_group_hall", hall.text().strip());
        }
        CifValue num = b.first("_space_group_it_number", "_symmetry_int_tables_number", "_space_group.it_number");
        int number = 0;
        if (num != null) {
            double declared = number(file, num, "_space_group_IT_number").value();
            number = (int) Math.round(declared);
            if (number != declared || number < 1 || number > CrystalSystem.SPACE_GROUPS) {
                throw FormatException.atLine(file, num.line(), "_space_group_IT_number " + num.text().strip()
                        + " is not a space-group number (a whole number from 1 to " + CrystalSystem.SPACE_GROUPS + ")");
            }
            meta.put("space_group_number", number);
        } else if (hm != null) {
            // the symbol alone still says which group it is, so that the entry can be found by its number
            List<Integer> named = SpaceGroups.byHermannMauguin(hm.text(), monoclinicUniqueAxis(cell)).stream()
                    .map(SpaceGroupSetting::number).distinct().toList();
            if (named.size() == 1) {
                meta.put("space_group_number", named.get(0));
            }
        }
        for (String tag : OPS_TAGS) {
            List<CifValue> col = b.column(tag);
            if (!col.isEmpty()) {
                // the same operation written twice (or shifted by a whole cell) adds nothing but work
                Map<String, SymmetryOperation> distinct = new LinkedHashMap<>();
                for (CifValue v : col) {
                    SymmetryOperation op;
                    try {
                        op = SymmetryOperation.parse(v.text());
                    } catch (IllegalArgumentException e) {
                        throw FormatException.atLine(file, v.line(), tag + ": " + e.getMessage());
                    }
                    distinct.putIfAbsent(op.key(), op);
                    if (distinct.size() > MAX_OPERATIONS) {
                        throw FormatException.atLine(file, v.line(), tag + ": more than " + MAX_OPERATIONS + " distinct"
                                + " operations; a space group has at most 192 (magnetic groups twice that)");
                    }
                }
                return Candidate.listed(List.copyOf(distinct.values()));
            }
        }
        boolean p1 = number == 1 || (hm != null && hm.text().replace(" ", "").equalsIgnoreCase("P1"));
        if (p1 || (number == 0 && hm == null && hall == null)) {
            return Candidate.listed(List.of(SymmetryOperation.IDENTITY));
        }
        // no operations listed: make them from the symbol (Hall first: it fixes the origin)
        if (hall != null) {
            try {
                List<SymmetryOperation> ops = HallSymbol.operations(hall.text());
                meta.put("symmetry_from", "Hall symbol (operations generated)");
                return List.of(new Candidate(hall.text().strip(), ops));
            } catch (IllegalArgumentException e) {
                throw FormatException.atLine(file, hall.line(), "_space_group_name_Hall: " + e.getMessage());
            }
        }
        List<SpaceGroupSetting> settings = hm != null ? SpaceGroups.byHermannMauguin(hm.text(), monoclinicUniqueAxis(cell))
                : SpaceGroups.byNumber(number);
        if (settings.isEmpty() && hm != null && number > 0) {
            settings = SpaceGroups.byNumber(number);
        }
        if (settings.isEmpty()) {
            CifValue at = hm != null ? hm : num;
            throw FormatException.atLine(file, at.line(), "data block " + b.name() + " names space group "
                    + (hm != null ? "'" + hm.text().strip() + "'" : "number " + number)
                    + ", which is not a Hermann–Mauguin symbol or IT number this reader knows, and lists no symmetry"
                    + " operations (_space_group_symop_operation_xyz or _symmetry_equiv_pos_as_xyz)");
        }
        if (number > 0 && settings.get(0).number() != number) {
            throw FormatException.atLine(file, hm.line(), "data block " + b.name() + ": the symbol '" + hm.text().strip()
                    + "' is space group " + settings.get(0).number() + " but _space_group_IT_number says " + number);
        }
        meta.put("symmetry_from", "space-group symbol (operations generated from the Hall symbol of its setting)");
        // hexagonal or rhombohedral axes: the cell says which (a = b and γ = 120° is the hexagonal cell)
        boolean hexagonal = Math.abs(cell[0] - cell[1]) < 1e-3 * cell[0] && Math.abs(cell[5] - 120) < 0.01;
        if (settings.stream().anyMatch(x -> x.qualifier().equals("H")) && settings.stream().anyMatch(x -> x.qualifier().equals("R"))) {
            String axes = hexagonal ? "H" : "R";
            settings = settings.stream().filter(x -> x.qualifier().equals(axes)).toList();
        }
        // of two origin choices, choice 2 (ICSD's and most programs') is tried first and kept when both fit equally
        settings = settings.stream().sorted(Comparator.comparingInt((SpaceGroupSetting x) -> x.qualifier().equals("2") ? 0 : 1))
                .toList();
        return settings.stream().map(x -> new Candidate(x.label(), x.operations())).toList();
    }

    /** 0, 1 or 2 when exactly one cell angle (α, β or γ) is not 90°, i.e. the cell shows a monoclinic unique axis; else −1. */
    static int monoclinicUniqueAxis(double[] cell) {
        int axis = -1;
        for (int k = 0; k < 3; k++) {
            if (Math.abs(cell[3 + k] - 90) > 0.01) {
                if (axis >= 0) {
                    return -1;
                }
                axis = k;
            }
        }
        return axis;
    }

    private List<AsymmetricSite> asymmetricUnit(String file, CifBlock b) throws FormatException {
        List<CifValue> labels = b.column("_atom_site_label");
        List<CifValue> types = b.column("_atom_site_type_symbol");
        List<CifValue> xs = b.column("_atom_site_fract_x");
        List<CifValue> ys = b.column("_atom_site_fract_y");
        List<CifValue> zs = b.column("_atom_site_fract_z");
        List<CifValue> occ = b.column("_atom_site_occupancy");
        int line = !labels.isEmpty() ? labels.get(0).line() : !types.isEmpty() ? types.get(0).line() : b.line();
        if (xs.isEmpty() || ys.isEmpty() || zs.isEmpty()) {
            String missing = xs.isEmpty() ? "_atom_site_fract_x" : ys.isEmpty() ? "_atom_site_fract_y" : "_atom_site_fract_z";
            String cart = b.has("_atom_site_cartn_x") ? " (Cartesian _atom_site_Cartn_* coordinates are not supported)" : "";
            throw FormatException.atLine(file, line, "data block " + b.name() + " lists atom sites without " + missing + cart);
        }
        int n = xs.size();
        List<AsymmetricSite> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if ((i & 1023) == 0) {
                ReadBudget.check();
            }
            CifValue labelV = i < labels.size() ? labels.get(i) : null;
            CifValue typeV = i < types.size() ? types.get(i) : null;
            String label = labelV != null && !labelV.missing() ? labelV.text() : typeV != null ? typeV.text() : "site" + (i + 1);
            Element e = element(typeV != null && !typeV.missing() ? typeV.text() : label).orElse(null);
            if (e == null) {
                e = element(label).orElse(null);
            }
            int at = xs.get(i).line();
            if (e == null) {
                throw FormatException.atLine(file, at, "atom site " + label + ": no element recognised in '"
                        + (typeV != null ? typeV.text() : label) + "'");
            }
            double[] f = {coordinate(file, xs.get(i), "_atom_site_fract_x", label), coordinate(file, ys.get(i), "_atom_site_fract_y", label),
                    coordinate(file, zs.get(i), "_atom_site_fract_z", label)};
            double o = 1;
            if (i < occ.size() && !occ.get(i).missing()) {
                o = number(file, occ.get(i), "_atom_site_occupancy").value();
                if (o <= 0 || o > 1.0001) {
                    throw FormatException.atLine(file, occ.get(i).line(), "atom site " + label + ": occupancy " + o + " is outside (0, 1]");
                }
            }
            out.add(new AsymmetricSite(label, Map.of(e, Math.min(o, 1.0)), f));
        }
        return out;
    }

    /** The reduced {@code _chemical_formula_sum} ("Mg Al2 O4"), or null when absent or not a formula. */
    private static Composition declaredFormula(CifBlock b) {
        CifValue f = b.first("_chemical_formula_sum");
        if (f == null) {
            return null;
        }
        try {
            return Composition.parse(f.text().replace(" ", "")).reduced();
        } catch (RuntimeException e) {
            return null; // a formula with charges or words: not used to choose a setting
        }
    }

    private double coordinate(String file, CifValue v, String tag, String label) throws FormatException {
        if (!v.quoted() && v.text().equals(".")) {
            // ICSD writes "." (inapplicable: the coordinate is fixed by symmetry) for a zero coordinate
            return 0;
        }
        if (v.missing()) {
            throw FormatException.atLine(file, v.line(), "atom site " + label + ": " + tag + " is unknown ('" + v.text() + "')");
        }
        return number(file, v, tag).value();
    }

    /** The element in a type symbol or label: "Fe3+" → Fe, "O2-" → O, "Ca1a" → Ca, "FE" → Fe. */
    static Optional<Element> element(String symbol) {
        String s = symbol.strip();
        int i = 0;
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        String letters = s.substring(0, i);
        if (letters.isEmpty()) {
            return Optional.empty();
        }
        if (letters.length() >= 2) {
            String two = Character.toUpperCase(letters.charAt(0)) + letters.substring(1, 2).toLowerCase(Locale.ROOT);
            Optional<Element> e = Elements.bySymbol(two);
            if (e.isPresent()) {
                return e;
            }
        }
        String one = String.valueOf(Character.toUpperCase(letters.charAt(0)));
        if (one.equals("D") || one.equals("T")) {
            return Elements.bySymbol("H"); // deuterium, tritium
        }
        return Elements.bySymbol(one);
    }

    private static Measured number(String file, CifValue v, String tag) throws FormatException {
        Measured m = Measured.parse(v.text());
        if (m == null) {
            throw FormatException.atLine(file, v.line(), tag + ": expected a number, found '" + v.text() + "'");
        }
        return m;
    }

    private static void text(CifBlock b, ObjectNode meta, String key, String... tags) {
        CifValue v = b.first(tags);
        if (v != null) {
            meta.put(key, v.text().strip());
        }
    }
}
