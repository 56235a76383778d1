package org.matdx.optimade.filter;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The meaning of an OPTIMADE filter: boolean combinations of comparisons on properties, as
 * {@link FilterReader} builds it from the syntax tree. {@link #toString()} writes it back as a
 * fully parenthesised filter that parses to the same tree.
 */
public sealed interface Filter {

    record And(Filter left, Filter right) implements Filter {
        @Override
        public String toString() {
            return "(" + left + " AND " + right + ")";
        }
    }

    record Or(Filter left, Filter right) implements Filter {
        @Override
        public String toString() {
            return "(" + left + " OR " + right + ")";
        }
    }

    record Not(Filter inner) implements Filter {
        @Override
        public String toString() {
            // NOT NOT x is not in the grammar; NOT (NOT x) is
            return inner instanceof Not ? "NOT (" + inner + ")" : "NOT " + inner;
        }
    }

    /** {@code left op right}; either side may be a property or a constant. */
    record Compare(Operand left, Op op, Operand right) implements Filter {
        @Override
        public String toString() {
            return "(" + left + " " + op.symbol + " " + right + ")";
        }
    }

    /** {@code property IS KNOWN} / {@code property IS UNKNOWN}. */
    record Known(Property property, boolean known) implements Filter {
        @Override
        public String toString() {
            return "(" + property + (known ? " IS KNOWN)" : " IS UNKNOWN)");
        }
    }

    /** {@code property CONTAINS / STARTS WITH / ENDS WITH value}. */
    record Fuzzy(Property property, FuzzyOp op, Operand value) implements Filter {
        @Override
        public String toString() {
            return "(" + property + " " + op.keyword + " " + value + ")";
        }
    }

    /**
     * {@code list HAS …} and the correlated form {@code a:b HAS …}: each tuple has one predicate
     * per property; plain {@code HAS x} is quantifier {@link Quantifier#ONE} with one tuple.
     */
    record Has(List<Property> properties, Quantifier quantifier, List<List<Predicate>> tuples) implements Filter {
        public Has {
            properties = List.copyOf(properties);
            tuples = tuples.stream().map(List::copyOf).toList();
        }

        @Override
        public String toString() {
            String props = properties.stream().map(Property::toString).collect(Collectors.joining(":"));
            String vals = tuples.stream().map(t -> t.stream().map(Predicate::toString).collect(Collectors.joining(":")))
                    .collect(Collectors.joining(", "));
            return "(" + props + " HAS " + (quantifier == Quantifier.ONE ? "" : quantifier.name() + " ") + vals + ")";
        }
    }

    /** {@code list LENGTH [op] value}. */
    record Length(Property property, Op op, Operand value) implements Filter {
        @Override
        public String toString() {
            return "(" + property + " LENGTH " + op.symbol + " " + value + ")";
        }
    }

    /** A property on its own: TRUE for booleans, IS KNOWN for the rest. */
    record Bare(Property property) implements Filter {
        @Override
        public String toString() {
            return property.toString();
        }
    }

    /** One side of a comparison. */
    sealed interface Operand permits Property, Literal {
        /** 0-based position in the filter, for messages. */
        int offset();
    }

    /** A (possibly nested) property name such as {@code elements} or {@code references.target.doi}. */
    record Property(List<String> path, int offset) implements Operand {
        public Property {
            path = List.copyOf(path);
        }

        public String name() {
            return String.join(".", path);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    sealed interface Literal extends Operand permits Str, Num, Bool {
    }

    record Str(String value, int offset) implements Literal {
        @Override
        public String toString() {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    /** A number exactly as written (the grammar's numbers are decimal, of any size). */
    record Num(BigDecimal value, int offset) implements Literal {
        @Override
        public String toString() {
            return value.toString();
        }
    }

    record Bool(boolean value, int offset) implements Literal {
        @Override
        public String toString() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** One predicate of a HAS: {@code = v}, {@code < v}, {@code STARTS WITH "x"} … */
    record Predicate(Op op, FuzzyOp fuzzy, Operand value) {
        public Predicate {
            if ((op == null) == (fuzzy == null)) {
                throw new IllegalArgumentException("a predicate has either an operator or a substring operator");
            }
        }

        public static Predicate equalTo(Operand v) {
            return new Predicate(Op.EQ, null, v);
        }

        @Override
        public String toString() {
            if (fuzzy != null) {
                return fuzzy.keyword + " " + value;
            }
            return (op == Op.EQ ? "" : op.symbol + " ") + value;
        }
    }

    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public static Op of(String symbol) {
            for (Op o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("not an operator: " + symbol);
        }

        /** The operator with its operands swapped: {@code 5 < x} is {@code x > 5}. */
        public Op flipped() {
            return switch (this) {
                case EQ, NE -> this;
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
            };
        }

        public boolean ordering() {
            return this != EQ && this != NE;
        }

        /** Whether {@code a op b} holds given {@code compare(a, b)}. */
        public boolean test(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
    }

    enum FuzzyOp {
        CONTAINS("CONTAINS"), STARTS_WITH("STARTS WITH"), ENDS_WITH("ENDS WITH");

        public final String keyword;

        FuzzyOp(String keyword) {
            this.keyword = keyword;
        }
    }

    enum Quantifier { ONE, ALL, ANY, ONLY }
}
