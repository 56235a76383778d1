package org.matdx.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.matdx.store.Database;

/**
 * Which elements most entries contain, from PostgreSQL's statistics of the elements column. A
 * search for "Li and O" should look Li up in the GIN index and check O on the rows found: the
 * index's list for oxygen (most entries of a materials database) costs more to read than the rows
 * it would rule out — 45 ms of a 65 ms search at a million structures.
 */
public final class ElementFrequencies {
    /** Elements in at least this fraction of entries are checked on rows, not looked up. */
    static final double COMMON = 0.2;
    private static final Duration FRESH = Duration.ofMinutes(5);

    private final Database db;
    private volatile Set<String> common = Set.of();
    private volatile long readAt = Long.MIN_VALUE;

    public ElementFrequencies(Database db) {
        this.db = db;
    }

    /** The common elements, as of the last ANALYZE (read again every few minutes). */
    public Set<String> common() {
        long now = System.nanoTime();
        if (readAt == Long.MIN_VALUE || now - readAt > FRESH.toNanos()) {
            readAt = now;
            common = read();
        }
        return common;
    }

    private Set<String> read() {
        return db.read(h -> h.createQuery("""
                        SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs
                        FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = 'entries' AND s.attname = 'elements'""")
                .map((rs, ctx) -> {
                    java.sql.Array e = rs.getArray("elems");
                    java.sql.Array f = rs.getArray("freqs");
                    if (e == null || f == null) {
                        return Set.<String>of();
                    }
                    String[] elems = (String[]) e.getArray();
                    Object[] freqs = (Object[]) f.getArray();
                    java.util.HashSet<String> out = new java.util.HashSet<>();
                    for (int i = 0; i < elems.length && i < freqs.length; i++) {
                        if (((Number) freqs[i]).doubleValue() >= COMMON) {
                            out.add(elems[i]);
                        }
                    }
                    return Set.copyOf(out);
                }).findOne().orElse(Set.of()));
    }

    /** Required elements split into those to look up in the index and those to check on the rows found. */
    public record Split(List<String> lookedUp, List<String> checked) {
    }

    /** Looks up the rare ones, and the first one when all are common (some index must narrow the search). */
    public static Split split(Collection<String> required, Set<String> common) {
        List<String> lookedUp = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String el : required) {
            (common.contains(el) ? checked : lookedUp).add(el);
        }
        if (lookedUp.isEmpty() && !checked.isEmpty() && checked.size() == required.size() && required.size() > 1) {
            lookedUp.add(checked.removeFirst());
        }
        return new Split(lookedUp, checked);
    }

    /**
     * {@code elements @> required} written so that only the rare elements use the GIN index;
     * {@code column} is the elements column, {@code bind} turns a list into a text[] parameter.
     */
    public static String contains(String column, Collection<String> required, Set<String> common,
                                  java.util.function.Function<List<String>, String> bind) {
        Split s = split(required, common);
        List<String> parts = new ArrayList<>();
        if (!s.lookedUp().isEmpty()) {
            parts.add(column + " @> " + bind.apply(s.lookedUp()));
        }
        if (!s.checked().isEmpty()) {
            // array_cat(x, '{}') is x, but not an expression the index on x matches
            parts.add("array_cat(" + column + ", CAST('{}' AS text[])) @> " + bind.apply(s.checked()));
        }
        return parts.isEmpty() ? "TRUE" : String.join(" AND ", parts);
    }
}
