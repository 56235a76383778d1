package org.matdx.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored values this version cannot read (written by hand, or by an older version before it
 * checked them): the part is left out of what is shown and the row is logged, once per row and
 * process, so that an operator can correct it. One bad row never stops a page, a search or an
 * export that merely passes over it.
 */
public final class BadRows {
    private static final Logger LOG = LoggerFactory.getLogger(BadRows.class);
    private static final int REMEMBERED = 10_000;
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private BadRows() {
    }

    /** Logs (once) that {@code what} of the row {@code id} in {@code table} was skipped, and why. */
    public static void skipped(String table, Object id, String what, String problem) {
        String key = table + "/" + id + "/" + what;
        if (REPORTED.size() < REMEMBERED ? REPORTED.add(key) : !REPORTED.contains(key)) {
            LOG.warn("{} {}: {} cannot be read and is left out ({}); correct the stored row", table, id, what, problem);
        }
    }
}
