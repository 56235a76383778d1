package org.matdx.testing;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.matdx.platform.Platform;

/**
 * Where an identifier still occurs in the database: every column of every table that could hold it
 * (uuid, text, json, arrays), searched for its text. Deletion tests use it to show that nothing
 * derived from a removed entry or dataset is left behind, without listing the tables by hand (a
 * table added later is searched too).
 */
public final class References {
    private References() {
    }

    /** {@code table.column → rows} for every column where {@code id} occurs, tables in {@code ignored} left out. */
    public static Map<String, Long> to(Platform p, String id, Set<String> ignored) {
        Map<String, Long> found = new TreeMap<>();
        p.db().read(h -> {
            var columns = h.createQuery("""
                            SELECT c.table_name, c.column_name FROM information_schema.columns c
                            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                              AND c.data_type IN ('uuid', 'text', 'json', 'jsonb', 'ARRAY', 'character varying')
                            ORDER BY 1, 2""")
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).list();
            for (String[] c : columns) {
                if (ignored.contains(c[0]) || c[0].equals("flyway_schema_history")) {
                    continue;
                }
                long n = h.createQuery("SELECT count(*) FROM \"" + c[0] + "\" WHERE \"" + c[1] + "\"::text LIKE :pattern")
                        .bind("pattern", "%" + id + "%").mapTo(Long.class).one();
                if (n > 0) {
                    found.put(c[0] + "." + c[1], n);
                }
            }
            return null;
        });
        return found;
    }
}
