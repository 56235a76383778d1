package org.matdx.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.EntryKind;
import org.matdx.core.FileRole;
import org.matdx.core.Json;
import org.matdx.core.Outcome;
import org.matdx.core.Quantity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Entries and their files. The composition is stored twice on purpose: as JSON for exact
 * round-trips, and as searchable columns (alphabetical element array with matching fractions,
 * formulas) that indexes and OPTIMADE filters work on.
 */
public final class EntryStore {
    private final Database db;

    public EntryStore(Database db) {
        this.db = db;
    }

    public void insert(Handle h, Entry e) {
        insertAll(h, List.of(e), List.of());
    }

    /**
     * Inserts entries with as few statements as the parameter limit allows (up to 1,000 rows a
     * statement), each row complete with the columns {@code derived} computes for it. The entries
     * table's statement-level triggers (V30, V61) then run once per statement and not once per
     * entry, and no entry is written twice: an import of 20,000 structures took 20,000 INSERTs,
     * 20,000 trigger runs and 20,000 UPDATEs for the element-strategy scores, each leaving a dead
     * row version behind (docs/BENCHMARKS.md, loading). From {@link EntryBulkLoad#MIN_ENTRIES}
     * entries on, the rows go by COPY and the derived columns and rows are written set-wise
     * ({@link EntryBulkLoad}); the stored result is the same.
     */
    public void insertAll(Handle h, List<Entry> entries, List<DerivedColumns> derived) {
        if (entries.isEmpty()) {
            return;
        }
        if (entries.size() >= EntryBulkLoad.MIN_ENTRIES) {
            // entries of a shape SearchColumns leaves to SQL go the trigger way, in this same transaction
            insertRows(h, EntryBulkLoad.load(h, entries, derived, EntryStore::baseRow), derived);
        } else {
            insertRows(h, entries, derived);
        }
        List<Object[]> files = new ArrayList<>();
        for (Entry e : entries) {
            e.files().forEach(f -> files.add(fileRow(e.id(), f)));
        }
        if (!files.isEmpty()) {
            // one round trip for every entry's raw file, plot and thumbnail
            Jdbc.batch(h, INSERT_FILE, files);
        }
    }

    /** Row by row in multi-row INSERTs; the triggers derive the search columns and rows (V181). */
    void insertRows(Handle h, List<Entry> entries, List<DerivedColumns> derived) {
        StringBuilder columns = new StringBuilder(INSERT_COLUMNS);
        StringBuilder row = new StringBuilder(INSERT_ROW);
        int width = INSERT_WIDTH;
        for (DerivedColumns d : derived) {
            for (int i = 0; i < d.names().size(); i++) {
                columns.append(", ").append(d.names().get(i));
                row.append(", ").append(d.placeholders().get(i));
            }
            width += d.names().size();
        }
        String rowSql = "(" + row + ")";
        // PostgreSQL's wire protocol numbers parameters with 16 bits
        int perStatement = Math.max(1, Math.min(1000, MAX_PARAMETERS / width));
        for (int from = 0; from < entries.size(); from += perStatement) {
            List<Entry> part = entries.subList(from, Math.min(entries.size(), from + perStatement));
            StringBuilder sql = new StringBuilder(columns.length() + part.size() * (rowSql.length() + 2) + 40)
                    .append("INSERT INTO entries (").append(columns).append(") VALUES ");
            Object[] args = new Object[part.size() * width];
            int at = 0;
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(rowSql);
                Entry e = part.get(i);
                Object[] base = baseRow(e).values();
                System.arraycopy(base, 0, args, at, base.length);
                at += base.length;
                for (DerivedColumns d : derived) {
                    Object[] v = d.valuesOf(e);
                    System.arraycopy(v, 0, args, at, v.length);
                    at += v.length;
                }
            }
            // plain JDBC: this runs for every ingested record (see Jdbc)
            Jdbc.update(h, sql.toString(), args);
        }
    }

    private static final int MAX_PARAMETERS = 65_535;
    static final String INSERT_COLUMNS = """
            id, dataset_id, kind, title, formula, reduced_formula, formula_reduced_alpha, formula_anonymous, formula_hill, \
            chemical_system, elements, element_fractions, nelements, composition, properties, invoice, metadata, data, series, \
            sample_id, template, outcome, outcome_reason, created_by, created_at, updated_at""";
    private static final String INSERT_ROW = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), "
            + "CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?";
    private static final int INSERT_WIDTH = 26;

    /**
     * The values of {@link #INSERT_COLUMNS} for one entry, with the JSON they were written from
     * (for the columns {@link SearchColumns} derives from it).
     */
    record BaseRow(Object[] values, String properties, JsonNode data, JsonNode invoice, JsonNode metadata, JsonNode composition,
                   List<String> elements, List<Double> fractions) implements EntryBulkLoad.Row {
    }

    static BaseRow baseRow(Entry e) {
        Composition c = e.composition();
        List<String> elements = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        if (c != null) {
            Map<String, Double> bySymbol = new HashMap<>();
            c.atomicFractions().forEach((el, f) -> bySymbol.put(el.symbol(), f));
            for (String s : c.symbolsAlphabetical()) {
                elements.add(s);
                fractions.add(bySymbol.get(s));
            }
        }
        byte[] packed = SeriesColumn.pack(e.data());
        JsonNode composition = c == null ? null : Json.composition(c);
        JsonNode invoice = orEmpty(e.invoice());
        JsonNode metadata = orEmpty(e.metadata());
        JsonNode data = packed == null ? orEmpty(e.data()) : SeriesColumn.withoutPacked(e.data());
        String properties = Json.write(properties(e.properties()));
        Object[] values = {e.id(), e.datasetId(), e.kind().code(), e.title(),
                c == null ? null : c.formula(),
                c == null ? null : c.reducedFormula(),
                c == null ? null : c.reducedFormulaAlphabetical(),
                c == null ? null : c.anonymousFormula().orElse(null),
                c == null ? null : c.hillFormula(),
                c == null ? null : c.chemicalSystem(),
                new Jdbc.Array("text", elements), new Jdbc.Array("float8", fractions), elements.size(),
                composition == null ? null : Json.write(composition),
                properties,
                Json.write(invoice),
                Json.write(metadata),
                Json.write(data),
                packed, e.sampleId(), e.template(), e.outcome().code(), e.outcome().reason(),
                e.createdBy(), e.createdAt(), e.updatedAt()};
        return new BaseRow(values, properties, data, invoice, metadata, composition, elements, fractions);
    }

    private static final String INSERT_FILE = """
            INSERT INTO entry_files (entry_id, name, sha256, size, media_type, role, restricted)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    private static Object[] fileRow(UUID entryId, EntryFile f) {
        return new Object[] {entryId, f.name(), f.sha256(), f.size(), f.mediaType(), f.role().code(), f.restricted()};
    }

    /** The entry regardless of who asks: callers pass it through the access policy before showing it. */
    public Optional<Entry> get(UUID id) {
        return db.read(h -> get(h, id));
    }

    public Optional<Entry> get(Handle h, UUID id) {
        Optional<Entry> e = h.createQuery("SELECT * FROM entries WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> entry(rs, List.of())).findOne();
        return e.map(x -> withFiles(h, List.of(x)).get(0));
    }

    /** Entries of one dataset in insertion order, keyset-paginated. */
    public List<Entry> listByDataset(UUID datasetId, Cursor after, int limit) {
        return db.read(h -> listByDataset(h, datasetId, after, limit));
    }

    /** As {@link #listByDataset(UUID, Cursor, int)}, on the caller's handle (inside its transaction). */
    public List<Entry> listByDataset(Handle h, UUID datasetId, Cursor after, int limit) {
        String sql = "SELECT * FROM entries WHERE dataset_id = :dataset"
                + (after == null ? "" : " AND (created_at, id) > (:after_t, :after_id)")
                + " ORDER BY created_at, id LIMIT :limit";
        Query q = h.createQuery(sql).bind("dataset", datasetId).bind("limit", limit);
        if (after != null) {
            q.bind("after_t", after.createdAt()).bind("after_id", after.id());
        }
        return withFiles(h, q.map((rs, ctx) -> entry(rs, List.of())).list());
    }

    /**
     * The numeric properties a dataset's entries carry, each with its most common unit, in name
     * order: the columns of a table of the dataset.
     */
    public Map<String, String> propertyUnits(UUID datasetId) {
        return db.read(h -> {
            Map<String, String> out = new TreeMap<>();
            h.createQuery("SELECT p.key, coalesce(p.value->>'unit', '') AS unit, count(*) AS n"
                            + " FROM entries e, jsonb_each(e.properties) p WHERE e.dataset_id = :d"
                            + " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2")
                    .bind("d", datasetId)
                    .map((rs, ctx) -> Map.entry(rs.getString("key"), rs.getString("unit")))
                    .forEach(e -> out.putIfAbsent(e.getKey(), e.getValue()));
            return out;
        });
    }

    public long countByDataset(UUID datasetId) {
        return db.read(h -> h.createQuery("SELECT count(*) FROM entries WHERE dataset_id = :d")
                .bind("d", datasetId).mapTo(Long.class).one());
    }

    /** Attaches each entry's files with one query. */
    public List<Entry> withFiles(Handle h, List<Entry> entries) {
        if (entries.isEmpty()) {
            return entries;
        }
        Map<UUID, List<EntryFile>> files = files(h, entries.stream().map(Entry::id).toList());
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(new Entry(e.id(), e.datasetId(), e.kind(), e.title(), e.composition(), e.properties(),
                    e.invoice(), e.metadata(), e.data(), files.getOrDefault(e.id(), List.of()), e.sampleId(),
                    e.template(), e.outcome(), e.createdBy(), e.createdAt(), e.updatedAt()));
        }
        return out;
    }

    private Map<UUID, List<EntryFile>> files(Handle h, Collection<UUID> entryIds) {
        Map<UUID, List<EntryFile>> m = new HashMap<>();
        h.createQuery("SELECT * FROM entry_files WHERE entry_id = ANY(:ids) ORDER BY entry_id, role, name")
                .bindArray("ids", UUID.class, entryIds)
                .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "entry_id"), new EntryFile(rs.getString("name"),
                        rs.getString("sha256"), rs.getLong("size"), rs.getString("media_type"),
                        FileRole.of(rs.getString("role")), rs.getBoolean("restricted"))))
                .forEach(x -> m.computeIfAbsent(x.getKey(), k -> new ArrayList<>()).add(x.getValue()));
        return m;
    }

    /** Maps an {@code entries} row; files are attached separately ({@link #withFiles}). */
    public static Entry entry(ResultSet rs, List<EntryFile> files) throws SQLException {
        UUID id = Rows.uuid(rs, "id");
        return new Entry(id, Rows.uuid(rs, "dataset_id"), EntryKind.of(rs.getString("kind")),
                rs.getString("title"), storedComposition("entries", id, Rows.json(rs, "composition")),
                storedProperties(id, Rows.json(rs, "properties")), Rows.json(rs, "invoice"), Rows.json(rs, "metadata"),
                data(id, rs), files, Rows.uuid(rs, "sample_id"), rs.getString("template"),
                Outcome.of(rs.getString("outcome"), rs.getString("outcome_reason")), Rows.uuid(rs, "created_by"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private static JsonNode data(UUID id, ResultSet rs) throws SQLException {
        JsonNode data = Rows.json(rs, "data");
        byte[] series = rs.getBytes("series");
        if (series == null) {
            return data;
        }
        try {
            return SeriesColumn.unpack(data, series);
        } catch (RuntimeException e) {
            BadRows.skipped("entries", id, "series", e.toString());
            return data;
        }
    }

    /** A stored composition, or null (logged) when this version cannot read it. */
    public static Composition storedComposition(String table, UUID id, JsonNode n) {
        try {
            return Json.composition(n);
        } catch (RuntimeException e) {
            BadRows.skipped(table, id, "composition", e.getMessage());
            return null;
        }
    }

    /** Stored properties; a value that is not a finite number is logged and left out. */
    static Map<String, Quantity> storedProperties(UUID id, JsonNode n) {
        Map<String, Quantity> m = new LinkedHashMap<>();
        if (n != null) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                JsonNode v = e.getValue().path("value");
                if (v.isNumber() && Double.isFinite(v.asDouble())) {
                    m.put(e.getKey(), Quantity.of(v.asDouble(), e.getValue().path("unit").asString("")));
                } else {
                    BadRows.skipped("entries", id, "property " + e.getKey(), "value " + v + " is not a finite number");
                }
            }
        }
        return m;
    }

    /** {"band_gap": {"value": 3.2, "unit": "eV"}} */
    public static ObjectNode properties(Map<String, Quantity> props) {
        ObjectNode n = Json.object();
        props.forEach((k, q) -> n.putObject(k).put("value", q.value()).put("unit", q.unit()));
        return n;
    }

    /** Properties as {@link #properties(Map)} writes them; an IllegalArgumentException names a value that is not a finite number. */
    public static Map<String, Quantity> properties(JsonNode n) {
        Map<String, Quantity> m = new LinkedHashMap<>();
        if (n != null) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                JsonNode v = e.getValue().path("value");
                if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                    throw new IllegalArgumentException("property " + e.getKey() + ": value " + v + " is not a finite number");
                }
                m.put(e.getKey(), Quantity.of(v.asDouble(), e.getValue().path("unit").asString("")));
            }
        }
        return m;
    }

    private static JsonNode orEmpty(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? Json.object() : n;
    }

    static List<String> symbols(Collection<Element> elements) {
        return elements.stream().map(Element::symbol).toList();
    }
}
