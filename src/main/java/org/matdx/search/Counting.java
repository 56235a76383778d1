package org.matdx.search;

import org.jdbi.v3.core.Handle;

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
    public static long estimate(org.matdx.store.Database db, Sql sql, String fromWhere) {
        return db.read(h -> estimate(h, sql, fromWhere));
    }

    public static long estimate(Handle h, Sql sql, String fromWhere) {
        String plan = sql.query(h, "EXPLAIN (FORMAT JSON) SELECT 1" + fromWhere).mapTo(String.class).one();
        return org.matdx.core.Json.read(plan).path(0).path("Plan").path("Plan Rows").asLong(Long.MAX_VALUE);
    }

    /**
     * Runs {@code work} with plain index and sequential scans off, so PostgreSQL collects the matches through
     * bitmap scans and sorts them rather than walking an index in order: right when a count has
     * shown that only a few rows match (the planner, guessing more, would walk past every row).
     */
    public static <T> T withoutIndexWalk(Handle h, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return h.inTransaction(tx -> {
            tx.execute("SET LOCAL enable_indexscan = off");
            // nor read the whole table when an index can find the few (PostgreSQL still scans it when none can)
            tx.execute("SET LOCAL enable_seqscan = off");
            return work.withHandle(tx);
        });
    }

    /** A number of matches: exact, or a lower bound. */
    public record Count(long value, boolean exact) {
    }

    /**
     * Counts the rows of {@code fromWhere} (a FROM … WHERE … clause over {@code sql}'s parameters),
     * stopping after {@code cap} + 1; {@code cap} ≤ 0 counts them all.
     */
    public static Count count(Handle h, Sql sql, String fromWhere, int cap) {
        return count(h, sql, fromWhere, cap, false);
    }

    /** As {@link #count(Handle, Sql, String, int)}; {@code indexedOnly} also rules out sequential scans. */
    public static Count count(Handle h, Sql sql, String fromWhere, int cap, boolean indexedOnly) {
        return h.inTransaction(tx -> {
            if (indexedOnly) {
                tx.execute("SET LOCAL enable_seqscan = off");
            }
            // Counting needs no order, so a plain index scan (which the planner likes under a LIMIT,
            // for its quick start) only adds heap visits to rows that do not match; bitmap scans
            // visit the matching ones
            tx.execute("SET LOCAL enable_indexscan = off");
            if (cap <= 0) {
                return new Count(sql.query(tx, "SELECT count(*)" + fromWhere).mapTo(Long.class).one(), true);
            }
            long n = sql.query(tx, "SELECT count(*) FROM (SELECT 1" + fromWhere + " LIMIT " + (cap + 1) + ") AS capped")
                    .mapTo(Long.class).one();
            return n > cap ? new Count(cap, false) : new Count(n, true);
        });
    }
}
