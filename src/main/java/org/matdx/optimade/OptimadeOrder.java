package org.matdx.optimade;

import java.util.ArrayList;
import java.util.List;
import org.matdx.optimade.PropertyDef.Access;
import org.matdx.optimade.PropertyDef.Type;
import org.matdx.query.PageOrder;
import org.matdx.query.Sql;

/**
 * OPTIMADE's {@code sort=} as an offset order of the query engine ({@link PageOrder.Keys}): each
 * sortable property's expression (text in byte order, numeric entry properties in SI), unknown
 * values last; ties are broken by the id (always last), so pages neither skip nor repeat entries.
 * Another database's fields are ignored with a warning; anything else unsortable is a 400.
 */
final class OptimadeOrder {
    private OptimadeOrder() {
    }

    static PageOrder.Keys of(EntryType t, List<String> sort, Sql sql, List<String> warnings) {
        String alias = t.name().equals("structures") ? "e" : "r";
        List<PageOrder.Key> keys = new ArrayList<>();
        for (String s : sort) {
            boolean desc = s.startsWith("-");
            String name = desc ? s.substring(1) : s;
            PropertyDef def = t.properties().get(name);
            if (def == null) {
                var m = OptimadeRows.PROVIDER_FIELD.matcher(name);
                if (m.matches() && !m.group(1).equals(FilterSql.PREFIX)) {
                    warnings.add("sort field " + name + " belongs to another database; it was ignored");
                    continue;
                }
                throw OptimadeException.badRequest("sort", "cannot sort by '" + name + "': it is not a property of "
                        + t.name());
            }
            if (!def.sortable()) {
                throw OptimadeException.badRequest("sort", "cannot sort by '" + name + "': it is not sortable "
                        + "(/info/" + t.name() + " marks the sortable properties)");
            }
            String expr = switch (def.access()) {
                case QUANTITY -> "(SELECT q.value_si FROM entry_quantities q WHERE q.entry_id = e.id AND q.name = "
                        + sql.bind(def.sql()) + " AND q.dimension = " + sql.bind(def.dimension()) + ")";
                default -> name.equals("id") || name.equals("immutable_id") ? alias + ".id"
                        : "(" + def.sql() + ")" + (def.type() == Type.STRING ? " COLLATE \"C\"" : "");
            };
            keys.add(new PageOrder.Key(expr, desc));
        }
        return new PageOrder.Keys(alias, keys, singleQuantity(t, sort));
    }

    /** The property of {@code sort=[-]_matdx_x} when it is the only sort field and a numeric entry property. */
    private static PageOrder.Quantity singleQuantity(EntryType t, List<String> sort) {
        if (sort.size() != 1) {
            return null;
        }
        PropertyDef def = t.properties().get(sort.get(0).startsWith("-") ? sort.get(0).substring(1) : sort.get(0));
        return def != null && def.access() == Access.QUANTITY ? new PageOrder.Quantity(def.sql(), def.dimension()) : null;
    }
}
