package org.matdx.optimade.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.matdx.optimade.filter.Cst.Rule;
import org.matdx.optimade.filter.Filter.Bool;
import org.matdx.optimade.filter.Filter.FuzzyOp;
import org.matdx.optimade.filter.Filter.Num;
import org.matdx.optimade.filter.Filter.Op;
import org.matdx.optimade.filter.Filter.Operand;
import org.matdx.optimade.filter.Filter.Predicate;
import org.matdx.optimade.filter.Filter.Property;
import org.matdx.optimade.filter.Filter.Quantifier;
import org.matdx.optimade.filter.Filter.Str;

/**
 * Turns the syntax tree into a {@link Filter}, and rejects what the grammar lets through but the
 * specification does not mean: substring operators on numbers or booleans, and correlated
 * ({@code a:b HAS x:y}) comparisons whose value tuples do not match the number of properties.
 */
public final class FilterReader {
    private final String text;

    private FilterReader(String text) {
        this.text = text;
    }

    /** Parses and reads a filter: the one entry point for everything that takes OPTIMADE filters. */
    public static Filter parse(String filter) {
        return read(filter, FilterParser.parse(filter));
    }

    static Filter read(String text, Rule filterRule) {
        return new FilterReader(text).expression(filterRule.child("Expression"));
    }

    private Filter expression(Rule r) {
        Filter left = clause(r.child("ExpressionClause"));
        Rule rest = r.child("Expression");
        return rest == null ? left : new Filter.Or(left, expression(rest));
    }

    private Filter clause(Rule r) {
        Filter left = phrase(r.child("ExpressionPhrase"));
        Rule rest = r.child("ExpressionClause");
        return rest == null ? left : new Filter.And(left, clause(rest));
    }

    private Filter phrase(Rule r) {
        Filter inner = r.child("Comparison") != null ? comparison(r.child("Comparison")) : expression(r.child("Expression"));
        return r.child("NOT") != null ? new Filter.Not(inner) : inner;
    }

    private Filter comparison(Rule r) {
        Rule c = r.rules().get(0);
        if (c.name().equals("ConstantFirstComparison")) {
            Operand left = c.child("OrderedConstant") != null ? constant(c.child("OrderedConstant"))
                    : unordered(c.child("UnorderedConstant"));
            Rule rhs = c.child("ValueOpRhs") != null ? c.child("ValueOpRhs").rules().get(0) : c.child("ValueEqRhs");
            return compare(left, rhs);
        }
        Property p = property(c.child("Property"));
        List<Rule> parts = c.rules();
        if (parts.size() == 1) {
            return new Filter.Bare(p);
        }
        Rule rhs = parts.get(1);
        return switch (rhs.name()) {
            case "ValueOpRhs" -> compare(p, rhs.rules().get(0));
            case "KnownOpRhs" -> new Filter.Known(p, rhs.child("KNOWN") != null);
            case "FuzzyStringOpRhs" -> fuzzy(p, rhs);
            case "SetOpRhs" -> set(p, rhs);
            case "SetZipOpRhs" -> setZip(p, rhs);
            case "LengthOpRhs" -> length(p, rhs);
            default -> throw new IllegalStateException("unexpected rule " + rhs.name());
        };
    }

    /** {@code rhs} is a ValueEqRhs or a ValueRelCompRhs. */
    private Filter compare(Operand left, Rule rhs) {
        Op op = Op.of(operator(rhs.rules().get(0)));
        return new Filter.Compare(left, op, operand(rhs.rules().get(1)));
    }

    private Filter fuzzy(Property p, Rule rhs) {
        Predicate pred = fuzzyPredicate(rhs);
        return new Filter.Fuzzy(p, pred.fuzzy(), pred.value());
    }

    private Predicate fuzzyPredicate(Rule rhs) {
        FuzzyOp op = rhs.child("CONTAINS") != null ? FuzzyOp.CONTAINS
                : rhs.child("STARTS") != null ? FuzzyOp.STARTS_WITH : FuzzyOp.ENDS_WITH;
        Operand v = operand(rhs.child("Value"));
        if (v instanceof Num || v instanceof Bool) {
            throw FilterException.invalid(text, v.offset(), op.keyword + " compares strings, but " + v
                    + " is not a string; write it in double quotes");
        }
        return new Predicate(null, op, v);
    }

    private Filter set(Property p, Rule rhs) {
        List<Rule> parts = rhs.rules();
        Rule second = parts.get(1);
        switch (second.name()) {
            case "ALL", "ANY", "ONLY" -> {
                List<List<Predicate>> tuples = new ArrayList<>();
                for (Rule entry : parts.get(2).rules()) {
                    if (entry.name().equals("ValueListEntry")) {
                        tuples.add(List.of(entryPredicate(entry)));
                    }
                }
                return new Filter.Has(List.of(p), Quantifier.valueOf(second.name()), tuples);
            }
            case "EqualityOperator", "RelativeComparisonOperator" -> {
                Predicate pred = new Predicate(Op.of(operator(second)), null, operand(parts.get(2)));
                return new Filter.Has(List.of(p), Quantifier.ONE, List.of(List.of(pred)));
            }
            case "FuzzyStringOpRhs" -> {
                return new Filter.Has(List.of(p), Quantifier.ONE, List.of(List.of(fuzzyPredicate(second))));
            }
            default -> {
                return new Filter.Has(List.of(p), Quantifier.ONE, List.of(List.of(Predicate.equalTo(operand(second)))));
            }
        }
    }

    private Filter setZip(Property first, Rule rhs) {
        List<Property> props = new ArrayList<>();
        props.add(first);
        for (Rule r : rhs.child("PropertyZipAddon").rules()) {
            if (r.name().equals("Property")) {
                props.add(property(r));
            }
        }
        List<Rule> parts = rhs.rules();
        Quantifier q = Quantifier.ONE;
        List<Rule> zips = new ArrayList<>();
        Rule after = parts.get(2);
        if (after.name().equals("ValueZip")) {
            zips.add(after);
        } else {
            q = Quantifier.valueOf(after.name());
            for (Rule z : parts.get(3).rules()) {
                if (z.name().equals("ValueZip")) {
                    zips.add(z);
                }
            }
        }
        List<List<Predicate>> tuples = new ArrayList<>();
        for (Rule z : zips) {
            List<Predicate> tuple = new ArrayList<>();
            for (Rule e : z.rules()) {
                if (e.name().equals("ValueListEntry")) {
                    tuple.add(entryPredicate(e));
                }
            }
            if (tuple.size() != props.size()) {
                throw FilterException.invalid(text, z.offset(), "this correlated comparison lists " + props.size()
                        + " properties (" + String.join(":", props.stream().map(Property::name).toList()) + ") but "
                        + tuple.size() + " values; give one value per property");
            }
            tuples.add(tuple);
        }
        return new Filter.Has(props, q, tuples);
    }

    private Predicate entryPredicate(Rule entry) {
        Rule inner = entry.rules().get(0);
        return switch (inner.name()) {
            case "Value" -> Predicate.equalTo(operand(inner));
            case "ValueEqRhs", "ValueRelCompRhs" ->
                    new Predicate(Op.of(operator(inner.rules().get(0))), null, operand(inner.rules().get(1)));
            case "FuzzyStringOpRhs" -> fuzzyPredicate(inner);
            default -> throw new IllegalStateException("unexpected rule " + inner.name());
        };
    }

    private Filter length(Property p, Rule rhs) {
        Rule op = rhs.child("Operator");
        Op o = op == null ? Op.EQ : Op.of(operator(op.rules().get(0)));
        return new Filter.Length(p, o, operand(rhs.child("Value")));
    }

    // ---- operands -------------------------------------------------------------------------

    /** A Value, OrderedValue, OrderedConstant or Property rule as an operand. */
    private Operand operand(Rule r) {
        return switch (r.name()) {
            case "Value", "OrderedValue" -> operand(r.rules().get(0));
            case "OrderedConstant" -> constant(r);
            case "UnorderedConstant" -> unordered(r);
            case "Property" -> property(r);
            default -> throw new IllegalStateException("unexpected rule " + r.name());
        };
    }

    private Operand constant(Rule orderedConstant) {
        Rule c = orderedConstant.rules().get(0);
        if (c.name().equals("String")) {
            return new Str(unescape(c), c.offset());
        }
        return new Num(number(c), c.offset());
    }

    private static Bool unordered(Rule r) {
        return new Bool(r.child("TRUE") != null, r.offset());
    }

    private Property property(Rule r) {
        List<String> path = new ArrayList<>();
        for (Rule id : r.rules()) {
            if (id.name().equals("Identifier")) {
                path.add(id.text().strip());
            }
        }
        return new Property(path, r.offset());
    }

    private static String operator(Rule r) {
        return r.text().strip();
    }

    private static String unescape(Rule string) {
        StringBuilder sb = new StringBuilder();
        for (Cst c : string.children()) {
            if (c instanceof Rule e && e.name().equals("EscapedChar")) {
                if (e.children().size() == 2) {
                    sb.append(((Cst.Token) e.children().get(1)).text());
                } else {
                    sb.append(e.text());
                }
            }
        }
        return sb.toString();
    }

    /** The grammar allows "1." and ".5"; BigDecimal wants a digit on both sides of the point. */
    private BigDecimal number(Rule n) {
        String s = n.text().strip().replace(".e", ".0e").replace(".E", ".0E");
        if (s.endsWith(".")) {
            s = s + "0";
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            throw FilterException.notImplemented(text, n.offset(), "the number " + n.text().strip()
                    + " is outside the range MatDX can represent (about ±1.8e308)");
        }
    }
}
