package org.matdx.optimade;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.matdx.optimade.filter.Filter;
import org.matdx.optimade.filter.Filter.Bool;
import org.matdx.optimade.filter.Filter.Literal;
import org.matdx.optimade.filter.Filter.Num;
import org.matdx.optimade.filter.Filter.Op;
import org.matdx.optimade.filter.Filter.Operand;
import org.matdx.optimade.filter.Filter.Predicate;
import org.matdx.optimade.filter.Filter.Property;
import org.matdx.optimade.filter.Filter.Str;
import tools.jackson.databind.JsonNode;

/**
 * A straightforward evaluator of OPTIMADE filters over the attributes of an entry as the API
 * returns them — the specification's semantics written out directly, to check the SQL
 * translation against. Unknown (null or absent) values never satisfy a comparison.
 */
final class InMemoryFilter {
    private InMemoryFilter() {
    }

    static boolean matches(Filter f, JsonNode attributes) {
        return switch (f) {
            case Filter.And a -> matches(a.left(), attributes) && matches(a.right(), attributes);
            case Filter.Or o -> matches(o.left(), attributes) || matches(o.right(), attributes);
            case Filter.Not n -> !matches(n.inner(), attributes);
            case Filter.Compare c -> compare(value(c.left(), attributes), c.op(), value(c.right(), attributes));
            case Filter.Known k -> known(attributes, k.property()) == k.known();
            case Filter.Fuzzy z -> {
                JsonNode v = get(attributes, z.property());
                yield v != null && v.isString() && fuzzy(v.asString(), z.op(), ((Str) z.value()).value());
            }
            case Filter.Has h -> has(h, attributes);
            case Filter.Length l -> {
                JsonNode v = get(attributes, l.property());
                yield v != null && v.isArray() && l.op().test(Double.compare(v.size(), ((Num) l.value()).value().doubleValue()));
            }
            case Filter.Bare b -> known(attributes, b.property());
        };
    }

    private static boolean known(JsonNode attributes, Property p) {
        return get(attributes, p) != null;
    }

    /** The attribute, or null when absent or null. */
    private static JsonNode get(JsonNode attributes, Property p) {
        JsonNode v = attributes.get(p.name());
        return v == null || v.isNull() ? null : v;
    }

    private static Object value(Operand o, JsonNode attributes) {
        return switch (o) {
            case Property p -> {
                JsonNode v = get(attributes, p);
                yield v == null ? null : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.asString();
            }
            case Str s -> s.value();
            case Num n -> n.value().doubleValue();
            case Bool b -> b.value();
        };
    }

    private static boolean compare(Object a, Op op, Object b) {
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return op.test(Double.compare(x, y) == 0 ? 0 : x < y ? -1 : 1);
        }
        if (a instanceof String x && b instanceof String y) {
            if (looksLikeTimestamp(x) && looksLikeTimestamp(y)) {
                return op.test(instant(x).compareTo(instant(y)));
            }
            return op.test(x.compareTo(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return op.test(Boolean.compare(x, y));
        }
        throw new IllegalArgumentException("the generator made a comparison of " + a + " with " + b);
    }

    private static boolean looksLikeTimestamp(String s) {
        return s.matches("\\d{4}-\\d\\d-\\d\\dT.*");
    }

    private static Instant instant(String s) {
        return OffsetDateTime.parse(s).toInstant();
    }

    private static boolean fuzzy(String v, Filter.FuzzyOp op, String x) {
        return switch (op) {
            case CONTAINS -> v.contains(x);
            case STARTS_WITH -> v.startsWith(x);
            case ENDS_WITH -> v.endsWith(x);
        };
    }

    private static boolean has(Filter.Has h, JsonNode attributes) {
        List<JsonNode> lists = new ArrayList<>();
        for (Property p : h.properties()) {
            JsonNode v = get(attributes, p);
            if (v == null || !v.isArray()) {
                return false;
            }
            lists.add(v);
        }
        int n = lists.stream().mapToInt(JsonNode::size).max().orElse(0);
        return switch (h.quantifier()) {
            case ONE, ANY -> {
                for (List<Predicate> t : h.tuples()) {
                    if (someItem(lists, n, t)) {
                        yield true;
                    }
                }
                yield false;
            }
            case ALL -> h.tuples().stream().allMatch(t -> someItem(lists, n, t));
            case ONLY -> {
                for (int i = 0; i < n; i++) {
                    boolean ok = false;
                    for (List<Predicate> t : h.tuples()) {
                        ok |= itemMatches(lists, i, t);
                    }
                    if (!ok) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private static boolean someItem(List<JsonNode> lists, int n, List<Predicate> tuple) {
        for (int i = 0; i < n; i++) {
            if (itemMatches(lists, i, tuple)) {
                return true;
            }
        }
        return false;
    }

    private static boolean itemMatches(List<JsonNode> lists, int i, List<Predicate> tuple) {
        for (int k = 0; k < tuple.size(); k++) {
            JsonNode item = lists.get(k).get(i);
            if (item == null || item.isNull()) {
                return false;
            }
            Predicate p = tuple.get(k);
            Literal v = (Literal) p.value();
            boolean ok;
            if (p.fuzzy() != null) {
                ok = item.isString() && fuzzy(item.asString(), p.fuzzy(), ((Str) v).value());
            } else {
                Object a = item.isNumber() ? (Object) item.asDouble() : item.asString();
                ok = compare(a, p.op(), value(v, null));
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
