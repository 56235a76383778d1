package org.matdx.store;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.matdx.core.Entry;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.databind.JsonNode;

/**
 * Writes many entries at once, inside the caller's transaction: their rows by one COPY straight
 * into {@code entries}, the derived search columns computed in Java ({@link SearchColumns}; the
 * full-text vectors by PostgreSQL's parser in a row trigger for these statements only, V183), and
 * the rows that statement triggers write for a single entry — the numeric properties' range index
 * (entry_quantities, property_units, quantity_problems) and the search copy (V61) — written once
 * per batch, set-wise. The other triggers stand aside for these statements only, through the
 * transaction-local setting {@code matdx.bulk_load} (migration V181).
 *
 * <p>Why: one INSERT of 5,000 structures into 100,000 took 6.2 s with the derived columns computed
 * by the row's SQL functions (1.7 s), the two statement triggers (1.5 s) and one lookup per row of
 * its own new quantities; a staging table then cost half of what was left, each row being written,
 * compressed, read and decompressed once more before its real INSERT (docs/BENCHMARKS.md, issue 22).
 *
 * <p>Entries whose JSON has a shape {@link SearchColumns} leaves to SQL are handed back, and the
 * caller inserts them the ordinary way in the same transaction, so the triggers compute their rows.
 * A failure anywhere aborts the caller's transaction: nothing of the batch stays.
 */
final class EntryBulkLoad {
    /** Fewer entries than this go through the ordinary INSERT: the set-wise statements cost more than they save. */
    static final int MIN_ENTRIES = 100;

    private static final String SEARCH_COLUMNS = "structure_nsites, structure_species_at_sites, structure_dimension_types, "
            + "structure_disordered, instrument, optimade_reduced, optimade_anonymous, element_keys";
    private static final String BULK = "SELECT set_config('matdx.bulk_load', ?, true)";

    private EntryBulkLoad() {
    }

    /**
     * One entry's values for {@code EntryStore.INSERT_COLUMNS}, with the JSON they were written from (for the
     * columns {@link SearchColumns} derives): {@code EntryStore}'s row, which it hands in as {@code rows}.
     */
    interface Row {
        Object[] values();

        /** The properties as written in {@link #values()}: JSON text. */
        String properties();

        JsonNode data();

        JsonNode invoice();

        JsonNode metadata();

        JsonNode composition();

        List<String> elements();

        List<Double> fractions();
    }

    /** Loads the entries it can derive and returns those left to the triggers (an ordinary INSERT). */
    static List<Entry> load(Handle h, List<Entry> entries, List<DerivedColumns> derived, Function<Entry, ? extends Row> rows) {
        StringBuilder extra = new StringBuilder();
        for (DerivedColumns d : derived) {
            for (String name : d.names()) {
                extra.append(", ").append(name);
            }
        }
        Jdbc.one(h, BULK, String.class, "on");
        Loaded loaded = copy(h, entries, derived, rows,
                "COPY entries (" + EntryStore.INSERT_COLUMNS + extra + ", " + SEARCH_COLUMNS + ") FROM STDIN");
        if (!loaded.ids().isEmpty()) {
            Jdbc.one(h, "SELECT CAST(matdx_index_quantities(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS jsonb[])) AS text)",
                    String.class, new Jdbc.Array("uuid", loaded.ids()), new Jdbc.Array("uuid", loaded.datasets()),
                    new Jdbc.Array("text", loaded.properties()));
            Jdbc.one(h, "SELECT CAST(matdx_entry_search_copy(?) AS text)", String.class, new Jdbc.Array("uuid", loaded.ids()));
        }
        Jdbc.one(h, BULK, String.class, "off");
        return loaded.unusual();
    }

    /** What one COPY wrote (ids, datasets and properties, for the set-wise rows) and the entries it left out. */
    private record Loaded(List<UUID> ids, List<UUID> datasets, List<String> properties, List<Entry> unusual) {
    }

    /** Streams the rows Java derives into the COPY and keeps the others back. */
    private static Loaded copy(Handle h, List<Entry> entries, List<DerivedColumns> derived, Function<Entry, ? extends Row> rows,
            String sql) {
        Loaded loaded = new Loaded(new ArrayList<>(entries.size()), new ArrayList<>(entries.size()), new ArrayList<>(entries.size()),
                new ArrayList<>());
        try {
            CopyIn in = h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                StringBuilder out = new StringBuilder(1 << 20);
                for (Entry e : entries) {
                    Row row = rows.apply(e);
                    SearchColumns s = SearchColumns.of(row.data(), row.invoice(), row.metadata(), row.composition(), row.elements(),
                            row.fractions());
                    if (s == null) {
                        loaded.unusual().add(e);
                        continue;
                    }
                    loaded.ids().add(e.id());
                    loaded.datasets().add(e.datasetId());
                    loaded.properties().add(row.properties());
                    for (Object v : row.values()) {
                        field(out, v);
                    }
                    for (DerivedColumns d : derived) {
                        for (Object v : d.valuesOf(e)) {
                            field(out, v);
                        }
                    }
                    field(out, s.nsites());
                    field(out, s.speciesAtSites());
                    field(out, s.dimensionTypes());
                    field(out, s.disordered());
                    field(out, s.instrument());
                    field(out, s.optimadeReduced());
                    field(out, s.optimadeAnonymous());
                    field(out, s.elementKeys());
                    out.setCharAt(out.length() - 1, '\n');
                    if (out.length() > 1 << 20) {
                        write(in, out);
                    }
                }
                write(in, out);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
        return loaded;
    }

    private static void write(CopyIn in, StringBuilder out) throws SQLException {
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        out.setLength(0);
    }

    /** One value in COPY's text format, followed by a tab. */
    private static void field(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("\\N");
            case String s -> escape(out, s);
            case UUID u -> out.append(u);
            case Integer n -> out.append(n);
            case Long n -> out.append(n);
            case Double d -> out.append(d);
            case Boolean b -> out.append(b ? 't' : 'f');
            case Instant t -> out.append(t);
            case byte[] bytes -> out.append("\\\\x").append(HexFormat.of().formatHex(bytes));
            case Jdbc.Array a -> array(out, a.values());
            case List<?> l -> array(out, l);
            default -> throw new IllegalArgumentException("cannot copy a " + v.getClass().getName());
        }
        out.append('\t');
    }

    /** An array literal, every element quoted, then escaped for COPY. */
    private static void array(StringBuilder out, List<?> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            Object x = values.get(i);
            literal.append(i == 0 ? "" : ",");
            if (x == null) {
                literal.append("NULL");
            } else {
                literal.append('"').append(x.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        escape(out, literal.append('}').toString());
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
    }
}
