package org.matdx.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Dimension;
import org.matdx.core.Problem;
import org.matdx.core.Units;
import org.matdx.store.Database;
import org.matdx.store.SqlFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numeric properties as a searchable index: each entry's properties are copied by a database
 * trigger into {@code entry_quantities} with their value in coherent SI units, so that
 * "band gap above 3 eV" finds values stored in eV, meV or J alike, through one B-tree range.
 *
 * <p>The SQL trigger looks conversions up in {@code unit_conversions}; this class fills that
 * table from {@link Units} for every unit in use ({@link #syncUnits}) — at start-up and before
 * each query on properties — and back-fills the SI values of rows stored before their unit was
 * known. A unit MatDX cannot read is recorded with its problem and its values stay out of range
 * queries (they are still shown with the entry).
 */
public final class QuantityIndex {
    private static final Logger LOG = LoggerFactory.getLogger(QuantityIndex.class);
    private final Database db;

    public QuantityIndex(Database db) {
        this.db = db;
    }

    /**
     * Converts every unit in use that has no conversion yet; returns how many it added. Values are
     * converted in SQL's exact numeric arithmetic; one whose SI form is out of range stays out of
     * the index and is listed in {@code quantity_problems}. A unit that still cannot be indexed is
     * logged and left for the next call: nothing stored can make this, or start-up, fail.
     */
    public int syncUnits() {
        List<String> missing = db.read(h -> h.createQuery("""
                        SELECT DISTINCT pu.unit FROM property_units pu
                        WHERE NOT EXISTS (SELECT 1 FROM unit_conversions u WHERE u.unit = pu.unit)""")
                .mapTo(String.class).list());
        int added = 0;
        for (String unit : missing) {
            try {
                db.run(h -> addUnit(h, unit));
                added++;
            } catch (RuntimeException e) {
                LOG.error("Property values in unit '{}' could not be indexed and stay out of range searches", unit, e);
            }
        }
        return added;
    }

    private static void addUnit(Handle h, String unit) {
        Double factor = null;
        double offset = 0;
        String dimension = null;
        String problem = null;
        try {
            Units.Unit u = Units.parse(unit);
            factor = u.factor();
            offset = u.offset();
            dimension = u.dimension().baseForm();
        } catch (RuntimeException e) { // a UnitException, or anything else a unit's text could provoke
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("Property values in unit '{}' cannot be range-searched: {}", unit, problem);
        }
        int added = h.createUpdate("""
                        INSERT INTO unit_conversions (unit, factor, offset_si, dimension, problem)
                        VALUES (:unit, :factor, :offset, :dimension, :problem) ON CONFLICT DO NOTHING""")
                .bind("unit", unit).bind("factor", factor).bind("offset", offset)
                .bind("dimension", dimension).bind("problem", problem).execute();
        if (added > 0 && factor != null) {
            h.createUpdate("""
                            WITH converted AS (
                                UPDATE entry_quantities q SET value_si = c.si, dimension = CASE WHEN c.si IS NOT NULL THEN :dimension END
                                FROM (SELECT entry_id, name, matdx_si(value::numeric, :factor, :offset) AS si FROM entry_quantities
                                      WHERE unit = :unit AND value_si IS NULL) AS c
                                WHERE q.entry_id = c.entry_id AND q.name = c.name
                                RETURNING q.entry_id, q.name, q.value, q.unit, q.value_si)
                            INSERT INTO quantity_problems (entry_id, name, value, unit, problem)
                            SELECT entry_id, name, matdx_number_text(value::numeric), unit, 'out of range in SI' FROM converted WHERE value_si IS NULL
                            ON CONFLICT DO NOTHING""")
                    .bind("factor", factor).bind("offset", offset).bind("dimension", dimension)
                    .bind("unit", unit).execute();
        }
    }

    /**
     * Logs the property values kept out of the range index because they are out of range (as
     * stored, or in SI), with their entries, so that an operator can correct them; returns how many.
     */
    public long reportProblems() {
        long n = db.read(h -> h.createQuery("SELECT count(*) FROM quantity_problems").mapTo(Long.class).one());
        if (n > 0) {
            List<String> some = db.read(h -> h.createQuery("""
                            SELECT entry_id::text || ' ' || name || ' = ' || value || ' ' || unit || ' (' || problem || ')'
                            FROM quantity_problems ORDER BY entry_id, name LIMIT 20""")
                    .mapTo(String.class).list());
            LOG.warn("{} property value(s) are out of the range MatDX indexes (zero or 1e-150 to 1e150, in SI too) and are "
                    + "not found by range searches; correct them: {}{}", n, String.join("; ", some), n > some.size() ? "; …" : "");
        }
        return n;
    }

    /** A unit a property is stored in, with its dimension (null when the unit cannot be read). */
    public record StoredUnit(String unit, Dimension dimension, String problem) {
    }

    /**
     * The numeric properties of the datasets a caller may read (alias {@code d} in the filter),
     * with the units their values are stored in. Names from other datasets are not listed: a
     * property name can itself say something about unpublished work.
     */
    public PropertyUnits visible(SqlFilter datasets) {
        syncUnits();
        return indexed(datasets);
    }

    /**
     * {@link #visible} without first indexing units met for the first time: for a caller that has
     * just called {@link #syncUnits} itself (and must know whether it wrote: a search that did
     * reads the primary, not a replica that has not replayed it yet).
     */
    public PropertyUnits indexed(SqlFilter datasets) {
        Map<String, List<StoredUnit>> m = new LinkedHashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT DISTINCT pu.name, pu.unit, u.dimension, u.problem FROM property_units pu
                        JOIN datasets d ON d.id = pu.dataset_id
                        LEFT JOIN unit_conversions u ON u.unit = pu.unit
                        WHERE """ + "(" + datasets.sql() + ")" + " ORDER BY pu.name, pu.unit")
                .bindMap(datasets.params())
                .map((rs, ctx) -> {
                    String dim = rs.getString("dimension");
                    m.computeIfAbsent(rs.getString("name"), k -> new ArrayList<>()).add(new StoredUnit(rs.getString("unit"),
                            dim == null ? null : Dimension.parseBaseForm(dim), rs.getString("problem")));
                    return 0;
                }).list());
        return new PropertyUnits(m);
    }

    /** Property name → the units its values are stored in, as one caller may know them. */
    public record PropertyUnits(Map<String, List<StoredUnit>> byName) {
        public List<StoredUnit> units(String property) {
            return byName.getOrDefault(property, List.of());
        }

        public boolean contains(String property) {
            return byName.containsKey(property);
        }

        /**
         * The dimensions {@code property}'s values are stored in, as far as this caller can see,
         * in the order of their SI base forms. Values of different dimensions are different
         * quantities that share a name: each is compared, sorted and served in its own dimension's
         * {@link org.matdx.core.ConventionalUnits conventional unit}, so nothing stored by anyone
         * else changes what a value means (issue 18).
         */
        public List<Dimension> dimensions(String property) {
            TreeMap<String, Dimension> dims = new TreeMap<>();
            for (StoredUnit u : units(property)) {
                if (u.dimension() != null) {
                    dims.put(u.dimension().baseForm(), u.dimension());
                }
            }
            return List.copyOf(dims.values());
        }

        /**
         * Checks that a unit can be compared with a property's values; a 400 problem naming the
         * property's units otherwise (e.g. a band gap asked for in kelvin).
         */
        public void requireCompatible(String property, Units.Unit unit, String field) {
            List<StoredUnit> units = units(property);
            if (units.isEmpty()) {
                return;
            }
            for (StoredUnit u : units) {
                if (unit.dimension().equals(u.dimension())) {
                    return;
                }
            }
            List<String> stored = units.stream().filter(u -> u.dimension() != null)
                    .map(u -> (u.unit().isEmpty() ? "no unit" : u.unit()) + " (" + u.dimension().describe() + ")").toList();
            throw Problem.invalid(field, "'" + property + "' is stored in " + String.join(", ", stored) + "; "
                    + (unit.text().isEmpty() ? "a number without a unit" : "'" + unit.text() + "'") + " measures "
                    + unit.dimension().describe());
        }
    }
}
