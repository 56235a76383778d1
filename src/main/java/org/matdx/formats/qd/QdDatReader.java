package org.matdx.formats.qd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Quantity;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ObjectNode;

/**
 * Quantum Design MultiVu data files (.dat) from MPMS, MPMS3, PPMS, DynaCool and VersaLab: a
 * {@code [Header]} of comma-separated keyword lines and a {@code [Data]} table whose header row
 * names each column as {@code Name (unit)}. Cells a measurement did not fill are empty.
 */
public final class QdDatReader implements Reader {
    private static final DateTimeFormatter OPEN_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm a", Locale.ENGLISH);

    @Override
    public String id() {
        return "magnet.qd-dat";
    }

    @Override
    public String name() {
        return "Quantum Design MPMS/PPMS data file";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String text = head == null ? "" : new String(head, StandardCharsets.ISO_8859_1);
        if (text.stripLeading().startsWith("[Header]") && (text.contains("BYAPP") || text.contains("Quantum Design")
                || text.contains("[Data]"))) {
            return Recognition.CONTENT;
        }
        return Recognition.NO; // ".dat" alone says nothing: many instruments use it
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(content, StandardCharsets.ISO_8859_1));
        ObjectNode meta = Json.object();
        ObjectNode info = Json.object();
        List<String> titles = new ArrayList<>();
        String line;
        int no = 0;
        boolean header = false;
        while ((line = in.readLine()) != null) {
            no++;
            String l = line.strip();
            if (no == 1 && !l.isEmpty() && l.charAt(0) == '\uFEFF') {
                l = l.substring(1);
            }
            if (l.equalsIgnoreCase("[Header]")) {
                header = true;
                continue;
            }
            if (l.equalsIgnoreCase("[Data]")) {
                break;
            }
            if (!header) {
                if (l.isEmpty()) {
                    continue;
                }
                throw FormatException.atLine(fileName, no, "expected [Header] as the first line, found '" + shorten(l) + "'");
            }
            if (l.isEmpty() || l.startsWith(";")) {
                continue;
            }
            List<String> f = Csv.split(l);
            String key = f.get(0).strip().toUpperCase(Locale.ROOT);
            switch (key) {
                case "TITLE" -> {
                    String t = String.join(",", f.subList(1, f.size())).strip();
                    if (!t.isEmpty()) {
                        titles.add(t);
                    }
                }
                case "BYAPP" -> {
                    meta.put("application", f.size() > 1 ? f.get(1).strip() : "");
                    if (f.size() > 2) {
                        meta.put("application_version", String.join(".", f.subList(2, f.size())).strip());
                    }
                }
                case "FILEOPENTIME" -> {
                    if (f.size() > 1) {
                        meta.put("file_open_time_seconds", parseOr(f.get(1), Double.NaN));
                    }
                    if (f.size() > 3) {
                        try {
                            meta.put("file_open_time", LocalDateTime.parse(f.get(2).strip() + " " + f.get(3).strip().toUpperCase(Locale.ROOT)
                                    .replace("AM", "AM").replace("PM", "PM"), OPEN_TIME).toString());
                        } catch (DateTimeParseException e) {
                            meta.put("file_open_time", f.get(2).strip() + " " + f.get(3).strip());
                        }
                    }
                }
                case "INFO" -> {
                    // INFO,<value>,<KEY>; a value may itself hold commas
                    if (f.size() >= 3) {
                        String k = f.getLast().strip();
                        String v = String.join(",", f.subList(1, f.size() - 1)).strip();
                        info.put(k.isEmpty() ? "info_" + info.size() : k.toLowerCase(Locale.ROOT), v);
                    } else if (f.size() == 2) {
                        info.put("info_" + info.size(), f.get(1).strip());
                    }
                }
                default -> {
                    // DATATYPE, STARTUPAXIS, FIELDGROUP …: display settings of MultiVu
                }
            }
        }
        if (line == null) {
            throw FormatException.atLine(fileName, no, header ? "no [Data] section" : "no [Header] section; not a Quantum Design .dat file");
        }
        String head = in.readLine();
        no++;
        if (head == null || head.isBlank()) {
            throw FormatException.atLine(fileName, no, "expected the column header row after [Data]");
        }
        List<String> names = new ArrayList<>();
        List<String> units = new ArrayList<>();
        for (String c : Csv.split(head)) {
            String[] nameUnit = nameAndUnit(c.strip());
            names.add(nameUnit[0]);
            units.add(nameUnit[1]);
        }
        int cols = names.size();
        List<double[]> rows = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        int commentCol = names.indexOf("Comment");
        while ((line = in.readLine()) != null) {
            no++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.split(line);
            if (f.size() > cols && !f.subList(cols, f.size()).stream().allMatch(String::isBlank)) {
                throw FormatException.atLine(fileName, no, "expected at most " + cols + " columns, found " + f.size());
            }
            double[] r = new double[cols];
            for (int c = 0; c < cols; c++) {
                String v = c < f.size() ? f.get(c).strip() : "";
                if (v.isEmpty() || c == commentCol) {
                    r[c] = Double.NaN;
                } else {
                    try {
                        r[c] = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        r[c] = Double.NaN; // text column (e.g. a status word)
                    }
                }
            }
            if (commentCol >= 0 && commentCol < f.size() && !f.get(commentCol).isBlank()) {
                comments.add(f.get(commentCol).strip());
            }
            rows.add(r);
        }
        int t = find(names, "Temperature");
        int h = find(names, "Magnetic Field", "Field");
        int x = chooseX(rows, t, h);
        if (x < 0) {
            x = find(names, "Time Stamp", "Time");
        }
        if (x < 0) {
            throw FormatException.atLine(fileName, no, "no Temperature, Magnetic Field or Time Stamp column to plot against");
        }
        List<Integer> ys = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            if (c != x && isResponse(names.get(c)) && populated(rows, c)) {
                ys.add(c);
            }
        }
        int other = x == t ? h : x == h ? t : -1;
        if (other >= 0 && populated(rows, other)) {
            ys.add(other);
        }
        final int xc = x;
        List<double[]> kept = rows.stream().filter(r -> !Double.isNaN(r[xc]) && ys.stream().anyMatch(c -> !Double.isNaN(r[c]))).toList();
        if (kept.isEmpty() || ys.isEmpty()) {
            throw FormatException.atLine(fileName, no, "no data rows with " + names.get(x) + " and a moment or resistance value");
        }
        Axis xAxis = new Axis(names.get(x), units.get(x), column(kept, x));
        List<Axis> yAxes = new ArrayList<>();
        for (int c : ys) {
            yAxes.add(new Axis(names.get(c), units.get(c), column(kept, c)));
        }
        String app = meta.path("application").asString("");
        meta.set("info", info);
        if (!titles.isEmpty()) {
            meta.put("title", String.join("; ", titles));
        }
        meta.put("x_axis", names.get(x));
        meta.put("rows", rows.size());
        meta.put("points", kept.size());
        if (!comments.isEmpty()) {
            meta.set("comments", Json.tree(comments));
        }
        Map<String, Quantity> props = new LinkedHashMap<>();
        String mass = info.path("sample_mass").asString("");
        if (!mass.isBlank() && !Double.isNaN(parseOr(mass, Double.NaN))) {
            props.put("sample_mass", Quantity.of(parseOr(mass, Double.NaN), "mg")); // MultiVu records sample mass in mg
        }
        String sample = first(info, "sample_material", "sample1_name", "sample_name", "sample1_comment");
        meta.put("sample", sample);
        String title = !titles.isEmpty() ? titles.getFirst() : !sample.isEmpty() ? sample : fileName;
        Series s = new Series((app.isEmpty() ? "QD" : app) + " " + yAxes.getFirst().name()
                + " vs " + names.get(x), xAxis, yAxes);
        return List.of(new Parsed(EntryKind.MEASUREMENT, title, null, List.of(s), null, props, meta));
    }

    private static String first(ObjectNode info, String... keys) {
        for (String k : keys) {
            String v = info.path(k).asString("").strip();
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** Moments, magnetisation, susceptibility, resistance/resistivity and their errors: what the run measured. */
    private static boolean isResponse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("moment") || n.startsWith("m. std. err") || n.startsWith("m' ") || n.equals("m'") || n.equals("m''")
                || n.contains("magnetiz") || n.contains("magnetis") || n.contains("susceptib") || n.contains("resistiv")
                || n.contains("resistance") || n.contains("std. dev. (ohm") || n.contains("heat capacity");
    }

    /** Field sweep (M–H) or temperature sweep (M–T): the column whose relative range is larger. */
    private static int chooseX(List<double[]> rows, int t, int h) {
        double tSpan = span(rows, t, 0.5);
        double hSpan = span(rows, h, 10);
        if (tSpan <= 0 && hSpan <= 0) {
            return t >= 0 && populated(rows, t) ? t : h >= 0 && populated(rows, h) ? h : -1;
        }
        return hSpan > tSpan ? h : t;
    }

    /** Relative range (range / largest magnitude) of a column, or 0 when it moves less than {@code minimum}. */
    private static double span(List<double[]> rows, int c, double minimum) {
        if (c < 0) {
            return 0;
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, mag = 0;
        for (double[] r : rows) {
            if (!Double.isNaN(r[c])) {
                lo = Math.min(lo, r[c]);
                hi = Math.max(hi, r[c]);
                mag = Math.max(mag, Math.abs(r[c]));
            }
        }
        return hi - lo < minimum ? 0 : (hi - lo) / mag;
    }

    private static int find(List<String> names, String... candidates) {
        for (String c : candidates) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(c)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean populated(List<double[]> rows, int c) {
        return rows.stream().anyMatch(r -> !Double.isNaN(r[c]));
    }

    private static double[] column(List<double[]> rows, int c) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rows.get(i)[c];
        }
        return v;
    }

    private static double parseOr(String s, double fallback) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Comma-separated fields with optional double quotes, as MultiVu writes comments. */
    static final class Csv {
        private Csv() {
        }

        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            boolean q = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    if (q && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        sb.append('"');
                        i++;
                    } else {
                        q = !q;
                    }
                } else if (c == ',' && !q) {
                    out.add(sb.toString());
                    sb.setLength(0);
                } else {
                    sb.append(c);
                }
            }
            out.add(sb.toString());
            return out;
        }
    }

    /**
     * {@code "Temperature (K)"} → {@code ["Temperature", "K"]}: the unit is in the last parentheses, which
     * end the header. Scanned, not matched by a pattern with a lazy name and optional spaces: that
     * backtracks quadratically on a long header.
     */
    static String[] nameAndUnit(String header) {
        int end = header.length() - 1;
        if (end >= 1 && header.charAt(end) == ')') {
            for (int i = end - 1; i >= 0; i--) {
                char c = header.charAt(i);
                if (c == ')') {
                    break;
                }
                if (c == '(') {
                    return new String[] {header.substring(0, i).strip(), header.substring(i + 1, end).strip()};
                }
            }
        }
        return new String[] {header, ""};
    }
}
