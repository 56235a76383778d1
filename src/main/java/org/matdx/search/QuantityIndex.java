package org.matdx.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.matdx.core.Dimension;
import org.matdx.core.Problem;
import org.matdx.core.UnitException;
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

    /** Converts every unit in use that has no conversion yet; returns how many it added. */
    public int syncUnits() {
        List<String> missing = db.read(h -> h.createQuery("""
                        SELECT DISTINCT pu.unit FROM property_units pu
                        WHERE NOT EXISTS (SELECT 1 FROM unit_conversions u WHERE u.unit = pu.unit)""")
                .mapTo(String.class).list());
        if (missing.isEmpty()) {
            return 0;
        }
        db.run(h -> {
            for (String unit : missing) {
                Double factor = null;
                double offset = 0;
                String dimension = null;
                String problem = null;
                try {
                    Units.Unit u = Units.parse(unit);
                    factor = u.factor();
                    offset = u.offset();
                    dimension = u.dimension().baseForm();
                } catch (UnitException e) {
                    problem = e.getMessage();
                    LOG.warn("Property values in unit '{}' cannot be range-searched: {}", unit, problem);
                }
                int added = h.createUpdate("""
                                INSERT INTO unit_conversions (unit, factor, offset_si, dimension, problem)
                                VALUES (:unit, :factor, :offset, :dimension, :problem) ON CONFLICT DO NOTHING""")
                        .bind("unit", unit).bind("factor", factor).bind("offset", offset)
                        .bind("dimension", dimension).bind("problem", problem).execute();
                if (added > 0 && factor != null) {
                    h.createUpdate("""
                                    UPDATE entry_quantities SET value_si = value * :factor + :offset, dimension = :dimension
                                    WHERE unit = :unit AND value_si IS NULL""")
                            .bind("factor", factor).bind("offset", offset).bind("dimension", dimension)
                            .bind("unit", unit).execute();
                }
            }
        });
        return missing.size();
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
         * The unit a condition on {@code property} means when it gives none: the property's unit
         * when all its values are stored in one, dimensionless when it has none, otherwise a 400
         * problem (a bare "3" could mean 3 eV or 3 meV).
         */
        public Units.Unit defaultUnit(String property, String field) {
            Set<String> names = new LinkedHashSet<>();
            for (StoredUnit u : units(property)) {
                if (u.dimension() != null) {
                    names.add(u.unit());
                }
            }
            if (names.isEmpty()) {
                return Units.Unit.DIMENSIONLESS;
            }
            if (names.size() == 1) {
                return Units.parse(names.iterator().next());
            }
            throw Problem.invalid(field, "'" + property + "' is stored in several units (" + String.join(", ", names)
                    + "); give one, e.g. " + property + ">3 " + names.iterator().next());
        }

        /** The dimension of a property's values when they all share one (for sorting), else a 400 problem. */
        public Dimension dimension(String property, String field) {
            Set<Dimension> dims = new LinkedHashSet<>();
            for (StoredUnit u : units(property)) {
                if (u.dimension() != null) {
                    dims.add(u.dimension());
                }
            }
            if (dims.size() > 1) {
                throw Problem.invalid(field, "'" + property + "' is stored in units of different kinds ("
                        + String.join(", ", units(property).stream().map(StoredUnit::unit).toList()) + "); it cannot be sorted");
            }
            return dims.isEmpty() ? Dimension.NONE : dims.iterator().next();
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
