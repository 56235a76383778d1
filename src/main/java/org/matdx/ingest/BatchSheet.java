package org.matdx.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.formats.table.Sheets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import org.matdx.formats.FormatException;

/**
 * A spreadsheet of invoices for batch registration, one row per measurement (CSV or XLSX).
 * Columns: {@code file} (several separated by {@code ;}, the first is the main file),
 * {@code template} (or empty for automatic), the basic part ({@code data_name, date, owner,
 * instrument, description}), the sample part ({@code sample_id} or {@code sample_name,
 * sample_composition, sample_description}); any other column is a template field
 * ({@code tube_voltage} or {@code custom.tube_voltage}). Numbers and true/false become JSON
 * numbers and booleans, so the template's schema checks them as such.
 */
public record BatchSheet(String name, List<Row> rows) {
    private static final Set<String> BASIC = Set.of("data_name", "date", "owner", "instrument", "description");

    /** One row: its invoice, the files it names, and problems found while reading it (e.g. no file named). */
    public record Row(int line, List<String> files, String template, JsonNode invoice, List<Problem.Issue> issues) {
    }

    public static BatchSheet read(String name, InputStream in) throws FormatException, IOException {
        List<Sheets.SheetRow> rows = Sheets.read(name, in);
        if (rows.isEmpty()) {
            throw FormatException.inFile(name, "is empty: expected a header row (file, data_name, date, …) and one row per measurement");
        }
        List<String> header = rows.get(0).cells().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        if (!header.contains("file")) {
            throw FormatException.atLine(name, rows.get(0).line(), "the header needs a 'file' column naming each row's file");
        }
        List<Row> out = new ArrayList<>();
        for (Sheets.SheetRow r : rows.subList(1, rows.size())) {
            List<Problem.Issue> issues = new ArrayList<>();
            ObjectNode inv = Json.object();
            ObjectNode basic = inv.putObject("basic");
            ObjectNode sample = Json.object();
            ObjectNode custom = Json.object();
            List<String> files = new ArrayList<>();
            String template = null;
            for (int i = 0; i < header.size(); i++) {
                String col = header.get(i);
                String v = r.cell(i).strip();
                if (v.isEmpty() || col.isEmpty()) {
                    continue;
                }
                if (col.equals("file")) {
                    for (String f : v.split(";")) {
                        if (!f.isBlank()) {
                            files.add(f.strip());
                        }
                    }
                } else if (col.equals("template")) {
                    template = v;
                } else if (BASIC.contains(col)) {
                    basic.put(col, col.equals("date") ? date(v) : v);
                } else if (col.startsWith("sample_")) {
                    sample.put(col.substring("sample_".length()), v);
                } else {
                    String key = col.startsWith("custom.") ? col.substring("custom.".length()) : col;
                    custom.set(key, value(v));
                }
            }
            if (files.isEmpty()) {
                issues.add(new Problem.Issue("file", "the row names no file"));
            }
            if (!sample.isEmpty()) {
                inv.set("sample", sample);
            }
            if (!custom.isEmpty()) {
                inv.set("custom", custom);
            }
            out.add(new Row(r.line(), files, template, inv, issues));
        }
        return new BatchSheet(name, out);
    }

    /** Dates typed by hand as 2026/04/01 or 2026.4.1 become ISO dates; anything else is left for the schema to reject. */
    static String date(String v) {
        String s = v.strip().replace('/', '-').replace('.', '-');
        String[] p = s.split("-");
        if (p.length == 3 && p[0].length() == 4) {
            try {
                return LocalDate.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2].split("T")[0])).toString();
            } catch (RuntimeException e) {
                return v;
            }
        }
        return v;
    }

    static JsonNode value(String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Json.MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(v.toLowerCase(Locale.ROOT)));
        }
        if (v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(v));
        }
        return Json.MAPPER.getNodeFactory().stringNode(v);
    }
}
