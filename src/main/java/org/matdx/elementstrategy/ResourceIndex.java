package org.matdx.elementstrategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Composition;
import org.matdx.core.Json;
import org.matdx.store.Database;
import org.matdx.store.DerivedColumns;
import org.matdx.store.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the element-strategy scores of stored entries in the {@code entries} columns of migration
 * V60: written in the entry's own INSERT ({@link #derived}, registered with the catalog), and
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

    /**
     * The score columns, computed for each entry as it is inserted and written in its INSERT
     * (store.EntryStore#insertAll). An entry without a composition gets none and is not
     * marked as scored.
     */
    public DerivedColumns derived() {
        List<String> names = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        for (ResourceMetric m : ResourceMetric.values()) {
            names.add(m.column());
            placeholders.add("?");
        }
        // the detail an entry shows is computed when it is shown (web.Views), not stored (V183)
        names.add("resource_version");
        placeholders.add("?");
        int width = names.size();
        return new DerivedColumns(names, placeholders,
                e -> e.composition() == null ? new Object[width] : scores(e.composition()));
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
        List<Object[]> scored = rows.stream().map(r -> scoredOrSkipped((UUID) r[0], (String) r[1])).toList();
        // one statement for the batch: the entries table's update triggers run once, not once per entry
        Object[] columns = new Object[scored.get(0).length];
        for (int c = 0; c < columns.length; c++) {
            List<Object> values = new ArrayList<>(scored.size());
            for (Object[] r : scored) {
                values.add(r[c]);
            }
            columns[c] = new Jdbc.Array(c < ResourceMetric.values().length ? "float8" : c == columns.length - 1 ? "uuid" : "text",
                    values);
        }
        Jdbc.update(h, UPDATE, columns);
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
            Object[] row = new Object[ResourceMetric.values().length + 2];
            row[row.length - 2] = scorer.data().version();
            row[row.length - 1] = id;
            return row;
        }
    }

    /** Sets the scores of many entries: one array per metric, in {@link ResourceMetric} order, then the versions and ids. */
    private static final String UPDATE;

    static {
        ResourceMetric[] metrics = ResourceMetric.values();
        StringBuilder set = new StringBuilder();
        StringBuilder unnest = new StringBuilder();
        StringBuilder alias = new StringBuilder();
        for (int i = 0; i < metrics.length; i++) {
            set.append(metrics[i].column()).append(" = v.m").append(i).append(", ");
            unnest.append("CAST(? AS float8[]), ");
            alias.append("m").append(i).append(", ");
        }
        UPDATE = "UPDATE entries e SET " + set + "resource_version = v.version"
                + " FROM unnest(" + unnest + "CAST(? AS text[]), CAST(? AS uuid[]))"
                + " AS v(" + alias + "version, id) WHERE e.id = v.id";
    }

    /** The score columns of {@link #derived} for a composition. */
    private Object[] scores(Composition c) {
        CompositionScores s = scorer.score(c);
        ResourceMetric[] metrics = ResourceMetric.values();
        Object[] row = new Object[metrics.length + 1];
        for (int i = 0; i < metrics.length; i++) {
            OptionalDouble v = metrics[i].of(s);
            row[i] = v.isPresent() ? v.getAsDouble() : null;
        }
        row[metrics.length] = scorer.data().version();
        return row;
    }

    /** The scores of {@link #scores}, then the entry's id: a row of {@link #UPDATE}. */
    private Object[] row(UUID id, Composition c) {
        Object[] s = scores(c);
        Object[] row = Arrays.copyOf(s, s.length + 1);
        row[s.length] = id;
        return row;
    }

    /** The score columns, for the search field registry and OPTIMADE. */
    public static List<ResourceMetric> columns() {
        return new ArrayList<>(List.of(ResourceMetric.values()));
    }
}
