package org.matdx.query;

/**
 * A SQL expression over an entry ({@code e}) or another row a condition tests, and whether the
 * narrow copy {@code entry_search} holds everything it reads ({@link SearchTable}): declared with
 * the field ({@link Fields}), never found by reading the SQL.
 *
 * @param sql    the expression, e.g. {@code e.nelements}
 * @param narrow whether it means the same over entry_search's row as over the entries row
 */
public record Expr(String sql, boolean narrow) {
    /** A numeric property's SI value in entry_quantities, as {@link Condition.Quantity}'s test reads it. */
    public static final Expr QUANTITY_VALUE = new Expr("q.value_si", true);
    /** The weight fraction of a phase, as {@link Condition.Phase}'s test reads it. */
    public static final Expr PHASE_FRACTION = new Expr("matdx_phase_fraction", true);

    /** A column of entries that the narrow copy has too. */
    public static Expr narrow(String sql) {
        return new Expr(sql, true);
    }

    /** An expression the narrow copy cannot answer (it reads columns only entries have). */
    public static Expr wide(String sql) {
        return new Expr(sql, false);
    }

    /** The item at position {@code i} of the lists a {@link Condition.Tuples} reads in step. */
    public static Expr item(int i) {
        return new Expr("t.v" + i, true);
    }

    /** {@code (sql)}, as OPTIMADE writes a property's expression. */
    public Expr grouped() {
        return new Expr("(" + sql + ")", narrow);
    }
}
