package org.matdx.formats.table;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.matdx.core.Composition;
import org.matdx.core.EntryKind;
import org.matdx.core.FormulaException;
import org.matdx.core.Json;
import org.matdx.core.Quantity;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ObjectNode;

/**
 * A table where each row is one experiment or sample (CSV or XLSX): one {@link Parsed} per row.
 * Headers carry units as {@code T (K)} or {@code conductivity [S/cm]}; a {@code composition} or
 * {@code formula} column goes through {@link Composition}; a {@code name}/{@code sample} column
 * titles the row. Numeric cells become properties with units, other cells metadata.
 */
public abstract sealed class TableReader implements Reader permits TableReader.Csv, TableReader.Xlsx {
    // possessive: a long run of digits that is not a number is given up at once, not retried at every split of the run
    private static final Pattern NUMBER = Pattern.compile("[+-]?+(\\d++\\.?+\\d*+|\\.\\d++)([eE][+-]?+\\d++)?+");
    private static final Set<String> COMPOSITION = Set.of("composition", "formula", "組成", "組成式");
    private static final Set<String> TITLE = Set.of("name", "sample", "sample_name", "sample name", "title", "id", "試料名");

    public static final class Csv extends TableReader {
        @Override
        public String id() {
            return "table.csv";
        }

        @Override
        public String name() {
            return "Table of experiments (CSV)";
        }

        @Override
        public Recognition recognise(String fileName, byte[] head) {
            String n = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
            if (!(n.endsWith(".csv") || n.endsWith(".tsv"))) {
                return Recognition.NO;
            }
            // a table's header names columns with letters; a two-column data file starts with numbers or comments
            String text = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.UTF_8).replace("\uFEFF", "");
            String first = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse("");
            char sep = Sheets.separator(first);
            String[] cells = first.split(Pattern.quote(String.valueOf(sep)), -1);
            boolean header = cells.length >= 2 && Arrays.stream(cells).allMatch(c -> c.strip().replace("\"", "").matches(".*\\p{L}.*"));
            boolean composition = Arrays.stream(cells).map(c -> headerName(c.strip().replace("\"", ""))[0].toLowerCase(Locale.ROOT))
                    .anyMatch(COMPOSITION::contains);
            // a header naming a composition column is a table of materials; any other header row only suggests one
            return !header ? Recognition.NO : composition ? Recognition.CONTENT : Recognition.NAME;
        }

        @Override
        public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
            return rows(fileName, Sheets.csv(fileName, content.readAllBytes()));
        }
    }

    public static final class Xlsx extends TableReader {
        @Override
        public String id() {
            return "table.xlsx";
        }

        @Override
        public String name() {
            return "Table of experiments (XLSX)";
        }

        @Override
        public Recognition recognise(String fileName, byte[] head) {
            boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
            String n = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
            if (zip && new String(head, StandardCharsets.ISO_8859_1).contains("xl/")) {
                return Recognition.CONTENT;
            }
            return n.endsWith(".xlsx") ? Recognition.NAME : Recognition.NO;
        }

        @Override
        public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
            return rows(fileName, Sheets.xlsx(fileName, content));
        }
    }

    /** {@code "T (K)"} → {@code ["T", "K"]}; {@code "phase"} → {@code ["phase", ""]}. */
    static String[] headerName(String header) {
        // scanned, not matched by a regular expression: a pattern with a lazy name and optional spaces on both
        // sides of the bracket backtracks cubically, and a header of a few thousand spaces held a reader for minutes
        String h = header.strip();
        int end = h.length() - 1;
        if (end > 0 && (h.charAt(end) == ')' || h.charAt(end) == ']')) {
            int open = -1; // the first opening bracket after the last other closing one: the unit holds no closing bracket
            for (int i = end - 1; i >= 0; i--) {
                char c = h.charAt(i);
                if (c == ')' || c == ']') {
                    break;
                }
                if (c == '(' || c == '[') {
                    open = i;
                }
            }
            if (open > 0 && !h.substring(0, open).isBlank()) {
                return new String[] {h.substring(0, open).strip(), h.substring(open + 1, end).strip()};
            }
        }
        return new String[] {h, ""};
    }

    static String key(String name) {
        String k = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "_");
        // the underscores at either end trimmed by hand: "_+$" tried at every position is quadratic
        int from = 0;
        int to = k.length();
        while (from < to && k.charAt(from) == '_') {
            from++;
        }
        while (to > from && k.charAt(to - 1) == '_') {
            to--;
        }
        k = k.substring(from, to);
        return k.isEmpty() ? "column" : k;
    }

    static List<Parsed> rows(String file, List<Sheets.SheetRow> rows) throws FormatException {
        if (rows.isEmpty()) {
            throw FormatException.inFile(file, "is empty: expected a header row and at least one data row");
        }
        Sheets.SheetRow header = rows.get(0);
        int n = header.cells().size();
        String[] names = new String[n];
        String[] units = new String[n];
        String[] keys = new String[n];
        int composition = -1;
        int title = -1;
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String[] nu = headerName(header.cell(i));
            names[i] = nu[0];
            units[i] = nu[1];
            if (names[i].isEmpty()) {
                throw FormatException.atLine(file, header.line(), "column " + (i + 1) + " has no name in the header");
            }
            keys[i] = key(names[i]);
            if (seen.put(keys[i], i) != null) {
                throw FormatException.atLine(file, header.line(), "two columns are named '" + names[i] + "'");
            }
            String lower = names[i].toLowerCase(Locale.ROOT);
            if (composition < 0 && COMPOSITION.contains(lower)) {
                composition = i;
            } else if (title < 0 && TITLE.contains(lower)) {
                title = i;
            }
        }
        if (rows.size() < 2) {
            throw FormatException.atLine(file, header.line(), "has a header but no data rows");
        }
        List<Parsed> out = new ArrayList<>();
        for (Sheets.SheetRow r : rows.subList(1, rows.size())) {
            ReadBudget.check();
            if (r.cells().size() > n && r.cells().subList(n, r.cells().size()).stream().anyMatch(c -> !c.isBlank())) {
                throw FormatException.atLine(file, r.line(), "expected " + n + " columns, found " + r.cells().size());
            }
            Composition c = null;
            if (composition >= 0 && !r.cell(composition).isBlank()) {
                try {
                    c = Composition.parse(r.cell(composition));
                } catch (FormulaException e) {
                    throw FormatException.atLine(file, r.line(), "column '" + names[composition] + "': " + e.getMessage());
                }
            }
            Map<String, Quantity> props = new LinkedHashMap<>();
            ObjectNode meta = Json.object();
            for (int i = 0; i < n; i++) {
                if (i == composition) {
                    continue;
                }
                String v = r.cell(i).strip();
                if (v.isEmpty()) {
                    continue;
                }
                Double num = number(v);
                if (num != null && i != title) {
                    props.put(keys[i], Quantity.of(num, units[i]));
                } else if (!units[i].isEmpty() && i != title) {
                    throw FormatException.atLine(file, r.line(), "column '" + header.cell(i) + "' has a unit, so '" + v
                            + "' should be a number");
                } else {
                    meta.put(keys[i], v);
                }
            }
            String t = title >= 0 && !r.cell(title).isBlank() ? r.cell(title).strip()
                    : c != null ? c.reducedFormula() : "row " + r.line();
            out.add(new Parsed(EntryKind.PROPERTY_ROW, t, c, List.of(), null, props, meta));
        }
        return out;
    }

    static Double number(String v) {
        String s = v.replace('\u2212', '-').strip();
        if (!NUMBER.matcher(s).matches()) {
            return null;
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : null;
    }
}
