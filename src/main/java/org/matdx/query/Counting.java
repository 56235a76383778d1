package org.matdx.query;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.matdx.core.Json;
import org.matdx.store.Database;

/**
 * Counting matches. An exact count must visit every matching row, which for a broad search over
 * a million entries ("everything with oxygen") takes far longer than finding the first page.
 * Like search engines, MatDX counts exactly up to a cap and otherwise reports "at least the cap";
 * callers who need the exact number ask for it. Also PostgreSQL's estimates, for choosing plans.
 */
public final class Counting {
    /**
     * The default cap: exact totals up to a thousand matches ("1,000+" beyond, as search pages show
     * it), which keeps counting a small part of a search's cost on a million entries.
     */
    public static final int DEFAULT_CAP = 1_000;

    private Counting() {
    }

    /** Below this many estimated matches, sorting them all is cheaper than walking a sort index. */
    private static volatile long small = 20_000;

    /** Whether a search estimated to match {@code estimate} entries should walk a sort index. */
    public static boolean walkSortIndex(long estimate) {
        return estimate > small;
    }

    /** Tests use this to run both plans on small data; returns the previous threshold. */
    public static long walkSortIndexAbove(long estimate) {
        long old = small;
        small = estimate;
        return old;
    }

    /**
     * PostgreSQL's estimate of how many rows {@code fromWhere} yields (EXPLAIN, planned for the
     * actual values): enough to choose between plans it cannot choose well itself.
     */
    public static long estimate(Database db, Sql sql, String fromWhere) {
        return db.read(h -> estimate(h, sql, fromWhere));
    }

    public static long estimate(Handle h, Sql sql, String fromWhere) {
        String plan = sql.query(h, "EXPLAIN (FORMAT JSON) SELECT 1" + fromWhere).mapTo(String.class).one();
        return Json.read(plan).path(0).path("Plan").path("Plan Rows").asLong(Long.MAX_VALUE);
    }

    /**
     * Runs {@code work} with plain index and sequential scans off, so PostgreSQL collects the matches through
     * bitmap scans and sorts them rather than walking an index in order: right when a count has
     * shown that only a few rows match (the planner, guessing more, would walk past every row), and
     * for the first matches of a search when nobody knows yet how many there are.
     */
    public static <T> T withoutIndexWalk(Handle h, HandleCallback<T, RuntimeException> work) {
        return h.inTransaction(tx -> {
            tx.execute("SET LOCAL enable_indexscan = off");
            // nor read the whole table when an index can find the few (PostgreSQL still scans it when none can)
            tx.execute("SET LOCAL enable_seqscan = off");
            return work.withHandle(tx);
        });
    }

    /**
     * A number of matches: exact, or a lower bound; for a capped count also about how many rows of
     * the table there are per match ({@code NaN} when unknown), see {@link #count(Handle, Sql, Scan, int, boolean, String, String)}.
     */
    public record Count(long value, boolean exact, double rowsPerMatch, long uncounted) {
        public Count(long value, boolean exact) {
            this(value, exact, Double.NaN, 0);
        }

        public Count(long value, boolean exact, double rowsPerMatch) {
            this(value, exact, rowsPerMatch, 0);
        }
    }

    /**
     * Counts the rows {@code scan} reads (its parameters in {@code sql}), stopping after {@code cap}
     * + 1; {@code cap} ≤ 0 counts them all. {@code indexedOnly} also rules out sequential scans.
     */
    public static Count count(Handle h, Sql sql, Scan scan, int cap, boolean indexedOnly) {
        return count(h, sql, scan, cap, indexedOnly, null, null);
    }

    /**
     * As {@link #count(Handle, Sql, Scan, int, boolean)}, and when the count stops at its cap, how
     * many rows of {@code table} (aliased {@code alias} in the scan) there are per match.
     * Bitmap and sequential scans read a table in physical order (a partitioned one partition
     * after the other), so how far into it the scan got before it had found cap + 1 matches tells
     * how densely they lie: 1,001 matches within the first tenth of a million rows means about one
     * in a hundred rows matches. That is what
     * deciding whether to walk an index for the first page needs ({@link IndexWalk}), measured
     * rather than guessed from per-condition statistics.
     */
    public static Count count(Handle h, Sql sql, Scan scan, int cap, boolean indexedOnly, String alias, String table) {
        return count(h, sql, scan, cap, indexedOnly, alias, table, null);
    }

    /**
     * As {@link #count(Handle, Sql, Scan, int, boolean, String, String)}, and of the rows
     * counted, how many also satisfy {@code uncounted} (a condition over the same aliases, or null):
     * {@link Count#uncounted()}, among the first {@code cap} + 1 rows when the count stops there.
     */
    public static Count count(Handle h, Sql sql, Scan scan, int cap, boolean indexedOnly, String alias, String table,
                              String uncounted) {
        // rows of entries are wide; a count that tests only what the narrow copy holds reads that
        Optional<String> narrow = scan.narrow();
        // a lookup per candidate row in another table (a numeric property) is tested only by a query on entries
        boolean lookups = narrow.isEmpty() && sql.hasLookupsPerRow();
        return countIn(h, sql, narrow.orElse(scan.from()), cap, indexedOnly, alias,
                narrow.isPresent() && "entries".equals(table) ? SearchTable.NAME : table, uncounted, lookups);
    }

    private static Count countIn(Handle h, Sql sql, String fromWhere, int cap, boolean indexedOnly, String alias, String table,
                                 String uncounted, boolean lookups) {
        String flag = uncounted == null ? "FALSE" : "(" + uncounted + ")";
        return h.inTransaction(tx -> {
            if (indexedOnly) {
                tx.execute("SET LOCAL enable_seqscan = off");
            }
            // Counting needs no order, so a plain index scan (which the planner likes under a LIMIT,
            // for its quick start) only adds heap visits to rows that do not match; bitmap scans
            // visit the matching ones. Not where each candidate is tested by a key lookup: the setting
            // would also rule out the index-only scan of that lookup (a bitmap scan and a heap visit
            // per candidate instead), and the planner then repeated the candidates' GIN scan once per
            // dataset (Ti-O entries with a band gap > 3 eV: 80 ms instead of 37)
            if (!lookups) {
                tx.execute("SET LOCAL enable_indexscan = off");
            }
            if (cap <= 0) {
                return sql.query(tx, "SELECT count(*) AS n, count(*) FILTER (WHERE " + flag + ") AS u" + fromWhere)
                        .map((rs, ctx) -> new Count(rs.getLong("n"), true, Double.NaN, rs.getLong("u"))).one();
            }
            // a capped count stops after cap + 1 rows, in a few milliseconds; parallel workers take
            // about as long to start (formation energy < -400 kJ/mol among binaries: 53 ms with two
            // workers on entry_search, 18 ms without)
            tx.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            if (alias == null) {
                return sql.query(tx, "SELECT count(*) AS n, count(*) FILTER (WHERE u) AS u FROM (SELECT " + flag + " AS u"
                                + fromWhere + " LIMIT " + (cap + 1) + ") AS capped")
                        .map((rs, ctx) -> {
                            long n = rs.getLong("n");
                            return n > cap ? new Count(cap, false, Double.NaN, rs.getLong("u")) : new Count(n, true, Double.NaN, rs.getLong("u"));
                        }).one();
            }
            // where the last match was found: the partitions scanned before its own (a partitioned table's
            // Append reads them in the order of their bounds, one after the other) and, of that one, the
            // share of its blocks before the match's, against the sizes as of the last VACUUM or ANALYZE
            String parts = "SELECT c.oid, GREATEST(c.relpages, 1) AS pages, GREATEST(c.reltuples, 0) AS rows, row_number() OVER ("
                    + "ORDER BY COALESCE(substring(pg_get_expr(c.relpartbound, c.oid) FROM 'remainder ([0-9]+)')::int, 0)) AS ord"
                    + " FROM pg_class c WHERE c.relkind = 'r' AND c.oid IN (SELECT '" + table + "'::regclass UNION ALL"
                    + " SELECT inhrelid FROM pg_inherits WHERE inhparent = '" + table + "'::regclass)";
            return sql.query(tx, "WITH capped AS (SELECT " + alias + ".tableoid AS part, " + alias + ".ctid AS at, " + flag
                    + " AS u" + fromWhere + " LIMIT " + (cap + 1) + "), parts AS (" + parts + "), last AS (SELECT p.ord, p.pages, p.rows, "
                    + "max((c.at::text::point)[0]) AS block FROM capped c JOIN parts p ON p.oid = c.part "
                    + "GROUP BY p.ord, p.pages, p.rows ORDER BY p.ord DESC LIMIT 1) "
                    + "SELECT (SELECT count(*) FROM capped) AS n, (SELECT count(*) FROM capped WHERE u) AS u, "
                    + "(SELECT sum(p.rows) FROM parts p, last l WHERE p.ord < l.ord) AS before, "
                    + "(SELECT (l.block + 1) / l.pages * l.rows FROM last l) AS within")
                    .map((rs, ctx) -> {
                        long n = rs.getLong("n");
                        double read = rs.getDouble("before") + rs.getDouble("within");
                        return n > cap ? new Count(cap, false, Math.max(1, read / n), rs.getLong("u"))
                                : new Count(n, true, Double.NaN, rs.getLong("u"));
                    }).one();
        });
    }
}
