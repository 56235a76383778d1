package org.matdx.query;

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

    /** Entries (e) and their datasets (d), as every search over entries reads them. */
    static final String ENTRIES = " FROM entries e JOIN datasets d ON d.id = e.dataset_id";
    /** The same rows from the narrow copy. */
    static final String NARROW = " FROM " + NAME + " e JOIN datasets d ON d.id = e.dataset_id";

    private SearchTable() {
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
}
