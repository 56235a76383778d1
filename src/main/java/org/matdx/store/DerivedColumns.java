package org.matdx.store;

import java.util.List;
import java.util.function.Function;
import org.matdx.core.Entry;

/**
 * Columns of the entries row that another capability computes from the entry and that are
 * written with it, in the same INSERT (the element-strategy scores of V60): a column filled by
 * an UPDATE after the insert wrote every entry twice.
 *
 * @param names        the column names
 * @param placeholders one JDBC placeholder per column, e.g. {@code ?} or {@code CAST(? AS jsonb)}
 * @param values       one value per column for an entry, in {@code names}' order
 */
public record DerivedColumns(List<String> names, List<String> placeholders, Function<Entry, Object[]> values) {
    public DerivedColumns {
        names = List.copyOf(names);
        placeholders = List.copyOf(placeholders);
        if (names.size() != placeholders.size()) {
            throw new IllegalArgumentException("one placeholder per column: " + names + " / " + placeholders);
        }
    }

    /** The values for an entry, one per column. */
    Object[] valuesOf(Entry e) {
        Object[] v = values.apply(e);
        if (v.length != names.size()) {
            throw new IllegalStateException("derived columns " + names + " got " + v.length + " values");
        }
        return v;
    }
}
