package org.matdx.query;

/**
 * A page of a search ordered by a numeric property, for both front ends, when many entries match:
 * two parts, entries that have the property read in order from its range index in entry_quantities
 * (the first page of "highest band gap" does not sort every match), then entries without it, by
 * id. Each part stops where the page ends; the union is ordered once more by the page's order
 * ({@link PageOrder}: {@code matdx_sort_key}, NULL for entries without the property, and {@code page_id}).
 */
public final class QuantityOrder {
    private QuantityOrder() {
    }

    /**
     * Where a keyset page starts: past the row with SI value {@code value} and id {@code id}
     * (placeholders); {@code pastValues} when that row had no value, so only entries without the
     * property remain.
     */
    public record After(String value, String id, boolean pastValues) {
    }

    /**
     * @param rows       the rows searched (entries, the access policy's and the search's conditions)
     * @param name       the property's name, and {@code dimension} its SI base form (placeholders)
     * @param descending highest values first
     * @param idOrder    how ties are broken by id within each part: " ASC", " DESC" or "" (ascending)
     * @param after      the keyset where the page starts, or null
     * @param limit      rows each part returns at most (SQL text: a number or a placeholder)
     * @param outer      the union's ORDER BY … LIMIT … over {@code matdx_sort_key} and {@code page_id}
     * @return SQL selecting {@code page_id, matdx_sort_key}
     */
    public static String page(Scan rows, String name, String dimension, boolean descending, String idOrder, After after,
                              String limit, String outer) {
        String dir = descending ? " DESC" : " ASC";
        String cmp = descending ? "<" : ">";
        String typeRows = rows.source().rows() == null ? "" : rows.source().rows() + " AND ";
        String where = " AND " + rows.conditions();
        boolean pastValues = after != null && after.pastValues();
        String withValue = "(SELECT e.id AS page_id, qs.value_si AS matdx_sort_key FROM entry_quantities qs"
                + " JOIN entries e ON e.id = qs.entry_id JOIN datasets d ON d.id = e.dataset_id"
                + " WHERE qs.name = " + name + " AND qs.dimension = " + dimension + (typeRows.isEmpty() ? "" : " AND "
                + rows.source().rows()) + where
                + (after != null ? " AND (qs.value_si, e.id) " + cmp + " (CAST(" + after.value() + " AS float8), " + after.id() + ")" : "")
                + " ORDER BY qs.value_si" + dir + ", e.id" + idOrder + " LIMIT " + limit + ")";
        String without = "(SELECT e.id AS page_id, NULL::float8 AS matdx_sort_key" + rows.source().tables() + " WHERE " + typeRows
                + "NOT EXISTS (SELECT 1 FROM entry_quantities qn WHERE qn.entry_id = e.id AND qn.name = " + name
                + " AND qn.dimension = " + dimension + ")" + where
                + (pastValues ? " AND e.id " + cmp + " " + after.id() : "")
                + " ORDER BY e.id" + idOrder + " LIMIT " + limit + ")";
        return "SELECT page_id, matdx_sort_key FROM (" + (pastValues ? "" : withValue + " UNION ALL ") + without + ") AS u ORDER BY "
                + outer;
    }
}
