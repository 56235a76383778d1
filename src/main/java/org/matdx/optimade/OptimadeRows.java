package org.matdx.optimade;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Visibility;
import org.matdx.core.Caller;
import org.matdx.core.ConventionalUnits;
import org.matdx.core.Json;
import org.matdx.core.UnitException;
import org.matdx.core.Units;
import org.matdx.optimade.PropertyDef.Access;
import org.matdx.query.Sql;
import org.matdx.store.Rows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OPTIMADE entries as JSON:API resources: which fields a response holds ({@code response_fields}),
 * what is selected for them, and each row rendered (attributes, a structure's geometry from its
 * stored structure, numeric properties in the unit they are served in, relationships to the
 * references the caller may see, and those references for {@code included}).
 */
final class OptimadeRows {
    static final Pattern PROVIDER_FIELD = Pattern.compile("^_([a-z0-9]+)_.+");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final AccessPolicy policy;

    OptimadeRows(AccessPolicy policy) {
        this.policy = policy;
    }

    /** The fields to return: the requested ones (checked) plus id and type, or the defaults. */
    static Set<String> responseFields(EntryType t, Set<String> requested, List<String> warnings) {
        Set<String> out = new LinkedHashSet<>(List.of("id", "type"));
        if (requested == null) {
            out.addAll(t.defaultFields());
            return out;
        }
        for (String f : requested) {
            PropertyDef def = t.properties().get(f);
            if (def != null && !f.contains(".") || StandardProperties.isStandard(t.name(), f)) {
                out.add(f); // a standard property MatDX does not hold is returned as null, as the specification requires
                continue;
            }
            var m = PROVIDER_FIELD.matcher(f);
            if (m.matches() && !m.group(1).equals(FilterSql.PREFIX)) {
                continue; // another database's field: nothing to return, not an error
            }
            throw OptimadeException.badRequest("response_fields", "'" + f + "' is not a property of " + t.name()
                    + "; see /info/" + t.name() + " for the properties MatDX serves");
        }
        return out;
    }

    /** What to SELECT: the id, each requested queryable property's expression, and what rendering needs. */
    static String columns(EntryType t, Set<String> fields) {
        List<String> cols = new ArrayList<>();
        cols.add(t.idSql() + " AS matdx_id");
        int i = 0;
        for (String f : fields) {
            PropertyDef def = t.properties().get(f);
            if (def != null && (def.access() == Access.COLUMN || def.access() == Access.LIST)) {
                cols.add("(" + def.sql() + ") AS p" + i);
            }
            i++;
        }
        if (t.name().equals("structures")) {
            cols.add("e.dataset_id AS matdx_dataset");
            cols.add("e.data -> 'structure' AS matdx_structure");
            cols.add("e.properties AS matdx_properties");
        } else {
            cols.add("r.attributes AS matdx_attributes");
        }
        return String.join(", ", cols);
    }

    /** A result row: the id, the values selected per field, and the raw JSON rendering needs. */
    record Row(String id, UUID dataset, Map<String, Object> values, JsonNode structure, JsonNode properties,
                       JsonNode attributes) {
    }

    static Row row(ResultSet rs, EntryType t, Set<String> fields) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        for (String f : fields) {
            PropertyDef def = t.properties().get(f);
            if (def != null && (def.access() == Access.COLUMN || def.access() == Access.LIST)) {
                values.put(f, value(rs.getObject("p" + i)));
            }
            i++;
        }
        if (t.name().equals("structures")) {
            return new Row(rs.getString("matdx_id"), Rows.uuid(rs, "matdx_dataset"), values, Rows.json(rs, "matdx_structure"),
                    Rows.json(rs, "matdx_properties"), null);
        }
        return new Row(rs.getString("matdx_id"), null, values, null, null, Rows.json(rs, "matdx_attributes"));
    }

    private static Object value(Object o) throws SQLException {
        if (o instanceof Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> out = new ArrayList<>(items.length);
            for (Object x : items) {
                out.add(value(x));
            }
            return out;
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC).format(RFC3339);
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.withOffsetSameInstant(ZoneOffset.UTC).format(RFC3339);
        }
        return o;
    }

    List<ObjectNode> render(Handle h, Caller caller, EntryType t, List<Row> rows, Set<String> fields) {
        Map<String, List<String>> imported = t.name().equals("structures") ? importedReferences(h, caller, rows) : Map.of();
        List<ObjectNode> out = new ArrayList<>();
        for (Row r : rows) {
            ObjectNode o = Json.object().put("id", r.id()).put("type", t.name());
            ObjectNode attrs = o.putObject("attributes");
            for (String f : fields) {
                if (f.equals("id") || f.equals("type")) {
                    continue;
                }
                PropertyDef def = t.properties().get(f);
                attrs.set(f, def == null ? Json.tree(null) : attribute(def, r));
            }
            if (t.name().equals("structures")) {
                ArrayNode refs = o.putObject("relationships").putObject("references").putArray("data");
                refs.addObject().put("type", "references").put("id", r.dataset().toString());
                for (String ref : imported.getOrDefault(r.id(), List.of())) {
                    refs.addObject().put("type", "references").put("id", ref);
                }
            }
            out.add(o);
        }
        return out;
    }

    private static JsonNode attribute(PropertyDef def, Row r) {
        switch (def.access()) {
            case COLUMN, LIST -> {
                return Json.tree(r.values().get(def.name()));
            }
            case QUANTITY -> {
                return quantity(def, r.properties());
            }
            default -> {
                if (r.attributes() != null) {
                    JsonNode v = r.attributes().get(def.name());
                    return v == null ? Json.tree(null) : v;
                }
                return switch (def.name()) {
                    case "lattice_vectors" -> StructureGeometry.latticeVectors(r.structure());
                    case "cartesian_site_positions" -> StructureGeometry.cartesianPositions(r.structure());
                    case "species" -> StructureGeometry.species(r.structure());
                    default -> Json.tree(null);
                };
            }
        }
    }

    /**
     * A numeric entry property in the unit the property is served in; null when absent or stored
     * in a unit of another kind (the same rows the SQL filter treats as unknown).
     */
    static JsonNode quantity(PropertyDef def, JsonNode properties) {
        JsonNode p = properties == null ? null : properties.get(def.sql());
        if (p == null || !p.path("value").isNumber() || !Double.isFinite(p.path("value").asDouble())) {
            return Json.tree(null);
        }
        double value = p.path("value").asDouble();
        String unit = p.path("unit").asString("");
        try {
            Units.Unit from = Units.parse(unit);
            if (!from.dimension().baseForm().equals(def.dimension())) {
                return Json.tree(null);
            }
            if (unit.equals(ConventionalUnits.of(from.dimension()).unit().text())) {
                return Json.tree(value);
            }
            double served = from.toSi(value) / def.factor();
            return Json.tree(Double.isFinite(served) ? served : null);
        } catch (UnitException e) {
            return Json.tree(null);
        }
    }

    /** Imported references linked to the structures on this page, visible with their dataset. */
    private Map<String, List<String>> importedReferences(Handle h, Caller caller, List<Row> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        Sql sql = new Sql();
        String q = "SELECT sr.entry_id::text AS e, sr.reference_id::text AS r FROM optimade_structure_references sr "
                + "JOIN optimade_references r ON r.id = sr.reference_id JOIN datasets d ON d.id = r.dataset_id "
                + "WHERE sr.entry_id = ANY(" + sql.bind(rows.stream().map(x -> UUID.fromString(x.id())).toArray(UUID[]::new))
                + ") AND " + sql.embed(policy.datasetFilter(caller, "d", Visibility.METADATA)) + " ORDER BY 1, 2";
        Map<String, List<String>> m = new LinkedHashMap<>();
        h.createQuery(q).bindMap(sql.params()).map((rs, ctx) -> m.computeIfAbsent(rs.getString("e"),
                k -> new ArrayList<>()).add(rs.getString("r"))).list();
        return m;
    }

    /** The references the page's structures point to, for JSON:API's {@code included}. */
    List<ObjectNode> included(Handle h, Caller caller, List<ObjectNode> data) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (ObjectNode o : data) {
            for (JsonNode ref : o.at("/relationships/references/data")) {
                ids.add(UUID.fromString(ref.get("id").asString()));
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        EntryType t = EntryType.references();
        Set<String> fields = responseFields(t, null, new ArrayList<>());
        Sql sql = new Sql();
        String q = "SELECT " + columns(t, fields) + t.from() + " AND " + sql.embed(policy.datasetFilter(caller, "d", Visibility.METADATA))
                + " AND r.id = ANY(" + sql.bind(ids.toArray(new UUID[0])) + ") ORDER BY r.id";
        List<Row> rows = h.createQuery(q).bindMap(sql.params()).map((rs, ctx) -> row(rs, t, fields)).list();
        return render(h, caller, t, rows, fields);
    }
}
