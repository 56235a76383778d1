package org.matdx.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.matdx.access.Visibility;
import org.matdx.core.Element;
import org.matdx.core.Entry;
import org.matdx.core.Page;
import org.matdx.core.Quantity;
import org.matdx.core.RequestContext;
import org.matdx.core.SpreadsheetCells;
import org.matdx.core.Units;
import org.matdx.store.EntryStore;

/**
 * A dataset as one table — a row per entry, a column per property with its unit in the header
 * ({@code band_gap (eV)}) — written as CSV for spreadsheets and pandas. Rows come through
 * {@link Catalog#entries}, so the access policy and the audit trail apply as for any listing;
 * an embargoed dataset gives its metadata columns only (no outcome, sample or properties). Cells a
 * spreadsheet would run as formulas are written as text ({@link SpreadsheetCells}).
 */
public final class EntryTable {
    /** The columns in order; those an embargo hides are {@link #DATA}. */
    static final List<String> FIXED = List.of("id", "title", "kind", "formula", "reduced_formula", "elements",
            "outcome", "outcome_reason", "sample", "template", "created_at");
    /** What an entry found (and the property columns after these): for readers of the data only. */
    static final Set<String> DATA = Set.of("outcome", "outcome_reason", "sample");

    private final Catalog catalog;
    private final EntryStore entries;

    public EntryTable(Catalog catalog, EntryStore entries) {
        this.catalog = catalog;
        this.entries = entries;
    }

    /** A table ready to write: the caller may see the dataset and the columns are known. */
    public final class Prepared {
        private final RequestContext context;
        private final UUID datasetId;
        private final boolean data;
        private final Map<String, String> units;

        private Prepared(RequestContext context, UUID datasetId, boolean data, Map<String, String> units) {
            this.context = context;
            this.datasetId = datasetId;
            this.data = data;
            this.units = units;
        }

        public List<String> header() {
            List<String> header = new ArrayList<>(FIXED);
            if (!data) {
                header.removeAll(DATA);
            }
            units.forEach((name, unit) -> header.add(unit.isEmpty() ? name : name + " (" + unit + ")"));
            return header;
        }

        public void writeCsv(Writer out) {
            try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                    .setHeader(header().stream().map(SpreadsheetCells::safe).toArray(String[]::new)).get())) {
                String cursor = null;
                do {
                    Page<Catalog.EntryView> page = catalog.entries(context, datasetId, cursor, Catalog.MAX_PAGE);
                    for (Catalog.EntryView v : page.items()) {
                        csv.printRecord(row(v.entry(), data, units).stream().map(SpreadsheetCells::safe).toList());
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Checks that the caller may see the dataset (a 404 {@code Problem} otherwise, before anything
     * is written) and finds the property columns.
     */
    public Prepared prepare(RequestContext context, UUID datasetId) {
        Catalog.DatasetView view = catalog.dataset(context, datasetId);
        boolean data = view.visibility().atLeast(Visibility.FULL);
        return new Prepared(context, datasetId, data, data ? entries.propertyUnits(datasetId) : Map.of());
    }

    private static List<Object> row(Entry e, boolean data, Map<String, String> units) {
        List<Object> r = new ArrayList<>(FIXED.size() + units.size());
        var c = e.composition();
        r.add(e.id());
        r.add(e.title());
        r.add(e.kind().code());
        r.add(c == null ? "" : c.formula());
        r.add(c == null ? "" : c.reducedFormula());
        r.add(c == null ? "" : String.join(" ", c.elements().stream().map(Element::symbol).toList()));
        if (data) {
            r.add(e.outcome().code());
            r.add(e.outcome().reason());
            r.add(e.sampleId() == null ? "" : e.sampleId());
        }
        r.add(e.template() == null ? "" : e.template());
        r.add(e.createdAt());
        units.forEach((name, unit) -> r.add(value(e.properties().get(name), unit)));
        return r;
    }

    /** The value in the column's unit; a value whose unit cannot be converted keeps its own, written beside it. */
    static String value(Quantity q, String unit) {
        if (q == null) {
            return "";
        }
        String own = q.unit() == null ? "" : q.unit();
        if (own.equals(unit)) {
            return Double.toString(q.value());
        }
        try {
            return Double.toString(Units.convert(q.value(), own, unit));
        } catch (RuntimeException notConvertible) {
            return q.value() + " " + own;
        }
    }
}
