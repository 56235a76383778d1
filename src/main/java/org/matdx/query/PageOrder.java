package org.matdx.query;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.matdx.query.Scan.Written;

/**
 * The order of a page and the SQL that selects a page's ids in it ({@code page_id} and the sort
 * keys), for {@link Pages}. Offset pages ({@link Keys}: OPTIMADE's {@code sort=} of several
 * fields, unknown values last, ties by id) and keyset pages (one key and the last row's value:
 * native search's cursors) over a column expression ({@link Keyset}) or a numeric property
 * ({@link KeysetByQuantity}).
 */
public sealed interface PageOrder {

    /**
     * The page's ids found by a walk of the order's index for {@code limit} rows after
     * {@code offset} ({@link IndexWalk}), or null when no index gives this order.
     */
    Ids walk(Scan scan, int offset, int limit);

    /**
     * The page's ids in this order: for {@code few} matches (counted, at most the cap) they are
     * all sorted; for many, a numeric property's index may be walked (its estimate is asked then).
     */
    Ids ids(Handle h, Sql sql, Scan scan, boolean few, int offset, int limit);

    /** {@code query} with the page's size bound, where the SQL names it ({@code :page_limit}). */
    Query bind(Query query, int limit);

    /** {@code " DESC"} or {@code " ASC"}. */
    private static String dir(boolean descending) {
        return descending ? " DESC" : " ASC";
    }

    /** A page's ids ({@code page_id} and sort keys) and their order over its alias {@code page}. */
    record Ids(String select, String outer) {
    }

    /** One sort key of an offset order: an expression over the rows and its direction, unknown values last. */
    record Key(String expr, boolean descending) {
        String dir() {
            return PageOrder.dir(descending);
        }
    }

    /** A numeric property as its name and SI dimension (unbound values). */
    record Quantity(String name, String dimension) {
    }

    /**
     * An offset order by {@code keys} (none: by id), each unknown value last, ties by the row's id
     * ({@code alias.id}) ascending. {@code quantity}: when the only key is a numeric property, that
     * property, whose index a page of many matches walks ({@link QuantityOrder}).
     */
    record Keys(String alias, List<Key> keys, Quantity quantity) implements PageOrder {
        public Keys {
            keys = List.copyOf(keys);
        }

        @Override
        public Ids walk(Scan scan, int offset, int limit) {
            // many matches in id order: the page is usually met early in the id index
            return keys.isEmpty() && scan.source().narrowTables() != null
                    ? new Ids(IndexWalk.page(alias + ".id AS page_id", scan.source().from(), scan.conditions(), alias + ".id",
                            "page_id", String.valueOf(limit + 1), offset), outer(keys))
                    : null;
        }

        @Override
        public Ids ids(Handle h, Sql sql, Scan scan, boolean few, int offset, int limit) {
            // walking the property's index pays only when many entries match; few matches are sorted outright
            if (!few && quantity != null && Counting.walkSortIndex(Counting.estimate(h, sql, scan.from()))) {
                boolean desc = keys.get(0).descending();
                List<Key> byValue = List.of(new Key("matdx_sort_key", desc));
                return new Ids(QuantityOrder.page(scan, sql.bind(quantity.name()), sql.bind(quantity.dimension()), desc, "", null,
                        String.valueOf(offset + limit + 1), "matdx_sort_key" + PageOrder.dir(desc)
                                + " NULLS LAST, page_id LIMIT " + (limit + 1) + " OFFSET " + offset), outer(byValue));
            }
            StringBuilder select = new StringBuilder("SELECT " + alias + ".id AS page_id");
            List<String> by = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                select.append(", ").append(keys.get(i).expr()).append(" AS k").append(i);
                by.add("k" + i + keys.get(i).dir() + " NULLS LAST");
            }
            by.add("page_id");
            return new Ids(select + scan.from() + " ORDER BY " + String.join(", ", by) + " LIMIT " + (limit + 1) + " OFFSET " + offset,
                    outer(keys));
        }

        /** The same order over the page's columns ({@code page.k0 …, page.page_id}). */
        private static String outer(List<Key> order) {
            List<String> by = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                String key = order.get(i).expr().equals("matdx_sort_key") ? "page.matdx_sort_key" : "page.k" + i;
                by.add(key + order.get(i).dir() + " NULLS LAST");
            }
            by.add("page.page_id");
            return String.join(", ", by);
        }

        @Override
        public Query bind(Query query, int limit) {
            return query;
        }
    }

    /**
     * A keyset order of entries ({@code e}) by one expression, ties by id in the same direction;
     * {@code after}: where the page starts, past the last row shown ({@link Condition.After}), or
     * null. {@code indexed}: an index gives this order, so a page of a broad search can be found
     * by walking it.
     */
    record Keyset(String key, boolean descending, boolean indexed, Written after) implements PageOrder {
        private String dir() {
            return PageOrder.dir(descending);
        }

        @Override
        public Ids walk(Scan scan, int offset, int limit) {
            if (!indexed) {
                return null;
            }
            String dir = dir();
            // many matches: the first page is usually met early in the sort order
            return new Ids(IndexWalk.page("e.id AS page_id, " + key + " AS matdx_sort_key",
                    scan.source().from() + (after == null ? "" : (scan.source().rows() == null ? " WHERE " : " AND ") + after.wide()),
                    scan.conditions(), key + dir + ", e.id" + dir, "matdx_sort_key" + dir + ", page_id" + dir, ":page_limit", offset),
                    outer());
        }

        @Override
        public Ids ids(Handle h, Sql sql, Scan scan, boolean few, int offset, int limit) {
            String dir = dir();
            Scan rows = after == null ? scan : scan.and(after);
            return new Ids("SELECT e.id AS page_id, " + key + " AS matdx_sort_key" + rows.from() + " ORDER BY " + key + dir
                    + ", e.id" + dir + " LIMIT :page_limit", outer());
        }

        private String outer() {
            return "page.matdx_sort_key" + dir() + ", e.id" + dir();
        }

        @Override
        public Query bind(Query query, int limit) {
            return query.bind("page_limit", limit + 1);
        }
    }

    /**
     * A keyset order of entries by a numeric property in SI, entries without it last, ties by id
     * in the same direction. {@code name} and {@code dimension} are placeholders; {@code across},
     * for a property stored in several dimensions, the key in conventional units over {@code qs}
     * (else null); the page starts past the row with value {@code afterValue} and id
     * {@code afterId} (null: at the start).
     */
    record KeysetByQuantity(String name, String dimension, String across, boolean descending, Double afterValue, UUID afterId)
            implements PageOrder {
        private String dir() {
            return PageOrder.dir(descending);
        }

        private String infinity() {
            return descending ? "'-Infinity'" : "'Infinity'";
        }

        /** The sort key over {@code matdx_sort_key}: missing values last. */
        private String key(String column) {
            return "COALESCE(" + column + ", " + infinity() + "::float8)";
        }

        @Override
        public Ids walk(Scan scan, int offset, int limit) {
            return null; // many matches walk the property's own index instead (ids)
        }

        @Override
        public Ids ids(Handle h, Sql sql, Scan scan, boolean few, int offset, int limit) {
            String dir = dir();
            String outer = key("page.matdx_sort_key") + dir + ", e.id" + dir;
            if (across == null && !few && Counting.walkSortIndex(Counting.estimate(h, sql, scan.from()))) {
                // two parts: entries that have it, read in order from the property index (so the first page of
                // "highest band gap" does not sort every match), then entries without it, by id
                QuantityOrder.After after = afterValue == null ? null
                        : new QuantityOrder.After(sql.bind(afterValue), sql.bind(afterId), afterValue.isInfinite());
                return new Ids(QuantityOrder.page(scan, name, dimension, descending, dir, after, ":page_limit",
                        key("matdx_sort_key") + dir + ", page_id" + dir + " LIMIT :page_limit"), outer);
            }
            // few matches: join each match's value and sort them all (walking the property index would
            // test entries far from the search when the highest values lie elsewhere)
            String cmp = descending ? "<" : ">";
            String value = across != null ? across : "qs.value_si";
            String key = key(value);
            Scan rows = scan;
            if (afterValue != null) {
                rows = rows.and(Written.same("(" + key + ", e.id) " + cmp + " (CAST(" + sql.bind(afterValue) + " AS float8), "
                        + sql.bind(afterId) + ")", true));
            }
            String order = " ORDER BY " + key + dir + ", e.id" + dir + " LIMIT :page_limit";
            if (across != null) {
                return new Ids("SELECT e.id AS page_id, " + value + " AS matdx_sort_key" + rows.from(" LEFT JOIN entry_quantities qs ON "
                        + "qs.entry_id = e.id AND qs.name = " + name + " AND qs.dimension IS NOT NULL") + order, outer);
            }
            // the values from the narrow copy's rows where it holds all the search tests (La and Zr by band gap:
            // 4,250 matches, each a lookup in entry_quantities otherwise)
            String select = "SELECT e.id AS page_id, qs.value_si AS matdx_sort_key";
            return new Ids(rows.narrowWithQuantity("CAST(" + name + " AS text)", dimension, "qs").map(from -> select + from + order)
                    .orElse(select + rows.from(" LEFT JOIN entry_quantities qs ON qs.entry_id = e.id AND qs.name = " + name
                            + " AND qs.dimension = " + dimension) + order), outer);
        }

        @Override
        public Query bind(Query query, int limit) {
            return query.bind("page_limit", limit + 1);
        }
    }
}
