package org.matdx.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The rows a query reads: FROM … WHERE … over entries and, when every condition can be answered
 * there, the same over the narrow copy entry_search ({@link SearchTable}). Counts and facet
 * samples, which read rows until they have enough, read the copy when they can; pages, their
 * order and whatever else reads whole entries read entries. Made by {@link ConditionSql#scan},
 * which embeds the access policy's filter.
 *
 * @param source the table(s) and the condition selecting their rows of the entry type
 * @param where  the conditions, access filter first, joined by AND
 */
public record Scan(Source source, List<Written> where) {
    public Scan {
        where = List.copyOf(where);
    }

    /**
     * Where rows come from: {@code tables} (a FROM clause), {@code rows} (a condition selecting an
     * entry type's rows, or null) and, for entries, their narrow copy.
     */
    public record Source(String tables, String narrowTables, String rows) {
        /** Entries (alias e) with their datasets (alias d). */
        public static final Source ENTRIES = new Source(SearchTable.ENTRIES, SearchTable.NARROW, null);

        /** Entries of which only those fulfilling {@code rows} (over columns the narrow copy has) are of the type. */
        public static Source entries(String rows) {
            return new Source(SearchTable.ENTRIES, SearchTable.NARROW, rows);
        }

        /** Rows of a table without a narrow copy. */
        public static Source of(String tables, String rows) {
            return new Source(tables, null, rows);
        }

        /** FROM … [WHERE rows]. */
        public String from() {
            return tables + (rows == null ? "" : " WHERE " + rows);
        }
    }

    /** A condition as SQL over entries, and over entry_search ({@code narrow}, null when the copy cannot answer it). */
    public record Written(String wide, String narrow) {
        public static Written same(String text, boolean narrow) {
            return new Written(text, narrow ? text : null);
        }

        Written map(UnaryOperator<String> f) {
            return new Written(f.apply(wide), narrow == null ? null : f.apply(narrow));
        }
    }

    /** This scan with another condition. */
    public Scan and(Written condition) {
        List<Written> more = new ArrayList<>(where);
        more.add(condition);
        return new Scan(source, more);
    }

    /** The conditions over entries (access filter included, the type's rows not), joined by AND. */
    public String conditions() {
        return String.join(" AND ", where.stream().map(Written::wide).toList());
    }

    /** FROM … WHERE … over entries. */
    public String from() {
        return from("");
    }

    /** FROM … {@code join} WHERE … over entries, {@code join} being more tables joined to them. */
    public String from(String join) {
        return whole(source.tables() + join, where.stream().map(Written::wide).toList());
    }

    /** FROM … WHERE … over entry_search, when the copy answers every condition. */
    public Optional<String> narrow() {
        return narrow("");
    }

    /** FROM … {@code join} WHERE … over entry_search, when the copy answers every condition. */
    public Optional<String> narrow(String join) {
        if (source.narrowTables() == null || where.stream().anyMatch(w -> w.narrow() == null)) {
            return Optional.empty();
        }
        return Optional.of(whole(source.narrowTables() + join, where.stream().map(Written::narrow).toList()));
    }

    /**
     * As {@link #narrow()}, with each row's value of a numeric property (its name and dimension as
     * SQL, e.g. placeholders) as {@code alias.value_si}, NULL where the entry has none: read from the
     * copy's own row where entries would need a lookup in entry_quantities per row.
     */
    public Optional<String> narrowWithQuantity(String name, String dimension, String alias) {
        return narrow(" CROSS JOIN LATERAL (SELECT " + SearchTable.quantityInRow(name, dimension) + " AS value_si) AS " + alias);
    }

    private String whole(String tables, List<String> conditions) {
        List<String> all = new ArrayList<>();
        if (source.rows() != null) {
            all.add(source.rows());
        }
        all.addAll(conditions);
        return tables + (all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all));
    }
}
