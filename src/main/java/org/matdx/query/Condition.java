package org.matdx.query;

import java.util.List;
import java.util.UUID;
import org.matdx.store.SqlFilter;

/**
 * A search condition over entries (alias {@code e}, datasets {@code d}), as both front ends
 * state it: native search compiles its query parameters into these, OPTIMADE its filter's syntax
 * tree. {@link ConditionSql} writes them as SQL, over entries or, where every part of the
 * condition can be answered there, over the narrow copy {@code entry_search}.
 *
 * <p>Values are never SQL text: {@link Value}s are bound as parameters when the condition is written.
 */
public sealed interface Condition {

    // ---- logic ----------------------------------------------------------------------------

    /** Every part holds: {@code (a AND b …)}; {@code grouped} false writes {@code a AND b} (a list of conditions). */
    record And(List<Condition> parts, boolean grouped) implements Condition {
        public And(Condition a, Condition b) {
            this(List.of(a, b), true);
        }
    }

    /** Some part holds: {@code (a OR b …)}. */
    record Or(List<Condition> parts) implements Condition {
    }

    /** {@code (NOT x)}, or with {@code grouped} false {@code NOT (x)}. */
    record Not(Condition inner, boolean grouped) implements Condition {
        public Not(Condition inner) {
            this(inner, true);
        }
    }

    /** TRUE or FALSE. */
    record Const(boolean value) implements Condition {
    }

    /** Unknown (NULL) read as false: {@code COALESCE(x, FALSE)}. */
    record OrFalse(Condition inner) implements Condition {
    }

    /** OPTIMADE's IS KNOWN / IS UNKNOWN over a test that the value is present: {@code (p)} or {@code (NOT (p))}. */
    record Known(Condition present, boolean known) implements Condition {
    }

    // ---- values of fields -----------------------------------------------------------------

    /** How {@link Is} tests a value. */
    enum Truth {
        NOT_NULL("IS NOT NULL"), TRUE("IS TRUE"), FALSE("IS FALSE");

        final String sql;

        Truth(String sql) {
            this.sql = sql;
        }
    }

    /** {@code x IS NOT NULL}, {@code x IS TRUE}, {@code x IS FALSE}. */
    record Is(Expr x, Truth truth) implements Condition {
    }

    /**
     * {@code x op v}; {@code guarded} writes {@code (x IS NOT NULL AND x op v)}, so that an unknown
     * value makes it false rather than NULL (OPTIMADE's two-valued logic, also under NOT);
     * {@code collate} compares strings by code point.
     */
    record Compare(Expr x, String op, Value v, boolean collate, boolean guarded) implements Condition {
        public static Compare plain(Expr x, String op, Value v) {
            return new Compare(x, op, v, false, false);
        }
    }

    /** Two fields compared, false when either is unknown. */
    record CompareFields(Expr x, String op, Expr y, boolean collate) implements Condition {
    }

    /** {@code x BETWEEN lo AND hi}, guarded as {@link Compare} is. */
    record Between(Expr x, Value lo, Value hi, boolean guarded) implements Condition {
    }

    /** Substring tests of OPTIMADE. */
    enum TextOp {
        CONTAINS, STARTS_WITH, ENDS_WITH
    }

    /** {@code x CONTAINS / STARTS WITH / ENDS WITH value}, false when x is unknown. */
    record Text(Expr x, TextOp op, String value) implements Condition {
    }

    /** An array operator ({@code @>}, {@code &&}, {@code <@}) with an array value, guarded as {@link Compare} is. */
    record ListOp(Expr x, String op, Value array, boolean guarded) implements Condition {
    }

    /** The number of items of a list compared with a number, false when the list is unknown. */
    record Length(Expr x, String op, double n) implements Condition {
    }

    /** How many of a HAS's tuples must be among a list's items. */
    enum Quantifier {
        ONE, ALL, ANY, ONLY
    }

    /**
     * OPTIMADE's HAS over lists read in step ({@code elements:elements_ratios HAS "O":>0.6}):
     * {@code tuples} test the items at one position, named {@code t.v0}, {@code t.v1} … ({@link
     * Expr#item}); {@code keys} (may be empty) are conditions every match fulfils that an index
     * answers, tested first.
     */
    record Tuples(List<Expr> lists, Quantifier quantifier, List<Condition> tuples, List<Condition> keys) implements Condition {
    }

    /** The entry's chemical system is one of {@code systems} (or, with {@code orNoElements}, it has no elements). */
    record ChemicalSystemIn(List<String> systems, boolean orNoElements) implements Condition {
    }

    // ---- related tables -------------------------------------------------------------------

    /**
     * A numeric property of the entry (entry_quantities, in SI): present in {@code dimension} and,
     * unless {@code test} is null, its value {@link Expr#QUANTITY_VALUE} passing {@code test}.
     * With {@code probe} (other conditions select few candidates) a lookup per candidate, which
     * the narrow copy answers from its own row; otherwise a semi-join the range index drives.
     */
    record Quantity(String name, String dimension, Condition test, boolean probe) implements Condition {
    }

    /**
     * Some row of {@code rows} (a FROM … WHERE … correlated with {@code e}, its own access filter
     * included) fulfils {@code condition}: OPTIMADE relationships.
     */
    record Related(String rows, Condition condition) implements Condition {
    }

    /** How many rows of {@code rows} fulfil {@code condition}, compared with {@code n}. */
    record RelatedCount(String rows, Condition condition, String op, double n) implements Condition {
    }

    /** Full text: the title and metadata ({@code described}: datasets whose description matches), and the data where readable. */
    record FullText(String text, List<UUID> described, SqlFilter full) implements Condition {
    }

    /** The entry's sample is one of these (by id or PID) that the caller may see ({@code visible}, datasets as {@code sd}). */
    record SampleIn(List<UUID> ids, List<String> pids, SqlFilter visible) implements Condition {
    }

    /** The entry's dataset is owned by one of these users, or belongs to one of these groups. */
    record OwnerIn(List<String> usernames) implements Condition {
    }

    record GroupIn(List<String> names) implements Condition {
    }

    /**
     * The summed weight fraction of the phases of {@code formula} identified in the entry's current
     * analysis compared as {@code test} (over {@link Expr#PHASE_FRACTION}), in an analysis whose
     * every structure the caller may read ({@code readable}, datasets as {@code ph_d}).
     */
    record Phase(String formula, Condition test, SqlFilter readable) implements Condition {
    }

    /** Keyset paging: {@code (key, e.id)} past the last row shown ({@code cmp} is {@code >} or {@code <}). */
    record After(Expr key, String cmp, Value last, Value id) implements Condition {
    }

    // ---- values ---------------------------------------------------------------------------

    /** A value in a condition: bound as a parameter, never written into the SQL. */
    sealed interface Value {
        /** A parameter, cast to {@code cast} (null: as bound). */
        record Param(Object value, String cast) implements Value {
        }

        /** {@code TRUE} or {@code FALSE}. */
        record Bool(boolean value) implements Value {
        }

        /** A whole number written into the SQL: a constant of the code, never a user's value. */
        record Whole(long value) implements Value {
        }

        /** {@code ANY(v)}. */
        record Any(Value of) implements Value {
        }

        static Value of(Object v) {
            return new Param(v, null);
        }

        static Value cast(Object v, String type) {
            return new Param(v, type);
        }

        static Value texts(List<String> values) {
            return new Param(values.toArray(new String[0]), "text[]");
        }
    }
}
