package org.matdx.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Composition;
import org.matdx.core.Entry;
import org.matdx.core.Json;
import org.matdx.store.Database;
import org.matdx.store.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the element-strategy scores of stored entries in the {@code entries} columns of migration
 * V60: written in the same transaction as the entry (the catalog calls {@link #stored}), and
 * recomputed at start-up for entries stored before, or scored with older reference data
 * ({@link #backfill}).
 */
public final class ResourceIndex {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceIndex.class);
    private static final int BATCH = 1000;
    /** Any fixed number: one process backfills at a time. */
    private static final long LOCK = 0x6d6174647860L;

    private final Database db;
    private final ResourceScorer scorer;

    public ResourceIndex(Database db, ResourceScorer scorer) {
        this.db = db;
        this.scorer = scorer;
    }

    /** Scores entries just inserted, inside the inserting transaction. Entries without a composition are left alone. */
    public void stored(Handle h, List<Entry> entries) {
        List<Object[]> rows = new ArrayList<>();
        for (Entry e : entries) {
            if (e.composition() != null) {
                rows.add(row(e.id(), e.composition()));
            }
        }
        if (!rows.isEmpty()) {
            // plain JDBC: part of every ingest of rows with compositions (see store.Jdbc)
            Jdbc.batch(h, UPDATE, rows);
        }
    }

    /**
     * Scores every entry with a composition whose scores are missing or were computed with another
     * version of the reference data. Returns how many entries were scored.
     */
    public int backfill() {
        String version = scorer.data().version();
        // one connection throughout: the advisory lock belongs to the session that took it
        return db.read(h -> {
            if (!h.createQuery("SELECT pg_try_advisory_lock(:k)").bind("k", LOCK).mapTo(Boolean.class).one()) {
                return 0; // another process is doing it
            }
            try {
                // reference data changed since these were scored: mark them for rescoring
                int stale = h.createUpdate("""
                                UPDATE entries SET resource_version = NULL
                                WHERE resource_version IS NOT NULL AND resource_version <> :v""")
                        .bind("v", version).execute();
                int total = 0;
                int n;
                do {
                    n = h.inTransaction(tx -> scoreNext(tx));
                    total += n;
                } while (n > 0);
                if (total > 0) {
                    LOG.info("Scored {} entr{} for element strategy (data version {}; {} rescored after a data update)",
                            total, total == 1 ? "y" : "ies", version, stale);
                }
                return total;
            } finally {
                h.createQuery("SELECT pg_advisory_unlock(:k)").bind("k", LOCK).mapTo(Boolean.class).one();
            }
        });
    }

    private int scoreNext(Handle h) {
        List<Object[]> rows = h.createQuery("""
                        SELECT id, composition::text FROM entries
                        WHERE composition IS NOT NULL AND resource_version IS NULL
                        ORDER BY id LIMIT :n""")
                .bind("n", BATCH)
                .map((rs, ctx) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2)}).list();
        if (rows.isEmpty()) {
            return 0;
        }
        Jdbc.batch(h, UPDATE, rows.stream().map(r -> scoredOrSkipped((UUID) r[0], (String) r[1])).toList());
        return rows.size();
    }

    /**
     * The row that scores a stored entry; a composition this version cannot read (stored by hand or
     * by an older version) is logged and marked as scored with no scores, so start-up goes on and
     * does not meet the row again.
     */
    private Object[] scoredOrSkipped(UUID id, String composition) {
        try {
            return row(id, Json.composition(Json.read(composition)));
        } catch (RuntimeException e) {
            LOG.warn("Entry {} has a composition that cannot be scored ({}); it gets no element-strategy scores", id,
                    e.getMessage());
            Object[] row = new Object[ResourceMetric.values().length + 3];
            row[row.length - 3] = "{}";
            row[row.length - 2] = scorer.data().version();
            row[row.length - 1] = id;
            return row;
        }
    }

    /** One column per metric, in {@link ResourceMetric} order, then the detail, the data version and the id ({@link #row}). */
    private static final String UPDATE = "UPDATE entries SET "
            + java.util.Arrays.stream(ResourceMetric.values()).map(m -> m.column() + " = ?").collect(java.util.stream.Collectors.joining(", "))
            + ", resource_scores = CAST(? AS jsonb), resource_version = ? WHERE id = ?";

    private Object[] row(UUID id, Composition c) {
        CompositionScores s = scorer.score(c);
        ResourceMetric[] metrics = ResourceMetric.values();
        Object[] row = new Object[metrics.length + 3];
        for (int i = 0; i < metrics.length; i++) {
            OptionalDouble v = metrics[i].of(s);
            row[i] = v.isPresent() ? v.getAsDouble() : null;
        }
        row[metrics.length] = Json.write(ResourceJson.scores(s, scorer.data()));
        row[metrics.length + 1] = scorer.data().version();
        row[metrics.length + 2] = id;
        return row;
    }

    /** The columns that {@link #stored} fills, for the search field registry and OPTIMADE. */
    public static List<ResourceMetric> columns() {
        return new ArrayList<>(List.of(ResourceMetric.values()));
    }
}
