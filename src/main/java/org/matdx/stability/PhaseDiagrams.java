package org.matdx.stability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Visibility;
import org.matdx.core.Caller;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.Units;
import org.matdx.store.Database;
import org.matdx.store.SqlFilter;

/**
 * Phase diagrams of a chemical system from the entries a caller may read: every entry whose
 * elements lie within the system and that has a formation energy per atom (any unit of energy per
 * amount: eV/atom, kJ/mol, …) is placed against the convex hull ({@link ConvexHull}). The hull is
 * the caller's: an entry they may not read (private, embargoed, model-use-only) neither appears
 * nor moves another entry's energy above the hull, so nothing about hidden rows can be inferred
 * from the figures (PhaseDiagramApiTest).
 */
public final class PhaseDiagrams {
    public static final String PROPERTY = "formation_energy_per_atom";
    public static final int MAX_ELEMENTS = 6;
    /** More entries than this in one system are refused with a message rather than computed slowly. */
    public static final int MAX_ENTRIES = 5_000;

    private final Database db;
    private final AccessPolicy policy;

    public PhaseDiagrams(Database db, AccessPolicy policy) {
        this.db = db;
        this.policy = policy;
    }

    /** An entry placed against the hull; energies in eV/atom. */
    public record Phase(UUID entry, String title, String formula, double formationEnergy, double eAboveHull, boolean stable,
                        double decompositionEnergy, List<Part> decomposition, double[] fractions) {
    }

    /** Part of a decomposition: an entry (null for an element) and its fraction of atoms. */
    public record Part(UUID entry, String formula, double fraction) {
    }

    /** The diagram: the system's elements in the order given and every phase, the hull first, then by energy above it. */
    public record Diagram(List<String> elements, List<Phase> phases) {
        public List<Phase> stable() {
            return phases.stream().filter(Phase::stable).toList();
        }
    }

    /** Reads {@code system} ("Li-Fe-O") into its elements; a 400 naming the field otherwise. */
    public static List<Element> elements(String system) {
        if (system == null || system.isBlank()) {
            throw Problem.invalid("system", "give a chemical system, e.g. Li-Fe-O");
        }
        if (system.length() > 64) {
            throw Problem.invalid("system", "a chemical system of at most " + MAX_ELEMENTS + " elements, e.g. Li-Fe-O");
        }
        Set<Element> out = new LinkedHashSet<>();
        for (String s : system.strip().split("\\s*-\\s*")) {
            Element e = Elements.bySymbol(s).orElseThrow(() -> Problem.invalid("system", "'" + s + "' is not an element symbol"));
            if (!out.add(e)) {
                throw Problem.invalid("system", s + " appears twice");
            }
        }
        if (out.size() < 2 || out.size() > MAX_ELEMENTS) {
            throw Problem.invalid("system", "a phase diagram needs 2 to " + MAX_ELEMENTS + " elements, got " + out.size());
        }
        return List.copyOf(out);
    }

    public Diagram of(Caller caller, String system) {
        List<Element> elements = elements(system);
        String[] symbols = elements.stream().map(Element::symbol).toArray(String[]::new);
        SqlFilter visible = policy.datasetFilter(caller, "d", Visibility.FULL);
        record Row(UUID id, String title, String formula, String composition, double value, String unit) {
        }
        List<Row> rows = db.read(h -> h.createQuery("""
                        SELECT e.id, e.title, e.reduced_formula, e.composition::text AS composition, q.value, q.unit
                        FROM entries e
                        JOIN datasets d ON d.id = e.dataset_id
                        JOIN entry_quantities q ON q.entry_id = e.id AND q.name = :property
                        WHERE e.elements <@ CAST(:elements AS text[]) AND e.nelements > 0 AND e.outcome = 'succeeded'
                          AND (""" + visible.sql() + """
                        )
                        ORDER BY e.id
                        LIMIT :limit""")
                .bind("property", PROPERTY).bind("elements", symbols).bind("limit", MAX_ENTRIES + 1)
                .bindMap(visible.params())
                .map((rs, ctx) -> new Row(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("reduced_formula"),
                        rs.getString("composition"), rs.getDouble("value"), rs.getString("unit")))
                .list());
        if (rows.size() > MAX_ENTRIES) {
            throw Problem.invalid("system", "more than " + MAX_ENTRIES + " entries with a formation energy lie in " + system
                    + "; a phase diagram of so many is not computed here");
        }
        List<ConvexHull.Point> points = new ArrayList<>();
        List<Row> kept = new ArrayList<>();
        for (Row r : rows) {
            Map<Element, Double> fractions;
            double energy;
            try {
                fractions = Json.composition(Json.read(r.composition())).atomicFractions();
                if (!Units.sameDimension(r.unit(), "eV/atom")) {
                    continue; // an energy per something else (per formula unit, per gram) is not on this diagram
                }
                energy = Units.convert(r.value(), r.unit(), "eV/atom");
            } catch (RuntimeException unreadable) {
                continue; // a stored composition or unit this version cannot read is left out, as everywhere (store.BadRows)
            }
            if (!Double.isFinite(energy)) {
                continue;
            }
            double[] x = new double[elements.size()];
            for (int k = 0; k < x.length; k++) {
                x[k] = fractions.getOrDefault(elements.get(k), 0.0);
            }
            points.add(new ConvexHull.Point(x, energy));
            kept.add(r);
        }
        List<ConvexHull.Position> positions = ConvexHull.positions(elements.size(), points);
        List<Phase> phases = new ArrayList<>();
        // the hull first, then by distance above it, as a reader scans such a table
        for (int i = 0; i < kept.size(); i++) {
            Row r = kept.get(i);
            ConvexHull.Position p = positions.get(i);
            List<Part> parts = new ArrayList<>();
            for (ConvexHull.Share s : p.decomposition()) {
                parts.add(s.point() < kept.size()
                        ? new Part(kept.get(s.point()).id(), kept.get(s.point()).formula(), s.fraction())
                        : new Part(null, symbols[s.point() - kept.size()], s.fraction()));
            }
            phases.add(new Phase(r.id(), r.title(), r.formula(), points.get(i).energy(), p.eAboveHull(), p.vertex(),
                    p.decompositionEnergy(), List.copyOf(parts), points.get(i).fractions()));
        }
        phases.sort(Comparator.comparingDouble(Phase::eAboveHull).thenComparingDouble(Phase::formationEnergy));
        return new Diagram(List.of(symbols), List.copyOf(phases));
    }
}
