package org.matdx.optimade;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.optimade.PropertyDef.Access;
import org.matdx.optimade.PropertyDef.Type;
import org.matdx.optimade.filter.Filter;
import org.matdx.optimade.filter.Filter.Bool;
import org.matdx.optimade.filter.Filter.Literal;
import org.matdx.optimade.filter.Filter.Num;
import org.matdx.optimade.filter.Filter.Op;
import org.matdx.optimade.filter.Filter.Operand;
import org.matdx.optimade.filter.Filter.Predicate;
import org.matdx.optimade.filter.Filter.Property;
import org.matdx.optimade.filter.Filter.Quantifier;
import org.matdx.optimade.filter.Filter.Str;
import org.matdx.optimade.filter.FilterException;
import org.matdx.query.ChemicalSystems;
import org.matdx.query.Condition;
import org.matdx.query.Condition.Value;
import org.matdx.query.ElementKeys;
import org.matdx.query.Expr;
import org.matdx.query.Field;

/**
 * Translates a {@link Filter} into the query engine's {@link Condition}s over an entry type's
 * properties (the engine writes the SQL). The result is two-valued like the specification's
 * semantics: a comparison involving an unknown (null) value is false, so {@code NOT x = 1}
 * matches entries where x is unknown; every predicate is guarded so that SQL's NULL never leaks
 * into AND, OR and NOT.
 *
 * <p>Unknown properties without a prefix or with MatDX's own prefix are 400 errors; properties
 * with another database's prefix are unknown (null) with a warning for prefixes MatDX does not
 * recognise. Comparisons between values of different types, and optional features MatDX does not
 * evaluate, are 501 errors naming what is not supported.
 */
final class FilterSql {
    static final String PREFIX = "matdx";
    /** Database-provider prefixes registered with OPTIMADE (providers.optimade.org); no warning for these. */
    static final Set<String> KNOWN_PREFIXES = Set.of("aflow", "alexandria", "cmr", "cod", "httk", "jarvis", "matcloud",
            "mcloud", "mcloudarchive", "mp", "mpdd", "mpds", "mpod", "nmd", "odbx", "omdb", "oqmd", "optimade", "pcod",
            "tcod", "twodmatpedia", "exmpl", "ccpnc", "matterverse", "necro", "nomad");
    private static final Pattern PREFIXED = Pattern.compile("^_([a-z0-9]+)_");
    private static final Condition FALSE = new Condition.Const(false);
    private static final Expr ELEMENT_KEYS = Field.expr("element_keys");
    /** structure_features' source */
    private static final Expr DISORDERED = Field.expr("disordered");

    private final String text;
    private final String type;
    private final Map<String, PropertyDef> properties;
    private final Map<String, Relation> relations;
    private final List<String> warnings;
    /** Whether numeric-property tests are run per candidate entry (see {@link #quantityExists}). */
    private boolean probeQuantities;
    /** Whether the filter pairs elements with their fractions, so element tests go to the same index (V35). */
    private boolean fractionKeys;

    private FilterSql(String text, EntryType t, Map<String, Relation> relations, List<String> warnings) {
        this.text = text;
        this.type = t.name();
        this.properties = t.properties();
        this.relations = relations;
        this.warnings = warnings;
    }

    /** The condition the filter states; warnings go into {@code warnings}. */
    static Condition translate(String text, Filter f, EntryType type, Map<String, Relation> relations, List<String> warnings) {
        FilterSql t = new FilterSql(text, type, relations, warnings);
        t.probeQuantities = t.hasOtherConditions(f);
        t.fractionKeys = pairsElementsWithFractions(f);
        return t.condition(f);
    }

    private static boolean pairsElementsWithFractions(Filter f) {
        return switch (f) {
            case Filter.And a -> pairsElementsWithFractions(a.left()) || pairsElementsWithFractions(a.right());
            case Filter.Or o -> pairsElementsWithFractions(o.left()) || pairsElementsWithFractions(o.right());
            case Filter.Not n -> pairsElementsWithFractions(n.inner());
            case Filter.Has h -> h.properties().stream().map(Property::name).toList()
                    .containsAll(List.of("elements", "elements_ratios"));
            default -> false;
        };
    }

    /** Whether the filter tests anything besides numeric entry properties. */
    private boolean hasOtherConditions(Filter f) {
        return switch (f) {
            case Filter.And a -> hasOtherConditions(a.left()) || hasOtherConditions(a.right());
            case Filter.Or o -> hasOtherConditions(o.left()) || hasOtherConditions(o.right());
            case Filter.Not n -> hasOtherConditions(n.inner());
            case Filter.Compare c -> !(isQuantity(c.left()) || isQuantity(c.right()));
            case Filter.Known k -> !isQuantity(k.property());
            case Filter.Bare b -> !isQuantity(b.property());
            default -> true;
        };
    }

    private boolean isQuantity(Operand o) {
        return o instanceof Property p && properties.get(p.name()) != null
                && properties.get(p.name()).access() == Access.QUANTITY;
    }

    private Condition condition(Filter f) {
        Condition related = related(f);
        if (related != null) {
            return related;
        }
        return switch (f) {
            case Filter.And a -> new Condition.And(condition(a.left()), condition(a.right()));
            case Filter.Or o -> new Condition.Or(List.of(condition(o.left()), condition(o.right())));
            case Filter.Not n -> new Condition.Not(condition(n.inner()));
            case Filter.Compare c -> compare(c);
            case Filter.Known k -> known(k);
            case Filter.Fuzzy z -> fuzzy(z);
            case Filter.Has h -> has(h);
            case Filter.Length l -> length(l);
            case Filter.Bare b -> bare(b);
        };
    }

    // ---- property lookup ------------------------------------------------------------------

    /** The property's definition, or null for a property of another database (handled as unknown). */
    private PropertyDef lookup(Property p) {
        String name = p.name();
        if (isRelationship(p)) {
            Relation rel = relation(p);
            String part = p.path().get(1);
            if (p.path().size() == 2 && part.equals("id")) {
                return PropertyDef.list(name, Type.STRING, rel.ids(), PropertyDef.Response.ON_REQUEST, "inapplicable",
                        "The ids of the related " + rel.name() + ".");
            }
            if (part.equals("role") || part.equals("description")) {
                throw notImplemented(p.offset(), "MatDX's relationships carry no " + part + "s; filter on " + rel.name()
                        + ".id or " + rel.name() + ".target.<property>");
            }
            throw notImplemented(p.offset(), name + " cannot be combined here: a relationship's targets are tested one "
                    + "property at a time, or together in a HAS of their own");
        }
        if (p.path().size() > 1) {
            PropertyDef nested = properties.get(name);
            if (nested != null) {
                return nested;
            }
            PropertyDef parent = properties.get(p.path().get(0));
            if (parent != null) {
                throw notImplemented(p.offset(), "filtering on nested property names such as '" + name
                        + "' is not supported for " + parent.name() + " (an OPTIONAL feature)");
            }
        }
        PropertyDef def = properties.get(name);
        if (def != null) {
            return def;
        }
        if (StandardProperties.isStandard(type, name)) {
            return null; // defined by the specification, held by no entry here: unknown for every entry
        }
        Matcher m = PREFIXED.matcher(name);
        if (m.find() && !m.group(1).equals(PREFIX)) {
            if (!KNOWN_PREFIXES.contains(m.group(1))) {
                warnings.add("'" + name + "' has the prefix _" + m.group(1) + "_, which MatDX does not recognise; "
                        + "it was treated as unknown for every entry");
            }
            return null;
        }
        throw FilterException.invalid(text, p.offset(), "unknown property '" + name + "'"
                + (m.find() ? "; MatDX's own properties are listed at /info" : "; see /info for the properties that can be filtered on"));
    }

    private PropertyDef queryable(Property p) {
        PropertyDef def = lookup(p);
        if (def != null && !def.queryable()) {
            throw notImplemented(p.offset(), "filtering on " + def.name() + " is not supported (an OPTIONAL feature)");
        }
        return def;
    }

    // ---- comparisons ----------------------------------------------------------------------

    private Condition compare(Filter.Compare c) {
        Operand left = c.left();
        Op op = c.op();
        Operand right = c.right();
        if (left instanceof Literal && right instanceof Property) {
            // 5 < x is x > 5
            Operand t = left;
            left = right;
            right = t;
            op = op.flipped();
        }
        if (left instanceof Literal l && right instanceof Literal r) {
            return constants(l, op, r);
        }
        Property p = (Property) left;
        PropertyDef def = queryable(p);
        if (right instanceof Property other) {
            PropertyDef odef = queryable(other);
            if (def == null || odef == null) {
                return FALSE;
            }
            return propertyToProperty(def, p, op, odef, other);
        }
        if (def == null) {
            return FALSE;
        }
        Literal v = (Literal) right;
        return switch (def.access()) {
            case COLUMN -> scalar(def, op, v, p);
            case QUANTITY -> quantity(def, op, v, p);
            case LIST -> throw notImplemented(p.offset(), def.name() + " is a list; compare its items with HAS, "
                    + "HAS ALL, HAS ANY, HAS ONLY or LENGTH");
            case NONE -> throw new IllegalStateException();
        };
    }

    /** A scalar column compared with a constant, false when the column is null. */
    private Condition scalar(PropertyDef def, Op op, Literal v, Property p) {
        Value value = bindFor(def.type(), v, op, def.name(), p);
        return new Condition.Compare(def.expr(), sqlOp(op), value, def.type() == Type.STRING && op.ordering(), true);
    }

    /** Binds a constant as the property's type; 501 when the types differ (the specification's rule). */
    private Value bindFor(Type type, Literal v, Op op, String name, Property p) {
        switch (type) {
            case STRING -> {
                if (v instanceof Str s) {
                    return Value.cast(s.value(), "text");
                }
            }
            case INTEGER, FLOAT -> {
                if (v instanceof Num n) {
                    return Value.cast(finite(n), "float8");
                }
            }
            case TIMESTAMP -> {
                if (v instanceof Str s) {
                    return Value.cast(timestamp(s), "timestamptz");
                }
            }
            case BOOLEAN -> {
                if (v instanceof Bool b) {
                    if (op.ordering()) {
                        throw FilterException.invalid(text, p.offset(), "booleans can only be compared with = and !=");
                    }
                    return new Value.Bool(b.value());
                }
            }
            default -> {
            }
        }
        throw notImplemented(v.offset(), name + " is of type " + type.code + " but " + v + " is "
                + literalType(v) + "; comparing values of different types is not supported");
    }

    private Condition quantity(PropertyDef def, Op op, Literal v, Property p) {
        if (!(v instanceof Num n)) {
            throw notImplemented(v.offset(), def.name() + " is of type float but " + v + " is " + literalType(v)
                    + "; comparing values of different types is not supported");
        }
        double si = finite(n) * def.factor();
        return quantityExists(def, Condition.Compare.plain(Expr.QUANTITY_VALUE, sqlOp(op), Value.cast(si, "float8")));
    }

    /**
     * Whether the entry has the property (meeting {@code condition}). With other conditions in the
     * filter (elements, formulas …) the test runs per candidate entry, a primary-key lookup
     * ({@code OFFSET 0} keeps PostgreSQL from turning it into a join that reads every value of the
     * property first — its estimate of how many values match is often far off); on its own, it
     * stays a semi-join the property's range index can drive.
     */
    private Condition quantityExists(PropertyDef def, Condition test) {
        return new Condition.Quantity(def.sql(), def.dimension(), test, probeQuantities);
    }

    private Condition propertyToProperty(PropertyDef a, Property pa, Op op, PropertyDef b, Property pb) {
        if (a.access() != Access.COLUMN || b.access() != Access.COLUMN) {
            throw notImplemented(pa.offset(), "comparing " + a.name() + " with " + b.name()
                    + " is not supported; compare a property with a constant");
        }
        boolean compatible = a.type() == b.type() || a.numeric() && b.numeric();
        if (!compatible) {
            throw notImplemented(pb.offset(), a.name() + " (" + a.type().code + ") and " + b.name() + " ("
                    + b.type().code + ") are of different types; comparing them is not supported");
        }
        if (a.type() == Type.BOOLEAN && op.ordering()) {
            throw FilterException.invalid(text, pa.offset(), "booleans can only be compared with = and !=");
        }
        return new Condition.CompareFields(a.expr(), sqlOp(op), b.expr(), a.type() == Type.STRING && op.ordering());
    }

    private Condition constants(Literal l, Op op, Literal r) {
        if (l instanceof Num a && r instanceof Num b) {
            return new Condition.Const(op.test(a.value().compareTo(b.value())));
        }
        if (l instanceof Bool a && r instanceof Bool b) {
            if (op.ordering()) {
                throw FilterException.invalid(text, l.offset(), "booleans can only be compared with = and !=");
            }
            return new Condition.Const(op.test(Boolean.compare(a.value(), b.value())));
        }
        if (l instanceof Str && r instanceof Str) {
            throw notImplemented(l.offset(), "comparing two strings is not supported (the specification leaves "
                    + "their type, string or timestamp, undefined)");
        }
        throw notImplemented(l.offset(), "comparing " + literalType(l) + " with " + literalType(r) + " is not supported");
    }

    // ---- KNOWN, bare properties, substrings ------------------------------------------------

    private Condition known(Filter.Known k) {
        PropertyDef def = lookup(k.property());
        if (def == null) {
            return new Condition.Const(!k.known());
        }
        Condition known = switch (def.access()) {
            case COLUMN, LIST -> new Condition.Is(def.expr(), Condition.Truth.NOT_NULL);
            case QUANTITY -> quantityExists(def, null);
            case NONE -> def.sql() != null ? new Condition.Is(def.expr(), Condition.Truth.NOT_NULL) : servedKnown(def, k.property());
        };
        return new Condition.Known(known, k.known());
    }

    /** Served-only properties are known exactly when the entry has a structure: all structures carry them. */
    private Condition servedKnown(PropertyDef def, Property p) {
        if (properties.containsKey("nsites")) {
            return new Condition.Is(properties.get("nsites").expr(), Condition.Truth.NOT_NULL);
        }
        throw notImplemented(p.offset(), "IS KNOWN on " + def.name() + " is not supported");
    }

    private Condition bare(Filter.Bare b) {
        PropertyDef def = lookup(b.property());
        if (def == null) {
            return FALSE;
        }
        if (def.type() == Type.BOOLEAN && def.access() == Access.COLUMN) {
            return new Condition.Compare(def.expr(), "=", new Value.Bool(true), false, true);
        }
        return known(new Filter.Known(b.property(), true));
    }

    private Condition fuzzy(Filter.Fuzzy z) {
        PropertyDef def = queryable(z.property());
        if (def == null) {
            return FALSE;
        }
        if (def.access() != Access.COLUMN || def.type() != Type.STRING) {
            throw notImplemented(z.property().offset(), z.op().keyword + " works on strings; " + def.name() + " is "
                    + (def.type() == Type.LIST ? "a list (use HAS " + z.op().keyword + " …)" : "of type " + def.type().code));
        }
        if (!(z.value() instanceof Str s)) {
            throw notImplemented(z.value().offset(), z.op().keyword + " with a property on the right-hand side "
                    + "is not supported (an OPTIONAL feature)");
        }
        return new Condition.Text(def.expr(), textOp(z.op()), s.value());
    }

    private static Condition.TextOp textOp(Filter.FuzzyOp op) {
        return switch (op) {
            case CONTAINS -> Condition.TextOp.CONTAINS;
            case STARTS_WITH -> Condition.TextOp.STARTS_WITH;
            case ENDS_WITH -> Condition.TextOp.ENDS_WITH;
        };
    }

    // ---- lists ----------------------------------------------------------------------------

    private Condition has(Filter.Has h) {
        if (h.properties().size() > 1 && h.properties().stream().anyMatch(this::isRelationship)) {
            throw notImplemented(h.properties().get(0).offset(), "the ids of related entries are not correlated with "
                    + "other lists; test them in a HAS of their own");
        }
        List<PropertyDef> defs = new ArrayList<>();
        for (Property p : h.properties()) {
            PropertyDef def = queryable(p);
            if (def != null && def.access() != Access.LIST) {
                throw notImplemented(p.offset(), "HAS works on lists; " + def.name() + " is of type " + def.type().code);
            }
            defs.add(def);
        }
        if (defs.contains(null)) {
            return FALSE;
        }
        for (List<Predicate> tuple : h.tuples()) {
            for (int i = 0; i < tuple.size(); i++) {
                checkItem(defs.get(i), h.properties().get(i), tuple.get(i));
            }
        }
        if (defs.size() == 1 && allEquality(h.tuples()) && h.tuples().stream().allMatch(t -> t.get(0).value() instanceof Literal)) {
            return arrayOperator(defs.get(0), h);
        }
        List<Condition> keys = ratioKeys(defs, h);
        List<Condition> tuples = new ArrayList<>();
        for (List<Predicate> tuple : h.tuples()) {
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                parts.add(itemCondition(defs.get(i), Expr.item(i), tuple.get(i)));
            }
            tuples.add(new Condition.And(parts, true));
        }
        return new Condition.Tuples(defs.stream().map(PropertyDef::expr).toList(), quantifier(h.quantifier()), tuples, keys);
    }

    private static Condition.Quantifier quantifier(Quantifier q) {
        return Condition.Quantifier.valueOf(q.name());
    }

    /**
     * For {@code elements:elements_ratios HAS "O":>0.6} and its kin: a condition on the indexed
     * element/fraction keys (V35) that every match fulfils, so PostgreSQL checks the exact pairs on
     * the few entries with such keys only; null where no such condition exists.
     */
    private List<Condition> ratioKeys(List<PropertyDef> defs, Filter.Has h) {
        int el = -1;
        int ratio = -1;
        for (int i = 0; i < defs.size(); i++) {
            if (defs.get(i).sql().equals("e.elements")) {
                el = i;
            } else if (defs.get(i).sql().equals("e.element_fractions")) {
                ratio = i;
            }
        }
        if (el < 0 || ratio < 0 || h.quantifier() == Filter.Quantifier.ONLY) {
            return List.of();
        }
        List<List<String>> perTuple = new ArrayList<>();
        for (List<Predicate> tuple : h.tuples()) {
            Predicate e = tuple.get(el);
            Predicate r = tuple.get(ratio);
            if (e.op() != Op.EQ || !(e.value() instanceof Str symbol) || r.op() == null || r.op() == Op.NE
                    || !(r.value() instanceof Num n)) {
                if (h.quantifier() == Filter.Quantifier.ALL) {
                    continue; // the other tuples still narrow the search
                }
                return List.of(); // an OR with an unbounded arm: no key condition covers it
            }
            perTuple.add(fractionKeys(symbol.value(), r.op(), n.value().doubleValue()));
        }
        List<Condition> conds = new ArrayList<>();
        if (h.quantifier() == Filter.Quantifier.ALL) {
            for (List<String> keys : perTuple) {
                conds.add(new Condition.ListOp(ELEMENT_KEYS, "&&", Value.texts(keys), false));
            }
        } else if (!perTuple.isEmpty()) {
            conds.add(new Condition.ListOp(ELEMENT_KEYS, "&&", Value.texts(perTuple.stream().flatMap(List::stream).distinct().toList()),
                    false));
        }
        return conds;
    }

    /**
     * The keys of V35 ({@code O=12}: exactly 12/20; {@code O:12}: strictly between 12/20 and
     * 13/20; the end buckets also hold anything below 0 or above 1) under which an element with a
     * fraction x such that {@code x op v} can be filed. Exact keys are compared as the database
     * compares the fractions themselves, so "&gt; 0.6" leaves out {@code O=12}.
     */
    static List<String> fractionKeys(String symbol, Op op, double v) {
        List<String> keys = new ArrayList<>();
        for (int k = 0; k <= 20; k++) {
            double x = k / 20.0;
            boolean holds = switch (op) {
                case GT -> x > v;
                case GE -> x >= v;
                case LT -> x < v;
                case LE -> x <= v;
                default -> x == v;
            };
            if (holds) {
                keys.add(symbol + "=" + k);
            }
        }
        for (int b = 0; b <= 19; b++) {
            double lo = b / 20.0;
            double hi = (b + 1) / 20.0;
            boolean possible = switch (op) {
                case GT, GE -> hi > v || b == 19;
                case LT, LE -> lo < v || b == 0;
                default -> lo < v && v < hi || b == 0 && v < 0 || b == 19 && v > 1;
            };
            if (possible) {
                keys.add(symbol + ":" + b);
            }
        }
        return keys;
    }

    private static boolean allEquality(List<List<Predicate>> tuples) {
        return tuples.stream().allMatch(t -> t.get(0).op() == Op.EQ);
    }

    /** Plain HAS / HAS ALL / ANY / ONLY of values: array operators the GIN indexes answer. */
    private Condition arrayOperator(PropertyDef def, Filter.Has h) {
        List<Object> values = new ArrayList<>();
        for (List<Predicate> t : h.tuples()) {
            Literal v = (Literal) t.get(0).value();
            values.add(v instanceof Str s ? s.value() : finite((Num) v));
        }
        if (def.sql().contains("e.structure_disordered")) {
            return features(h.quantifier(), values);
        }
        if (h.quantifier() == Quantifier.ONLY && def.sql().equals("e.elements")) {
            // elements HAS ONLY a, b, c: the entry's chemical system is one of those a, b, c make,
            // or it has no elements at all (an empty list has only allowed items)
            var systems = ChemicalSystems.within(values.stream().map(Object::toString).toList());
            if (systems.isPresent()) {
                return new Condition.ChemicalSystemIn(systems.get(), true);
            }
        }
        if (def.sql().equals("e.elements") && h.quantifier() != Quantifier.ONLY
                && values.stream().allMatch(v -> ElementKeys.isSymbol(v.toString()))) {
            List<String> symbols = values.stream().map(Object::toString).toList();
            List<String> keys = h.quantifier() == Quantifier.ANY ? symbols : ElementKeys.coveringAll(symbols);
            // several elements at once: pairs of them are keys of the composition index (V36), with far
            // shorter posting lists than a common element's; beside a condition on fractions: the
            // symbols are keys of the same index (V35), so one index scan answers both. (Otherwise the
            // elements column is tested: it comes early in the row, the keys last, and reading a row
            // up to its last column costs a sequential scan twice the time.)
            if (fractionKeys || symbols.size() > 1 && h.quantifier() != Quantifier.ANY) {
                return new Condition.ListOp(ELEMENT_KEYS, h.quantifier() == Quantifier.ANY ? "&&" : "@>", Value.texts(keys), false);
            }
        }
        Expr x = def.itemType() == Type.INTEGER ? new Expr("CAST(" + def.expr().sql() + " AS float8[])", def.narrow()) : def.expr();
        Value arr = def.itemType() == Type.STRING ? Value.texts(values.stream().map(Object::toString).toList())
                : Value.cast(values.stream().map(o -> (Double) o).toArray(Double[]::new), "float8[]");
        return new Condition.ListOp(x, switch (h.quantifier()) {
            case ONE, ALL -> "@>";
            case ANY -> "&&";
            case ONLY -> "<@";
        }, arr, true);
    }

    /**
     * structure_features holds "disorder" or nothing, as the boolean column structure_disordered
     * says; testing the column directly lets PostgreSQL use its statistics (and index).
     */
    private static Condition features(Quantifier q, List<Object> values) {
        boolean disorder = values.contains("disorder");
        boolean others = values.stream().anyMatch(v -> !v.equals("disorder"));
        return switch (q) {
            case ONE, ALL -> disorder && !others ? new Condition.Is(DISORDERED, Condition.Truth.TRUE) : FALSE;
            case ANY -> disorder ? new Condition.Is(DISORDERED, Condition.Truth.TRUE) : FALSE;
            case ONLY -> new Condition.Is(DISORDERED, disorder ? Condition.Truth.NOT_NULL : Condition.Truth.FALSE);
        };
    }

    private void checkItem(PropertyDef def, Property p, Predicate pred) {
        if (pred.value() instanceof Property other) {
            throw notImplemented(other.offset(), "property names as values in HAS (such as " + other.name()
                    + ") are not supported (an OPTIONAL feature)");
        }
        Literal v = (Literal) pred.value();
        if (pred.fuzzy() != null && def.itemType() != Type.STRING) {
            throw notImplemented(p.offset(), pred.fuzzy().keyword + " works on strings; the items of " + def.name()
                    + " are of type " + def.itemType().code);
        }
        boolean ok = switch (def.itemType()) {
            case STRING -> v instanceof Str;
            case INTEGER, FLOAT -> v instanceof Num;
            case BOOLEAN -> v instanceof Bool;
            default -> false;
        };
        if (!ok) {
            throw notImplemented(v.offset(), "the items of " + def.name() + " are of type " + def.itemType().code
                    + " but " + v + " is " + literalType(v) + "; comparing values of different types is not supported");
        }
    }

    private Condition itemCondition(PropertyDef def, Expr item, Predicate pred) {
        Literal v = (Literal) pred.value();
        if (pred.fuzzy() != null) {
            return new Condition.Text(item, textOp(pred.fuzzy()), ((Str) v).value());
        }
        Value value = switch (v) {
            case Str s -> Value.cast(s.value(), "text");
            case Num n -> Value.cast(finite(n), "float8");
            case Bool b -> new Value.Bool(b.value());
        };
        return new Condition.Compare(item, sqlOp(pred.op()), value, def.itemType() == Type.STRING && pred.op().ordering(), true);
    }

    private Condition length(Filter.Length l) {
        PropertyDef def = queryable(l.property());
        if (def == null) {
            return FALSE;
        }
        if (def.access() != Access.LIST) {
            throw notImplemented(l.property().offset(), "LENGTH works on lists; " + def.name() + " is of type " + def.type().code);
        }
        if (!(l.value() instanceof Num n)) {
            throw notImplemented(l.value().offset(), "LENGTH compares with a number, not " + literalType((Literal) l.value()));
        }
        return new Condition.Length(def.expr(), sqlOp(l.op()), finite(n));
    }

    // ---- relationships ----------------------------------------------------------------------

    /** Whether the name starts with an entry type's name and is not a property of this type: a relationship. */
    private boolean isRelationship(Property p) {
        return p.path().size() > 1 && StandardProperties.ENTRY_TYPES.contains(p.path().get(0))
                && !properties.containsKey(p.name());
    }

    private Relation relation(Property p) {
        Relation rel = relations.get(p.path().get(0));
        if (rel == null) {
            throw notImplemented(p.offset(), "MatDX relates " + type + " to "
                    + (relations.isEmpty() ? "no other entries" : String.join(", ", relations.keySet()))
                    + ", not to " + p.path().get(0));
        }
        return rel;
    }

    /** For {@code references.target.doi} (and its short form {@code references.doi}): the relationship; else null. */
    private Relation target(Property p) {
        if (!isRelationship(p)) {
            return null;
        }
        String part = p.path().get(1);
        boolean viaTarget = part.equals("target") && p.path().size() > 2;
        return viaTarget || !Set.of("id", "role", "description", "target").contains(part) ? relation(p) : null;
    }

    /** The property of the related entry that {@code p} names. */
    private static Property inner(Property p) {
        int from = p.path().get(1).equals("target") ? 2 : 1;
        return new Property(p.path().subList(from, p.path().size()), p.offset());
    }

    private FilterSql over(Relation rel) {
        return new FilterSql(text, rel.target(), Map.of(), warnings);
    }

    /** Some related entry the caller may see fulfils {@code condition}. */
    private static Condition exists(Relation rel, Condition condition) {
        return new Condition.Related(rel.rows(), condition);
    }

    /**
     * A condition on the properties of related entries, or null when {@code f} names none. A
     * relationship's target property is the list of that property's values over the related
     * entries, so a comparison holds when one related entry fulfils it, and a HAS of several
     * target properties pairs the values of one related entry.
     */
    private Condition related(Filter f) {
        return switch (f) {
            case Filter.Compare c when c.left() instanceof Property p && target(p) != null && c.right() instanceof Literal ->
                    exists(target(p), over(target(p)).condition(new Filter.Compare(inner(p), c.op(), c.right())));
            case Filter.Compare c when c.right() instanceof Property p && target(p) != null && c.left() instanceof Literal ->
                    exists(target(p), over(target(p)).condition(new Filter.Compare(c.left(), c.op(), inner(p))));
            case Filter.Known k when target(k.property()) != null -> {
                Condition known = exists(target(k.property()), over(target(k.property()))
                        .condition(new Filter.Known(inner(k.property()), true)));
                yield k.known() ? known : new Condition.Not(known);
            }
            case Filter.Bare b when target(b.property()) != null ->
                    exists(target(b.property()), over(target(b.property())).condition(new Filter.Bare(inner(b.property()))));
            case Filter.Fuzzy z when target(z.property()) != null ->
                    exists(target(z.property()), over(target(z.property()))
                            .condition(new Filter.Fuzzy(inner(z.property()), z.op(), z.value())));
            case Filter.Has h when h.properties().stream().anyMatch(p -> target(p) != null) -> hasRelated(h);
            case Filter.Length l when target(l.property()) != null -> lengthRelated(l);
            default -> null;
        };
    }

    private Condition hasRelated(Filter.Has h) {
        Relation rel = target(h.properties().get(0));
        for (Property p : h.properties()) {
            if (target(p) != rel || rel == null) {
                throw notImplemented(p.offset(), "a HAS over a relationship's targets takes only properties of the same "
                        + "related entries");
            }
        }
        FilterSql in = over(rel);
        List<Property> inner = h.properties().stream().map(FilterSql::inner).toList();
        List<PropertyDef> defs = new ArrayList<>();
        for (Property p : inner) {
            defs.add(in.queryable(p));
        }
        if (defs.contains(null)) {
            return FALSE; // a property no related entry has: the list of its values is empty
        }
        boolean lists = defs.stream().anyMatch(d -> d.access() == Access.LIST);
        if (lists && (defs.size() > 1 || h.quantifier() == Quantifier.ONLY)) {
            throw notImplemented(h.properties().get(0).offset(), "HAS ONLY, and HAS over several properties, of a related "
                    + "entry's list property is not supported");
        }
        List<Condition> perTuple = new ArrayList<>();
        for (List<Predicate> tuple : h.tuples()) {
            if (lists) {
                perTuple.add(in.condition(new Filter.Has(inner, Quantifier.ONE, List.of(tuple))));
                continue;
            }
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                Predicate pr = tuple.get(i);
                parts.add(in.condition(pr.fuzzy() != null ? new Filter.Fuzzy(inner.get(i), pr.fuzzy(), pr.value())
                        : new Filter.Compare(inner.get(i), pr.op(), pr.value())));
            }
            perTuple.add(new Condition.And(parts, true));
        }
        Condition any = new Condition.Or(perTuple);
        return switch (h.quantifier()) {
            case ONE, ANY -> exists(rel, any);
            case ALL -> new Condition.And(perTuple.stream().map(c -> exists(rel, c)).toList(), true);
            case ONLY -> {
                Condition known = in.condition(new Filter.Known(inner.get(0), true));
                // some related entry has it, and none has a value outside the list
                yield new Condition.And(exists(rel, known), new Condition.Not(exists(rel, new Condition.And(
                        List.of(known, new Condition.Not(new Condition.OrFalse(any), false)), false)), false));
            }
        };
    }

    private Condition lengthRelated(Filter.Length l) {
        Relation rel = target(l.property());
        FilterSql in = over(rel);
        PropertyDef def = in.queryable(inner(l.property()));
        if (def == null) {
            return FALSE;
        }
        if (def.access() == Access.LIST) {
            throw notImplemented(l.property().offset(), "LENGTH of a related entry's list property is not supported");
        }
        if (!(l.value() instanceof Num n)) {
            throw notImplemented(l.value().offset(), "LENGTH compares with a number");
        }
        return new Condition.RelatedCount(rel.rows(), in.condition(new Filter.Known(inner(l.property()), true)), sqlOp(l.op()),
                finite(n));
    }

    // ---- helpers --------------------------------------------------------------------------

    private static String sqlOp(Op op) {
        return op == Op.NE ? "<>" : op.symbol;
    }

    private double finite(Num n) {
        double d = n.value().doubleValue();
        if (Double.isInfinite(d) || d == 0 && n.value().compareTo(BigDecimal.ZERO) != 0) {
            throw notImplemented(n.offset(), "the number " + n + " is outside the range MatDX can compare "
                    + "(double precision: about 2.2e-308 to 1.8e308 in magnitude)");
        }
        return d;
    }

    private Instant timestamp(Str s) {
        try {
            return OffsetDateTime.parse(s.value()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s.value());
            } catch (DateTimeParseException e2) {
                throw FilterException.invalid(text, s.offset(), "\"" + s.value() + "\" is not an RFC 3339 timestamp "
                        + "such as \"2024-05-01T12:00:00Z\"");
            }
        }
    }

    private static String literalType(Literal v) {
        return switch (v) {
            case Str s -> "a string";
            case Num n -> "a number";
            case Bool b -> "a boolean";
        };
    }

    private FilterException notImplemented(int offset, String problem) {
        return FilterException.notImplemented(text, offset, problem);
    }
}
