package org.matdx.query;

/**
 * The first pages of a broad search, read by walking the sort order's index with a budget.
 *
 * <p>A search with thousands of matches wants only the first 20 in its order. PostgreSQL plans
 * such a page from its estimate of how many rows match, and for several ANDed conditions that
 * estimate is often far too low (it multiplies the conditions' selectivities as if they were
 * independent; in chemistry they are not: nitrides are mostly binaries). It then collects every
 * candidate through bitmap scans and sorts them — 27,000 heap rows for "binary nitrides with
 * fewer than 6 sites" at a million entries, where walking the id index meets the first 21 matches
 * after 2,000 rows. Walking is not always right either: when the matches lie at the far end of
 * the order (a recent dataset, sorted oldest first) a walk reads the whole table.
 *
 * <p>So the walk has a budget: it reads at most {@link #budget()} rows in order and keeps the
 * ones that match. When it has the page (and one more row, so the caller knows there are more)
 * the page is exact — every match before the last row kept was among the rows read. Otherwise
 * the caller plans the page the usual way, having spent at most the budget.
 */
public final class IndexWalk {
    private static volatile int budget = 10_000;
    private static volatile boolean always;

    private IndexWalk() {
    }

    /** Rows a walk reads at most before the caller falls back to the planner's page. */
    public static int budget() {
        return budget;
    }

    /**
     * Tests use this to make walks both succeed and give up on small data: every broad search then
     * tries a walk of at most {@code rows} rows (0 restores the default and the density check).
     */
    public static void tryAlways(int rows) {
        budget = rows > 0 ? rows : 10_000;
        always = rows > 0;
    }

    /**
     * Whether a walk is worth trying for the first {@code rows} matches of a search whose count
     * stopped at its cap: when, at the density the count measured, they should lie within half the
     * budget. (A walk that gives up has cost its budget for nothing.)
     */
    public static boolean worthTrying(Counting.Count count, int rows) {
        return !count.exact() && (always || !Double.isNaN(count.rowsPerMatch()) && 2 * count.rowsPerMatch() * rows <= budget);
    }

    /**
     * SQL for one page found by a walk.
     *
     * @param columns   the page's columns over the walked rows, e.g. {@code e.id AS page_id}
     * @param tables    {@code FROM … [WHERE …]}: the rows walked; its conditions should only be the
     *                  ones the index starts from (the entry type's rows, a cursor)
     * @param condition the search's conditions, access policy included: walked rows failing them are skipped
     * @param order     the walk's ORDER BY, an order an index provides
     * @param outer     the same order over {@code columns}' names
     * @param limit     rows to return (SQL text: a number or a placeholder)
     * @param offset    rows of the order to skip first
     * @return the page, or fewer rows than {@code limit} when the budget ran out first (or the
     *         search ends within it) — then the caller cannot tell, and plans the page itself
     */
    public static String page(String columns, String tables, String condition, String order, String outer, String limit,
                              int offset) {
        return "SELECT * FROM (SELECT " + columns + ", (" + condition + ") AS matdx_ok" + tables + " ORDER BY " + order
                + " LIMIT " + budget + ") AS walk WHERE matdx_ok ORDER BY " + outer + " LIMIT " + limit
                + (offset > 0 ? " OFFSET " + offset : "");
    }
}
