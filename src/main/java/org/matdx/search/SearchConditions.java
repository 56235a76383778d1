package org.matdx.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Visibility;
import org.matdx.core.Caller;
import org.matdx.core.ConventionalUnits;
import org.matdx.core.Dimension;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.Units;
import org.matdx.query.ChemicalSystems;
import org.matdx.query.Condition;
import org.matdx.query.Condition.Value;
import org.matdx.query.ElementKeys;
import org.matdx.query.Expr;
import org.matdx.query.Field;
import org.matdx.query.NumericField;
import org.matdx.query.QuantityIndex;
import org.matdx.search.SearchQuery.PropertyCondition;
import org.matdx.store.Database;

/**
 * A native search's conditions as the query engine's {@link Condition} records: composition,
 * formulas, text, datasets, kinds, space groups, samples, dates, owners and groups
 * ({@link #of}), and numeric properties in the units asked ({@link #property}). Whatever reads
 * another dataset's rows (samples, full text over data) carries the access policy's filter.
 */
final class SearchConditions {
    private static final Expr ELEMENTS = Field.expr("elements");
    private static final Expr ELEMENT_KEYS = Field.expr("element_keys");

    private final AccessPolicy policy;

    SearchConditions(AccessPolicy policy) {
        this.policy = policy;
    }

    /** The search's conditions besides the access policy's and its numeric properties'. */
    List<Condition> of(Database db, Caller caller, SearchQuery q) {
        List<Condition> c = new ArrayList<>();
        if (q.elementsAll().size() > 1) {
            // pairs of elements are keys of the composition index, with far shorter lists than O's (V36)
            c.add(new Condition.ListOp(ELEMENT_KEYS, "@>", Value.texts(ElementKeys.coveringAll(q.elementsAll())), false));
        } else if (!q.elementsAll().isEmpty()) {
            c.add(new Condition.ListOp(ELEMENTS, "@>", Value.texts(q.elementsAll()), false));
        }
        if (!q.elementsAny().isEmpty()) {
            c.add(new Condition.ListOp(ELEMENTS, "&&", Value.texts(q.elementsAny()), false));
        }
        if (!q.elementsOnly().isEmpty()) {
            // the chemical systems those elements make: a B-tree lookup instead of a GIN scan with recheck
            c.add(ChemicalSystems.within(q.elementsOnly())
                    .<Condition>map(systems -> new Condition.ChemicalSystemIn(systems, false))
                    .orElse(new Condition.And(List.of(new Condition.ListOp(ELEMENTS, "<@", Value.texts(q.elementsOnly()), false),
                            Condition.Compare.plain(Field.expr("nelements"), ">", new Value.Whole(0))), false)));
        }
        if (!q.elementsExclude().isEmpty()) {
            c.add(new Condition.Not(new Condition.ListOp(ELEMENTS, "&&", Value.texts(q.elementsExclude()), false), false));
        }
        if (q.chemicalSystem() != null) {
            c.add(Condition.Compare.plain(Field.expr("chemical_system"), "=", Value.of(q.chemicalSystem())));
        }
        if (q.reducedFormula() != null) {
            c.add(Condition.Compare.plain(Field.expr("formula"), "=", Value.of(q.reducedFormula())));
        }
        if (q.anonymousFormula() != null) {
            c.add(Condition.Compare.plain(Field.expr("anonymous_formula"), "=", Value.of(q.anonymousFormula())));
        }
        if (q.nelements() != null) {
            if (q.nelements().min() != null) {
                c.add(Condition.Compare.plain(Field.expr("nelements"), ">=", Value.of(q.nelements().min())));
            }
            if (q.nelements().max() != null) {
                c.add(Condition.Compare.plain(Field.expr("nelements"), "<=", Value.of(q.nelements().max())));
            }
        }
        if (q.text() != null) {
            // datasets whose title or description match: looked up first, so the planner sees the list
            List<UUID> described = db.read(h -> h.createQuery("SELECT id FROM datasets WHERE search_text @@ "
                    + "websearch_to_tsquery('simple', :t)").bind("t", q.text()).mapTo(UUID.class).list());
            c.add(new Condition.FullText(q.text(), described, policy.datasetFilter(caller, "d", Visibility.FULL)));
        }
        if (!q.datasets().isEmpty()) {
            c.add(Condition.Compare.plain(Field.expr("dataset"), "=", new Value.Any(Value.of(q.datasets().toArray(new UUID[0])))));
        }
        oneOf(c, "kind", q.kinds());
        oneOf(c, "template", q.templates());
        oneOf(c, "instrument", q.instruments());
        if (!q.spaceGroups().isEmpty()) {
            Expr sg = Field.expr("space_group");
            List<Condition> any = new ArrayList<>();
            for (SearchQuery.IntRange r : q.spaceGroups()) {
                any.add(r.min().equals(r.max()) ? Condition.Compare.plain(sg, "=", Value.of(r.min()))
                        : new Condition.Between(sg, Value.of(r.min()), Value.of(r.max()), false));
            }
            c.add(any.size() == 1 ? any.get(0) : new Condition.Or(any));
        }
        if (!q.samples().isEmpty()) {
            List<UUID> ids = new ArrayList<>();
            for (String x : q.samples()) {
                UUID id = Ids.parseOrNull(x);
                if (id != null) {
                    ids.add(id);
                }
            }
            // only samples the caller may see: a link to one they may not is not shown, so nor may it be searched
            c.add(new Condition.SampleIn(ids, q.samples(), policy.datasetFilter(caller, "sd", Visibility.METADATA)));
        }
        oneOf(c, "outcome", q.outcomes());
        if (q.createdFrom() != null) {
            c.add(Condition.Compare.plain(Field.expr("created_at"), ">=", Value.of(q.createdFrom())));
        }
        if (q.createdBefore() != null) {
            c.add(Condition.Compare.plain(Field.expr("created_at"), "<", Value.of(q.createdBefore())));
        }
        if (!q.owners().isEmpty()) {
            c.add(new Condition.OwnerIn(q.owners()));
        }
        if (!q.groups().isEmpty()) {
            c.add(new Condition.GroupIn(q.groups()));
        }
        return c;
    }

    /**
     * {@code column = value}, or {@code = ANY(values)} for several. One value is written as plain
     * equality: PostgreSQL then reads an index such as (outcome, created_at, id) in its order for
     * the newest failed runs, which it does not do for {@code = ANY} of a one-element array (it
     * walked every entry by date instead: 40 ms for {@code outcome=failed&elements=Fe}).
     */
    private static void oneOf(List<Condition> c, String column, List<String> values) {
        if (!values.isEmpty()) {
            Expr x = Field.expr(column);
            c.add(Condition.Compare.plain(x, "=", values.size() == 1 ? Value.of(values.get(0)) : new Value.Any(Value.texts(values))));
        }
    }

    /**
     * @param probe test the property per candidate entry (a primary-key lookup; {@code OFFSET 0}
     *              keeps PostgreSQL from joining every value of the property first, which its often
     *              wrong estimates favour) rather than as a semi-join driven by the range index
     */
    Condition property(PropertyCondition c, QuantityIndex.PropertyUnits units, boolean probe) {
        Optional<NumericField> column = NumericField.byName(c.name());
        if (column.isPresent()) {
            NumericField f = column.get();
            Units.Unit fieldUnit = Units.parse(f.unit());
            Units.Unit given = c.unit() == null ? fieldUnit : c.unit();
            if (!given.compatible(fieldUnit)) {
                throw Problem.invalid("property", "'" + c.name() + "' is " + fieldUnit.dimension().describe() + " ("
                        + (f.unit().isEmpty() ? "no unit" : f.unit()) + "); '" + given.text() + "' measures "
                        + given.dimension().describe());
            }
            double v = Units.convert(c.value(), given, fieldUnit);
            Double hi = c.upper() == null ? null : Units.convert(c.upper(), given, fieldUnit);
            return c.compare(new Expr(f.sql(), f.narrow()), v, hi, true);
        }
        if (c.unit() != null) {
            units.requireCompatible(c.name(), c.unit(), "property");
            return quantityCondition(c, c.unit(), probe);
        }
        // a bare number is read in the conventional unit of each dimension the property is stored in
        // (3 is 3 eV for energies, 3 K for temperatures): what it means never depends on other data
        List<Dimension> dims = units.dimensions(c.name());
        List<Condition> each = new ArrayList<>();
        for (Dimension d : dims.isEmpty() ? List.of(Dimension.NONE) : dims) {
            each.add(quantityCondition(c, ConventionalUnits.of(d).unit(), probe));
        }
        return each.size() == 1 ? each.get(0) : new Condition.Or(each);
    }

    private static Condition quantityCondition(PropertyCondition c, Units.Unit unit, boolean probe) {
        double v = unit.toSi(c.value());
        Double hi = c.upper() == null ? null : unit.toSi(c.upper());
        return new Condition.Quantity(c.name(), unit.dimension().baseForm(), c.compare(Expr.QUANTITY_VALUE, v, hi, false), probe);
    }
}
