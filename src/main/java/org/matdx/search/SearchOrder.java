package org.matdx.search;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.matdx.core.ConventionalUnits;
import org.matdx.core.Dimension;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.query.Condition;
import org.matdx.query.Condition.Value;
import org.matdx.query.ConditionSql;
import org.matdx.query.Expr;
import org.matdx.query.Field;
import org.matdx.query.NumericField;
import org.matdx.query.PageOrder;
import org.matdx.query.QuantityIndex;
import org.matdx.query.Scan.Written;
import org.matdx.query.Sql;
import org.matdx.search.SearchQuery.SortSpec;
import org.matdx.store.SqlFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A native search's {@code sort=} and {@code cursor=} as a keyset order of the query engine
 * ({@link PageOrder}): a field of the catalogue ({@link Field#sort()}), a numeric column, full-text
 * relevance or a numeric property; and the cursors that continue a page, which hold the sort they
 * belong to, the last row's sort value and its id.
 *
 * @param order      the engine's order, the cursor's keyset included
 * @param after      the cursor as a condition over entries (for counts and facets), or null
 * @param name       the sort a cursor names ({@code -created_at}, {@code properties.x in conventional units})
 * @param byProperty whether the order is by a numeric property (a missing value is ±Infinity)
 */
record SearchOrder(PageOrder order, Written after, String name, boolean byProperty) {

    /**
     * @param full  the access policy's filter of what the caller may read in full: relevance ranks
     *              data only there
     * @param units the property's stored dimensions, for a sort by a numeric property (else unused)
     */
    static SearchOrder of(SearchQuery q, Sql s, ConditionSql writer, SqlFilter full, QuantityIndex.PropertyUnits units) {
        SortSpec spec = q.sort();
        boolean desc = spec.descending();
        String property = spec.field().property();
        Optional<NumericField> column = property == null ? Optional.empty() : NumericField.byName(property);
        Cursor c = null;
        if (property != null && column.isEmpty()) {
            String name = s.bind(property);
            List<Dimension> dims = units.dimensions(property);
            String dimension = null;
            String across = null;
            String sortName = spec.text();
            if (dims.size() <= 1) {
                dimension = s.bind((dims.isEmpty() ? Dimension.NONE : dims.get(0)).baseForm());
            } else {
                // values of several dimensions are ordered by their numbers in their conventional units,
                // as a bare number compares them; never a 400 for what others stored
                StringBuilder k = new StringBuilder("(qs.value_si / CASE qs.dimension");
                for (Dimension d : dims) {
                    k.append(" WHEN ").append(s.bind(d.baseForm())).append(" THEN CAST(")
                            .append(s.bind(ConventionalUnits.of(d).unit().factor())).append(" AS float8)");
                }
                across = k.append(" END)").toString();
                sortName = spec.text() + " in conventional units";
            }
            Double afterValue = null;
            UUID afterId = null;
            if (q.cursor() != null) {
                c = Cursor.decode(q.cursor(), sortName);
                key(c, Field.Sort.NUMBER);
                afterValue = Double.parseDouble(String.valueOf(c.key()));
                afterId = c.id();
            }
            return new SearchOrder(new PageOrder.KeysetByQuantity(name, dimension, across, desc, afterValue, afterId), null,
                    sortName, true);
        }
        String key;
        boolean narrow;
        Field.Sort sort;
        boolean indexed = false;
        if (column.isPresent()) {
            // a score kept in its own column sorts like a property, missing values last
            key = Field.numberKey(column.get().sql(), desc);
            narrow = column.get().narrow();
            sort = Field.Sort.NUMBER;
        } else if (spec.field().name().equals("relevance")) {
            String tsq = "websearch_to_tsquery('simple', " + s.bind(q.text()) + ")";
            // the relevance of hidden data must not show through the order either
            key = "(ts_rank(e.search_meta, " + tsq + ") + CASE WHEN " + s.embed(full) + " THEN ts_rank(e.search_data, "
                    + tsq + ") ELSE 0 END)::float8";
            narrow = true;
            sort = Field.Sort.NUMBER;
        } else {
            Field f = Field.byName(spec.field().name()).filter(x -> x.sort() != null)
                    .orElseThrow(() -> new IllegalStateException("unsortable " + spec.field().name()));
            sort = f.sort();
            key = sort.key(f.sql(), desc);
            narrow = f.narrow();
            indexed = sort.indexed;
        }
        Written after = null;
        if (q.cursor() != null) {
            c = Cursor.decode(q.cursor(), spec.text());
            after = writer.write(new Condition.After(new Expr(key, narrow), desc ? "<" : ">", key(c, sort), Value.of(c.id())));
        }
        return new SearchOrder(new PageOrder.Keyset(key, desc, indexed, after), after, spec.text(), false);
    }

    /** The cursor's key as a value of the sort key's type; a 400 when it is not one. */
    private static Value key(Cursor c, Field.Sort sort) {
        try {
            String k = String.valueOf(c.key());
            return switch (sort) {
                case TIMESTAMP -> Value.cast(Instant.parse(k), sort.type);
                case TEXT, TEXT_OR_EMPTY -> Value.cast(k, sort.type);
                case INTEGER -> Value.cast(Integer.parseInt(k), sort.type);
                case NUMBER -> Value.cast(Double.parseDouble(k), sort.type);
            };
        } catch (RuntimeException e) {
            throw Problem.invalid("cursor", "is not a cursor this server issued; start again without one");
        }
    }

    /** The cursor that continues after a row: this sort, the row's sort key and its id. */
    String cursorAfter(Object key, UUID id) {
        ArrayNode a = Json.MAPPER.createArrayNode().add(name);
        switch (key) {
            case Timestamp t -> a.add(t.toInstant().toString());
            case OffsetDateTime t -> a.add(t.toInstant().toString());
            case Integer n -> a.add(n.longValue());
            case Long n -> a.add(n);
            case Number n -> a.add(n.doubleValue());
            case null -> a.addNull();
            default -> a.add(key.toString());
        }
        a.add(id.toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(a).getBytes(StandardCharsets.UTF_8));
    }

    /** A decoded cursor: the sort it belongs to, the last sort value and id. */
    private record Cursor(String sort, Object key, UUID id) {
        static Cursor decode(String text, String currentSort) {
            try {
                JsonNode a = Json.read(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
                String sort = a.get(0).asString();
                JsonNode k = a.get(1);
                Object key = k.isNull() ? null : k.isIntegralNumber() ? (Object) k.asLong() : k.isNumber() ? (Object) k.asDouble() : k.asString();
                UUID id = UUID.fromString(a.get(2).asString());
                if (!sort.equals(currentSort)) {
                    throw Problem.invalid("cursor", "belongs to a search sorted by " + sort + ", not " + currentSort
                            + "; start again without a cursor");
                }
                return new Cursor(sort, key, id);
            } catch (Problem p) {
                throw p;
            } catch (RuntimeException e) {
                throw Problem.invalid("cursor", "is not a cursor this server issued; start again without one");
            }
        }
    }
}
