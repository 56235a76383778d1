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
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.ConventionalUnits;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.UnitException;
import org.matdx.core.Units;
import org.matdx.optimade.PropertyDef.Access;
import org.matdx.optimade.PropertyDef.Type;
import org.matdx.optimade.filter.FilterReader;
import org.matdx.query.Condition;
import org.matdx.query.ConditionSql;
import org.matdx.query.Counting;
import org.matdx.query.IndexWalk;
import org.matdx.query.QuantityIndex;
import org.matdx.query.QuantityOrder;
import org.matdx.query.Scan;
import org.matdx.query.Sql;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.ReadReplica;
import org.matdx.store.Rows;
import org.matdx.store.SqlFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OPTIMADE entry endpoints: structures and references as the caller may see them, filtered,
 * sorted and paged in PostgreSQL. Every query embeds the access policy; structures are data and
 * need full read access, references describe datasets and need their metadata only.
 */
public final class OptimadeService {
    public static final String API_VERSION = "1.2.0";
    private static final Pattern PROVIDER_FIELD = Pattern.compile("^_([a-z0-9]+)_.+");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final ReadReplica reads;
    private final AccessPolicy policy;
    private final QuantityIndex quantities;
    private final int countCap;
    private final Gate gate;

    /**
     * @param countCap data_returned is exact up to this many matches (see {@link Counting})
     * @param audit    records who read structures that are not open to everyone, as native search does
     */
    public OptimadeService(Database db, AccessPolicy policy, QuantityIndex quantities, int countCap, AuditLog audit) {
        this(db, ReadReplica.none(db), policy, quantities, countCap, audit);
    }

    /** @param reads where listings run: a streaming replica when it has replayed what the caller must see, else {@code db} */
    public OptimadeService(Database db, ReadReplica reads, AccessPolicy policy, QuantityIndex quantities,
                           int countCap, AuditLog audit) {
        this.reads = reads;
        this.policy = policy;
        this.quantities = quantities;
        this.countCap = countCap;
        this.gate = new Gate(db, new DatasetStore(db), new EntryStore(db),
                policy, audit);
    }

    /** The entry types, with the properties this caller may filter on. */
    public EntryType entryType(Caller caller, String name) {
        return entryType(caller, name, true);
    }

    /** {@code sync}: index units met for the first time first (false: the caller just did). */
    private EntryType entryType(Caller caller, String name, boolean sync) {
        SqlFilter full = policy.datasetFilter(caller, "d", Visibility.FULL);
        return switch (name) {
            case "structures" -> EntryType.structures(sync ? quantities.visible(full) : quantities.indexed(full));
            case "references" -> EntryType.references();
            default -> throw OptimadeException.notFound("there is no entry type '" + name + "'; MatDX serves structures and references");
        };
    }

    /**
     * The relationships filters on {@code typeName} may follow: a structure's references are its
     * dataset's own and those imported with it, each only where the caller may see that dataset's
     * metadata (as {@code /references} would show it), so a filter reveals no more than the
     * {@code relationships} of the entries it finds.
     */
    private Map<String, Relation> relationships(Caller caller, EntryType t, Sql sql) {
        if (!t.name().equals("structures")) {
            return Map.of();
        }
        String rows = " FROM optimade_reference_rows r JOIN datasets d ON d.id = r.dataset_id WHERE "
                + sql.embed(policy.datasetFilter(caller, "d", Visibility.METADATA)) + " AND (r.id = e.dataset_id OR r.id IN "
                + "(SELECT sr.reference_id FROM optimade_structure_references sr WHERE sr.entry_id = e.id))";
        return Map.of("references", new Relation("references", "ARRAY(SELECT r.id::text" + rows + ")", rows,
                EntryType.references()));
    }

    private static Visibility level(EntryType t) {
        return t.name().equals("structures") ? Visibility.FULL : Visibility.METADATA;
    }

    /** A page of entries; {@code returned} counts the matches (a lower bound when {@code exact} is false). */
    public record Listing(List<ObjectNode> data, long returned, boolean exact, boolean more, List<ObjectNode> included,
                          List<String> warnings) {
    }

    public Listing list(RequestContext context, String typeName, OptimadeQuery q) {
        Caller caller = context.caller();
        // structures' properties are indexed in units no search has met before on the way in, on the primary
        boolean unitsIndexed = typeName.equals("structures") && quantities.syncUnits() > 0;
        EntryType t = entryType(caller, typeName, false);
        List<String> warnings = new ArrayList<>(q.warnings());
        Set<String> fields = responseFields(t, q.fields(), warnings);
        Sql sql = new Sql();
        ConditionSql writer = new ConditionSql(sql);
        boolean structures = t.name().equals("structures");
        List<Condition> conditions = q.filter() == null ? List.of()
                : List.of(FilterSql.translate(q.filter(), FilterReader.parse(q.filter()), t, relationships(caller, t, sql), warnings));
        Scan scan = writer.scan(structures ? Scan.Source.entries(t.rows()) : Scan.Source.of(t.tables(), t.rows()),
                policy.datasetFilter(caller, "d", level(t)), conditions);
        String where = scan.from();
        List<OrderKey> order = orderBy(t, q.sort(), sql, warnings);
        PropertyDef byQuantity = singleQuantitySort(t, q.sort());
        boolean descending = byQuantity != null && q.sort().get(0).startsWith("-");
        return reads.read(caller.userId(), unitsIndexed, db -> db.read(h -> {
            // counting first (capped, bitmap scans) tells how many match before the page is planned:
            // PostgreSQL cannot estimate conditions such as paired-list HAS, and on a guess of
            // thousands of matches it walks the id index for the first 21, through every row when
            // there are none. A few matches are fetched outright and sorted.
            Counting.Count count = Counting.count(h, sql, scan, q.exactCount() ? 0 : countCap, false,
                    structures ? "e" : null, structures ? "entries" : null);
            boolean few = count.exact() && count.value() <= countCap;
            if (count.exact() && count.value() <= q.offset()) {
                return new Listing(List.of(), count.value(), true, false, List.of(), warnings);
            }
            // walking the property's index pays only when many entries match; few matches are sorted outright
            boolean walk = !few && byQuantity != null && Counting.walkSortIndex(Counting.estimate(h, sql, where));
            List<Row> rows = null;
            if (!few && order.isEmpty() && structures && IndexWalk.worthTrying(count, q.offset() + q.limit() + 1)) {
                // many matches in id order: the page is usually met early in the id index
                List<Row> walked = pageRows(h, sql, t, fields, IndexWalk.page("e.id AS page_id", t.from(), scan.conditions(),
                        "e.id", "page_id", String.valueOf(q.limit() + 1), q.offset()), order);
                rows = walked.size() > q.limit() ? walked : null;
            }
            if (rows == null) {
                String page = walk
                        ? QuantityOrder.page(scan, sql.bind(byQuantity.sql()), sql.bind(byQuantity.dimension()), descending, "", null,
                                String.valueOf(q.offset() + q.limit() + 1), "matdx_sort_key" + (descending ? " DESC" : " ASC")
                                        + " NULLS LAST, page_id LIMIT " + (q.limit() + 1) + " OFFSET " + q.offset())
                        : sortedIds(t, where, order, q.limit() + 1, q.offset());
                List<OrderKey> pageOrder = walk ? List.of(new OrderKey("matdx_sort_key", descending)) : order;
                rows = few ? Counting.withoutIndexWalk(h, tx -> pageRows(tx, sql, t, fields, page, pageOrder))
                        : pageRows(h, sql, t, fields, page, pageOrder);
            }
            boolean more = rows.size() > q.limit();
            if (more) {
                rows = rows.subList(0, q.limit());
            } else if (q.offset() == 0) {
                count = new Counting.Count(rows.size(), true); // a first page that holds every match counts them, cap or not
            }
            List<ObjectNode> data = render(h, caller, t, rows, fields);
            auditClosedReads(h, context, t, rows);
            List<ObjectNode> included = q.includeReferences() && t.name().equals("structures")
                    ? included(h, caller, data) : List.of();
            return new Listing(data, count.value(), count.exact(), more, included, warnings);
        }));
    }

    /**
     * The rows of a page whose ids (and sort keys) {@code page} selects, in {@code order}: a
     * structure's geometry and properties are read for the rows shown only, not for every row the
     * sort considers.
     */
    private static List<Row> pageRows(Handle h, Sql sql, EntryType t, Set<String> fields, String page, List<OrderKey> order) {
        String select = "SELECT " + columns(t, fields) + t.tables() + " JOIN (" + page + ") AS page ON page.page_id = "
                + alias(t) + ".id ORDER BY " + outerOrder(order);
        return sql.query(h, select).map((rs, ctx) -> row(rs, t, fields)).list();
    }

    /** One entry, or a 404 when it does not exist or the caller may not see it (the same answer). */
    public Listing get(RequestContext context, String typeName, String id, OptimadeQuery q) {
        Caller caller = context.caller();
        boolean unitsIndexed = typeName.equals("structures") && quantities.syncUnits() > 0;
        EntryType t = entryType(caller, typeName, false);
        List<String> warnings = new ArrayList<>(q.warnings());
        Set<String> fields = responseFields(t, q.fields(), warnings);
        UUID uuid = Ids.parseOrNull(id);
        if (uuid == null) {
            throw OptimadeException.notFound("no " + typeName + " entry with id '" + id + "'");
        }
        Sql sql = new Sql();
        String alias = t.name().equals("structures") ? "e" : "r";
        String where = t.from() + " AND " + sql.embed(policy.datasetFilter(caller, "d", level(t)))
                + " AND " + alias + ".id = " + sql.bind(uuid);
        return reads.read(caller.userId(), unitsIndexed, db -> db.read(h -> {
            List<Row> rows = sql.query(h, "SELECT " + columns(t, fields) + where).map((rs, ctx) -> row(rs, t, fields)).list();
            if (rows.isEmpty()) {
                throw OptimadeException.notFound("no " + typeName + " entry with id '" + id + "'");
            }
            List<ObjectNode> data = render(h, caller, t, rows, fields);
            auditClosedReads(h, context, t, rows);
            List<ObjectNode> included = q.includeReferences() && t.name().equals("structures")
                    ? included(h, caller, data) : List.of();
            return new Listing(data, 1, true, false, included, warnings);
        }));
    }

    // ---- fields and order -----------------------------------------------------------------

    /** The fields to return: the requested ones (checked) plus id and type, or the defaults. */
    private static Set<String> responseFields(EntryType t, Set<String> requested, List<String> warnings) {
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

    private static String alias(EntryType t) {
        return t.name().equals("structures") ? "e" : "r";
    }

    /** One sort key: an expression and its direction (unknown values last). */
    private record OrderKey(String expr, boolean desc) {
        String dir() {
            return desc ? " DESC" : " ASC";
        }
    }

    /** The sort keys of {@code sort=…}; ties are broken by the id (always last), so pages neither skip nor repeat entries. */
    private static List<OrderKey> orderBy(EntryType t, List<String> sort, Sql sql, List<String> warnings) {
        List<OrderKey> keys = new ArrayList<>();
        for (String s : sort) {
            boolean desc = s.startsWith("-");
            String name = desc ? s.substring(1) : s;
            PropertyDef def = t.properties().get(name);
            if (def == null) {
                var m = PROVIDER_FIELD.matcher(name);
                if (m.matches() && !m.group(1).equals(FilterSql.PREFIX)) {
                    warnings.add("sort field " + name + " belongs to another database; it was ignored");
                    continue;
                }
                throw OptimadeException.badRequest("sort", "cannot sort by '" + name + "': it is not a property of "
                        + t.name());
            }
            if (!def.sortable()) {
                throw OptimadeException.badRequest("sort", "cannot sort by '" + name + "': it is not sortable "
                        + "(/info/" + t.name() + " marks the sortable properties)");
            }
            String expr = switch (def.access()) {
                case QUANTITY -> "(SELECT q.value_si FROM entry_quantities q WHERE q.entry_id = e.id AND q.name = "
                        + sql.bind(def.sql()) + " AND q.dimension = " + sql.bind(def.dimension()) + ")";
                default -> name.equals("id") || name.equals("immutable_id") ? alias(t) + ".id"
                        : "(" + def.sql() + ")" + (def.type() == Type.STRING ? " COLLATE \"C\"" : "");
            };
            keys.add(new OrderKey(expr, desc));
        }
        return keys;
    }

    /** The ids of one page in order, with the sort keys ({@code page_id}, {@code k0}, {@code k1} …). */
    private static String sortedIds(EntryType t, String fromWhere, List<OrderKey> order, int limit, int offset) {
        StringBuilder select = new StringBuilder("SELECT " + alias(t) + ".id AS page_id");
        List<String> by = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            select.append(", ").append(order.get(i).expr()).append(" AS k").append(i);
            by.add("k" + i + order.get(i).dir() + " NULLS LAST");
        }
        by.add("page_id");
        return select + fromWhere + " ORDER BY " + String.join(", ", by) + " LIMIT " + limit + " OFFSET " + offset;
    }

    /** The same order over the page's columns ({@code page.k0 …, page.page_id}). */
    private static String outerOrder(List<OrderKey> order) {
        List<String> by = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            String key = order.get(i).expr().equals("matdx_sort_key") ? "page.matdx_sort_key" : "page.k" + i;
            by.add(key + order.get(i).dir() + " NULLS LAST");
        }
        by.add("page.page_id");
        return String.join(", ", by);
    }

    /** The property of {@code sort=[-]_matdx_x} when it is the only sort field and a numeric entry property. */
    private static PropertyDef singleQuantitySort(EntryType t, List<String> sort) {
        if (sort.size() != 1) {
            return null;
        }
        PropertyDef def = t.properties().get(sort.get(0).startsWith("-") ? sort.get(0).substring(1) : sort.get(0));
        return def != null && def.access() == Access.QUANTITY ? def : null;
    }

    /** What to SELECT: the id, each requested queryable property's expression, and what rendering needs. */
    private static String columns(EntryType t, Set<String> fields) {
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

    // ---- rows and rendering ---------------------------------------------------------------

    /** A result row: the id, the values selected per field, and the raw JSON rendering needs. */
    private record Row(String id, UUID dataset, Map<String, Object> values, JsonNode structure, JsonNode properties,
                       JsonNode attributes) {
    }

    private static Row row(ResultSet rs, EntryType t, Set<String> fields) throws SQLException {
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

    /**
     * One audit event per dataset whose structures a caller read here although they are not open to
     * everyone (private, group, embargoed for others, or shared with them): the same record the
     * native search keeps ({@link org.matdx.access.Gate#recordReads}). Structures are served only
     * to readers of their data, so every row here is a read of data.
     */
    private void auditClosedReads(Handle h, RequestContext context, EntryType t, List<Row> rows) {
        if (!t.name().equals("structures") || rows.isEmpty()) {
            return;
        }
        Map<UUID, Integer> perDataset = new LinkedHashMap<>();
        rows.forEach(r -> perDataset.merge(r.dataset(), 1, Integer::sum));
        gate.recordReads(h, context, perDataset, "entries.optimade");
    }

    private List<ObjectNode> render(Handle h, Caller caller, EntryType t, List<Row> rows, Set<String> fields) {
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
    private List<ObjectNode> included(Handle h, Caller caller, List<ObjectNode> data) {
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

    // ---- introspection --------------------------------------------------------------------

    static final String PROPERTY_SCHEMA = "https://schemas.optimade.org/meta/v1.2/optimade/property_definition.json";

    /**
     * The data of {@code /info/<type>}: every property as a v1.2 Property Definition ({@code $id},
     * {@code $schema}, {@code x-optimade-definition}, type, unit, and what sorts and filters).
     * Parts of a list of dictionaries ({@code authors.lastname}) are described inside their parent.
     */
    public ObjectNode info(Caller caller, String typeName) {
        EntryType t = entryType(caller, typeName);
        ObjectNode data = Json.object().put("type", "info").put("id", t.name()).put("description", t.description());
        ObjectNode props = data.putObject("properties");
        for (PropertyDef def : t.properties().values()) {
            if (def.name().contains(".")) {
                continue;
            }
            ObjectNode p = props.putObject(def.name());
            boolean standard = StandardProperties.isStandard(t.name(), def.name());
            p.put("$id", standard ? "https://schemas.optimade.org/defs/v1.2/properties/optimade/" + t.name() + "/" + def.name()
                    : "urn:matdx:optimade:v1.2:properties:" + t.name() + ":" + def.name());
            p.put("$schema", PROPERTY_SCHEMA);
            p.putObject("x-optimade-definition").put("label", def.name() + (standard ? "_optimade_" : "_") + t.name())
                    .put("kind", "property").put("format", "1.2").put("version", "1.2.0").put("name", def.name());
            p.put("title", def.name().replace('_', ' ').strip());
            p.put("description", def.description());
            describeType(p, def.type(), !Set.of("id", "type").contains(def.name()));
            if (def.type() == Type.TIMESTAMP) {
                p.put("format", "date-time");
            }
            if (def.itemType() != null) {
                ObjectNode items = p.putObject("items");
                describeType(items, def.itemType(), false);
                if (def.itemType() == Type.DICTIONARY) {
                    ObjectNode parts = items.putObject("properties");
                    String prefix = def.name() + ".";
                    t.properties().values().stream().filter(d -> d.name().startsWith(prefix)).forEach(d -> {
                        ObjectNode part = parts.putObject(d.name().substring(prefix.length()));
                        part.put("description", d.description());
                        describeType(part, d.itemType() != null ? d.itemType() : d.type(), true);
                        part.putObject("x-optimade-implementation").put("query-support", "all mandatory");
                    });
                }
            }
            p.put("x-optimade-unit", def.unit());
            if (!Set.of("inapplicable", "dimensionless").contains(def.unit())) {
                p.put("unit", def.unit());
                p.putArray("x-optimade-unit-definitions").addObject().put("symbol", def.unit()).put("title", def.unit())
                        .put("description", "The unit " + def.unit() + ", as GNU units writes it.")
                        .putObject("standard").put("name", "gnu units").put("version", "3.09").put("symbol", def.unit());
            }
            p.put("sortable", def.sortable());
            ObjectNode impl = p.putObject("x-optimade-implementation").put("sortable", def.sortable());
            if (def.queryable()) {
                impl.put("query-support", "all mandatory");
            } else {
                // served whole; a filter can ask whether it is known, and reach parts of it by name
                impl.put("query-support", "partial");
                impl.putArray("query-support-operators").add("IS KNOWN").add("IS UNKNOWN");
            }
        }
        data.putArray("formats").add("json");
        ArrayNode fields = data.putObject("output_fields_by_format").putArray("json");
        t.properties().keySet().stream().filter(n -> !n.contains(".")).forEach(fields::add);
        return data;
    }

    private static void describeType(ObjectNode p, Type type, boolean nullable) {
        ArrayNode json = p.putArray("type").add(type.jsonSchemaType());
        if (nullable) {
            json.add("null");
        }
        p.put("x-optimade-type", type.code);
    }
}
