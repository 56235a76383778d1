package org.matdx.query;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code entry_search}, the narrow copy of the entry columns that searches test (migration V61,
 * kept by triggers in the entry's own transaction). Counting matches and sampling them for facets
 * read rows until they have enough, and PostgreSQL reads a row's columns up to the last one a
 * condition needs: on the 51-column entries row that cost up to 1.1 us per row, about twice
 * what the same test costs here. Its eight partitions (V62) keep a capped count's bitmaps to the
 * part of the table it reads. Whatever else reads entries (pages, their order, titles, structure
 * data) still does.
 */
public final class SearchTable {
    public static final String NAME = "entry_search";

    private static final String ENTRIES = " entries e ";

    /** The columns of entry_search: a query may move there only if it uses no others of {@code e}. */
    private static final Set<String> COLUMNS = Set.of("ctid", "tableoid", "id", "dataset_id", "created_at", "updated_at", "nelements",
            "structure_nsites", "structure_disordered", "kind", "outcome", "elements", "element_fractions", "chemical_system",
            "formula_reduced_alpha", "reduced_formula", "formula_anonymous", "formula_hill", "optimade_reduced",
            "optimade_anonymous", "template", "instrument", "sample_id", "created_by", "structure_dimension_types",
            "quantities", "element_keys", "search_meta", "search_data");

    /** A reference to a column of the entry alias {@code e}, or to the alias alone (a whole row). */
    private static final Pattern REFERENCE = Pattern.compile("\\be\\b(?:\\.([a-z_][a-z0-9_]*))?");

    private SearchTable() {
    }

    /**
     * A numeric property's condition: whether the entry has the property {@code name} in
     * {@code dimension} (SI base form) and, unless {@code condition} is null, its SI value
     * {@code q.value_si} satisfies it: a lookup in {@code entry_quantities}. With {@code probe} (other
     * conditions select few candidates) one lookup per candidate row — {@code OFFSET 0} keeps
     * PostgreSQL from joining the whole property instead — and on entry_search a test of the row's
     * own copy of the values instead, about a tenth of the cost of the lookup.
     */
    public static String quantity(Sql sql, String name, String dimension, String condition, boolean probe) {
        if (probe) {
            sql.lookupsPerRow();
        }
        String n = "CAST(" + sql.bind(name) + " AS text)";
        String d = sql.bind(dimension);
        String exists = "EXISTS (SELECT 1 FROM entry_quantities q WHERE q.entry_id = e.id AND q.name = " + n
                + " AND q.dimension = " + d + (condition == null ? "" : " AND " + condition) + (probe ? " OFFSET 0" : "") + ")";
        if (!probe) {
            // the property is what selects: PostgreSQL finds its matches through the range index
            // (formation energy < -400 kJ/mol among binaries: 13 ms; testing copies row by row: 28 ms)
            return exists;
        }
        // NULL when the entry lacks the property: false, also under NOT, as EXISTS is
        String value = quantityInRow(n, d);
        String inRow = "COALESCE(" + (condition == null ? value + " IS NOT NULL" : condition.replace("q.value_si", value)) + ", false)";
        return sql.withNarrowForm(exists, inRow);
    }

    /**
     * An entry_search row's SI value of the property named {@code name} when it is in
     * {@code dimension} (both SQL expressions), else NULL: what entry_quantities' value_si is for
     * that name and dimension.
     */
    public static String quantityInRow(String name, String dimension) {
        return "(CASE WHEN e.quantities -> " + name + " ->> 0 = " + dimension + " THEN (e.quantities -> " + name
                + " ->> 1)::float8 END)";
    }

    /** As {@link #narrow(String, Sql)} for SQL without conditions that have a narrow form. */
    public static Optional<String> narrow(String sql) {
        return narrow(sql, new Sql());
    }

    /**
     * {@code sql} reading {@code entry_search} instead of {@code entries}, if it reads entries once,
     * as {@code e}, and (with the narrow forms of {@code params}' conditions) uses only columns the
     * narrow table has and no lookups in entry_quantities; otherwise empty.
     */
    public static Optional<String> narrow(String sql, Sql params) {
        for (var f : params.narrowForms().entrySet()) {
            sql = sql.replace(f.getKey(), f.getValue());
        }
        // A lookup of each candidate's property stays on entries: the copy is partitioned (V62), and
        // PostgreSQL costs a probe of it by id as one per partition although it probes one, so it no
        // longer drives such a count from the property's range index (formation energy < -400 kJ/mol
        // among binaries: 40-46 ms on the copy against 13 on entries)
        if (sql.contains("entry_quantities")) {
            return Optional.empty();
        }
        int at = sql.indexOf(ENTRIES);
        if (at < 0 || sql.indexOf(ENTRIES, at + 1) >= 0 || !sql.startsWith(" FROM", at - 5)) {
            return Optional.empty();
        }
        int alias = at + ENTRIES.length() - 2;
        Matcher m = REFERENCE.matcher(sql);
        while (m.find()) {
            if (m.start() != alias && (m.group(1) == null || !COLUMNS.contains(m.group(1)))) {
                return Optional.empty();
            }
        }
        return Optional.of(sql.substring(0, at) + " " + NAME + sql.substring(at + ENTRIES.length() - 3));
    }
}
