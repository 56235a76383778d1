package org.matdx.store;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tables that searches read in the state their queries were planned for, whatever
 * wrote them: a bulk import, a restore, a load that dropped and rebuilt indexes, or years of
 * small changes (docs/BENCHMARKS.md, "a fresh load").
 *
 * <p>Two things go wrong without it. An index on the partitioned search copy (V62) rebuilt from
 * its catalogue definition ({@code CREATE INDEX … ON ONLY entry_search …}, as {@code pg_indexes}
 * prints it) exists on the parent alone, invalid, and every partition is read row by row: a fresh
 * million-structure load answered 31 of 44 benchmark searches in over 50 ms, one in 2.2 s.
 * And PostgreSQL's autovacuum analyses the partitions but never a partitioned table itself, so
 * after a large import the copy's own statistics stay those of the empty table.
 */
public final class TableUpkeep {
    private static final Logger LOG = LoggerFactory.getLogger(TableUpkeep.class);
    /** The tables searches read; entry_search is partitioned. */
    static final List<String> TABLES = List.of("entries", "entry_quantities", "entry_search");
    /**
     * The small tables every search joins for the access policy. Autovacuum analyses a table after
     * 50 changes plus a tenth of its rows, so a hub's first datasets are never analysed: PostgreSQL
     * then guesses that one dataset passes an anonymous caller's filter and reads each of the 14
     * that do through its own bitmap of the whole entries table (a fresh million-structure load:
     * 1,292 ms for a page of failed iron entries; 22 ms once datasets was analysed).
     */
    static final List<String> ACCESS_TABLES = List.of("datasets", "dataset_members", "memberships", "groups", "users");
    /** An import of at least this many entries refreshes the statistics at once, not when autovacuum comes round. */
    public static final int BULK = 10_000;

    private final Database db;

    public TableUpkeep(Database db) {
        this.db = db;
    }

    /** An index that PostgreSQL does not use, with how to make it whole again. */
    record Invalid(String name, String definition, boolean partitioned) {
    }

    /**
     * Rebuilds every invalid index of the search tables: a partitioned one on every partition
     * (partitions that already have a matching index keep it), any other one in place. Returns how
     * many were rebuilt.
     */
    public int repairIndexes() {
        List<Invalid> invalid = invalidIndexes();
        for (Invalid i : invalid) {
            LOG.warn("Index {} is not valid (left by an interrupted build or a partial restore); rebuilding it", i.name());
            db.read(h -> {
                if (i.partitioned()) {
                    h.execute("DROP INDEX " + i.name());
                    h.execute(i.definition().replace(" ON ONLY ", " ON "));
                } else {
                    h.execute("REINDEX INDEX " + i.name());
                }
                return null;
            });
        }
        return invalid.size();
    }

    List<Invalid> invalidIndexes() {
        return db.read(h -> h.createQuery("""
                        SELECT quote_ident(ns.nspname) || '.' || quote_ident(ic.relname), pg_get_indexdef(ic.oid), ic.relkind = 'I'
                        FROM pg_index i
                        JOIN pg_class ic ON ic.oid = i.indexrelid
                        JOIN pg_class t ON t.oid = i.indrelid
                        JOIN pg_namespace ns ON ns.oid = t.relnamespace
                        LEFT JOIN pg_inherits inh ON inh.inhrelid = t.oid
                        LEFT JOIN pg_class parent ON parent.oid = inh.inhparent
                        WHERE NOT i.indisvalid AND ns.nspname = current_schema()
                          AND (t.relname = ANY(CAST(:tables AS text[])) OR parent.relname = ANY(CAST(:tables AS text[])))
                        ORDER BY ic.relkind = 'I' DESC, 1""")
                .bind("tables", TABLES.toArray(new String[0]))
                .map((rs, ctx) -> new Invalid(rs.getString(1), rs.getString(2), rs.getBoolean(3))).list());
    }

    /**
     * Statistics for every search table, the partitioned copy's own included; with {@code vacuum}
     * also the visibility map, so that counts can be answered from indexes alone. For after a bulk
     * change; costs seconds per million rows (a sample), minutes with {@code vacuum}.
     */
    public void refresh(boolean vacuum) {
        db.read(h -> {
            for (String t : TABLES) {
                h.execute((vacuum ? "VACUUM (ANALYZE) " : "ANALYZE ") + t);
            }
            for (String t : ACCESS_TABLES) {
                h.execute("ANALYZE " + t);
            }
            return null;
        });
    }

    /**
     * Analyses what autovacuum leaves without statistics: the partitioned search copy when its own
     * statistics are missing or describe another size than its partitions now have (by more than a
     * tenth) — autovacuum keeps the partitions', never the parent's — and the access tables
     * ({@link #ACCESS_TABLES}) when they were never analysed or a tenth of their rows changed since.
     * Cheap when nothing is stale (one catalogue query); run at start and every few minutes.
     * Returns the tables it analysed.
     */
    public List<String> analyzeIfStale() {
        List<String> stale = new ArrayList<>();
        double[] sizes = db.read(h -> h.createQuery("""
                        SELECT p.reltuples,
                               COALESCE((SELECT sum(GREATEST(c.reltuples, pg_stat_get_live_tuples(c.oid)))
                                         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = p.oid), 0)
                        FROM pg_class p WHERE p.oid = CAST('entry_search' AS regclass)""")
                .map((rs, ctx) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).one());
        double parent = sizes[0];
        double partitions = sizes[1];
        if (parent < 0 ? partitions > 0 : Math.abs(parent - partitions) > 0.1 * Math.max(parent, partitions)) {
            LOG.info("Analysing the search copy (its statistics describe {} rows, its partitions hold about {})",
                    (long) Math.max(parent, 0), (long) partitions);
            stale.add("entry_search");
        }
        // "has rows" by the file's size, which the insert itself sets, not by the statistics collector's
        // count, which arrives a while after the inserting transaction (or never, for a short-lived process)
        stale.addAll(db.read(h -> h.createQuery("""
                        SELECT c.relname FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
                        WHERE n.nspname = current_schema() AND c.relname = ANY(CAST(:tables AS text[])) AND pg_relation_size(c.oid) > 0
                          AND (COALESCE(s.last_analyze, s.last_autoanalyze) IS NULL
                               OR s.n_mod_since_analyze > 0.1 * GREATEST(s.n_live_tup, c.reltuples))
                        ORDER BY c.relname""").bind("tables", ACCESS_TABLES.toArray(new String[0])).mapTo(String.class).list()));
        if (!stale.isEmpty()) {
            db.read(h -> {
                for (String t : stale) {
                    h.execute("ANALYZE " + t);
                }
                return null;
            });
        }
        return stale;
    }
}
