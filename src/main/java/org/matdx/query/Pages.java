package org.matdx.query;

import java.util.List;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Counting matches and reading one page of them in order, for both front ends: native search
 * (keyset pages, its cursors) and OPTIMADE (offset pages). The rows searched are a {@link Scan}
 * (conditions and access filter compiled by {@link ConditionSql}); the order a {@link PageOrder}.
 *
 * <p>Counting comes first (capped, bitmap scans, {@link Counting}): PostgreSQL cannot estimate
 * many conditions (paired-list HAS, composition keys), and on a guess of thousands of matches it
 * walks a sort index for the first rows, through every row when there are few. So a few matches
 * (counted, at most the cap) are fetched outright and sorted ({@link Counting#withoutIndexWalk});
 * for many, the order's index is walked with a budget when the count's density says the page
 * lies early in it ({@link IndexWalk}), a numeric property's index when PostgreSQL estimates many
 * ({@link QuantityOrder}), and otherwise the planner sorts. The page's ids are selected first, then
 * its rows: the columns shown are read for the rows shown only.
 */
public final class Pages {
    private Pages() {
    }

    /**
     * Counts the rows {@code scan} reads, stopping after {@code cap} + 1 ({@code cap} ≤ 0: all),
     * with the density of the matches over entries ({@link Counting#count(Handle, Sql, Scan, int,
     * boolean, String, String, String)}); {@code uncounted}: a condition whose matches are counted
     * apart, or null.
     */
    public static Counting.Count count(Handle h, Sql sql, Scan scan, int cap, boolean indexedOnly, String uncounted) {
        boolean entries = scan.source().narrowTables() != null;
        return Counting.count(h, sql, scan, cap, indexedOnly, entries ? "e" : null, entries ? "entries" : null, uncounted);
    }

    /**
     * How the rows of a page are read once its ids are known:
     * {@code SELECT columns tables JOIN (ids) AS page ON page.page_id = alias.id ORDER BY …}.
     */
    public record Select(String columns, String tables, String alias) {
    }

    /** The rows of a page and whether more follow. */
    public record Page<R>(List<R> rows, boolean more) {
        /**
         * What the caller is told: {@code counted}, unless this page, read from the start
         * ({@code first}), holds every match: then those of its rows that {@code counts} accepts,
         * exactly, cap or not.
         */
        public Counting.Count total(Counting.Count counted, boolean first, Predicate<R> counts) {
            return !more && first ? new Counting.Count(rows.stream().filter(counts).count(), true) : counted;
        }
    }

    /**
     * The page of {@code limit} rows after {@code offset} rows (0 for a keyset page: its order
     * holds where it starts) of the rows {@code scan} reads, in {@code order}.
     *
     * @param count how many rows {@code scan} reads, as {@link #count} found (capped at {@code cap})
     */
    public static <R> Page<R> page(Handle h, Sql sql, Scan scan, PageOrder order, Counting.Count count, int cap, int offset,
                                   int limit, Select select, RowMapper<R> rows) {
        if (count.exact() && count.value() <= offset) {
            return new Page<>(List.of(), false);
        }
        boolean few = count.exact() && count.value() <= cap;
        List<R> read = few ? Counting.withoutIndexWalk(h, tx -> read(tx, sql, scan, order, count, true, offset, limit, select, rows))
                : read(h, sql, scan, order, count, false, offset, limit, select, rows);
        boolean more = read.size() > limit;
        return new Page<>(more ? read.subList(0, limit) : read, more);
    }

    private static <R> List<R> read(Handle h, Sql sql, Scan scan, PageOrder order, Counting.Count count, boolean few, int offset,
                                     int limit, Select select, RowMapper<R> rows) {
        if (!few && IndexWalk.worthTrying(count, offset + limit + 1)) {
            PageOrder.Ids walk = order.walk(scan, offset, limit);
            if (walk != null) {
                List<R> walked = rows(h, sql, order, walk, limit, select, rows);
                if (walked.size() > limit) {
                    return walked;
                }
            }
        }
        return rows(h, sql, order, order.ids(h, sql, scan, few, offset, limit), limit, select, rows);
    }

    /** The rows of the page whose ids {@code ids} selects, in its order. */
    private static <R> List<R> rows(Handle h, Sql sql, PageOrder order, PageOrder.Ids ids, int limit, Select select,
                                    RowMapper<R> rows) {
        String text = "SELECT " + select.columns() + select.tables() + " JOIN (" + ids.select() + ") AS page ON page.page_id = "
                + select.alias() + ".id ORDER BY " + ids.outer();
        return order.bind(sql.query(h, text), limit).map(rows).list();
    }
}
