package org.matdx.formats.xrd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Quantities;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.core.io.NumberInput;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generic two-column text — 2θ and intensity, as exported by most diffractometer software and by
 * hand (.xy, .txt, .csv, .dat). Tolerates a UTF-8 byte-order mark, comment and header lines
 * ({@code #}, {@code ;}, {@code !}, {@code %}, or a first line of words), comma, semicolon, tab or
 * blank separators, a decimal comma when the separator is not a comma, and a missing final newline.
 * A third column is read as the intensity's standard uncertainty. Once numbers have started, every
 * further line must be a row of the same width: a short, extra or non-numeric row is an error with
 * its line number, never skipped silently.
 */
public final class TwoColumnReader implements Reader {

    @Override
    public String id() {
        return "xrd.xy";
    }

    @Override
    public String name() {
        return "Two-column text (x, y; 2θ, Q, … as its header says)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        boolean nameFits = lower.endsWith(".xy") || lower.endsWith(".xye") || lower.endsWith(".txt")
                || lower.endsWith(".csv") || lower.endsWith(".dat") || lower.endsWith(".tsv") || lower.endsWith(".chi");
        if (!nameFits) {
            return Recognition.NO;
        }
        // content: rows of two or three numbers after any comments and column titles; prose
        // (notes, read-me files) is not this format even when it is called .txt
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.contains("*RAS_DATA_START") || text.contains("##JCAMP") || text.contains("<?xml") || text.startsWith("VAMAS")) {
            return Recognition.NAME; // another format's file under a text name: its own reader should take it
        }
        int rows = 0;
        // line by line from the top, stopping as soon as the answer is known (the head holds the whole of a small scan)
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = nextLineBreak(text, start);
            String t = stripBom(text.substring(start, end)).strip();
            if (end < text.length() && text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n') {
                end++;
            }
            if (t.isEmpty() || isComment(t)) {
                continue;
            }
            if (!startsWithNumber(t)) {
                if (rows > 0) {
                    break;
                }
                continue;
            }
            int n = Text.split(t).length;
            if (n == 1 && rows == 0 && lower.endsWith(".chi") && t.matches("\\d+")) {
                continue; // Fit2D .chi: the point count before the data
            }
            if (n < 2 || n > 3) {
                if (rows == 1 && n > 3) {
                    return Recognition.NO; // one row of three then rows of many: a start-step-end pattern, not columns
                }
                break;
            }
            if (++rows >= 5) {
                break;
            }
        }
        return rows >= 1 ? Recognition.CONTENT : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        DoubleColumns cols = new DoubleColumns(3);
        int width = -1;
        long lineNo = 0;
        List<String> titles = new ArrayList<>();
        String lastComment = null;
        long declaredPoints = -1;
        boolean chi = fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".chi");
        Map<String, String> header = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = (lineNo == 1 ? stripBom(line) : line).strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (isComment(t)) {
                    headerValue(t, header);
                    if (width < 0) {
                        lastComment = t; // column titles are written above the numbers, not after them
                    }
                    continue;
                }
                if (width < 0 && !startsWithNumber(t) && KEY_VALUE.matcher(t).matches()) {
                    headerValue(t, header); // "Scantype: \"Z\"" written without a comment mark
                    continue;
                }
                if (width < 0 && !startsWithNumber(t)) {
                    titles.add(t); // column titles (and a units row) before the numbers
                    continue;
                }
                String[] parts = Text.split(t);
                if (width < 0 && chi && parts.length == 1 && declaredPoints < 0 && t.matches("\\d+")) {
                    declaredPoints = Long.parseLong(t); // Fit2D .chi: the point count after the three title lines
                    continue;
                }
                if (width < 0) {
                    if (parts.length < 2 || parts.length > 3) {
                        throw FormatException.atLine(fileName, lineNo, "expected 2 or 3 columns (x, y and its esd), found " + parts.length);
                    }
                    width = parts.length;
                } else if (parts.length != width) {
                    throw FormatException.atLine(fileName, lineNo, "expected " + width + " columns like the first data row, found "
                            + parts.length);
                }
                double[] row = new double[width];
                for (int i = 0; i < width; i++) {
                    row[i] = number(parts[i], fileName, lineNo, i + 1);
                }
                cols.add(row);
            }
        }
        if (cols.size() < 2) {
            throw FormatException.inFile(fileName, cols.size() == 0 ? "no data rows: expected lines of x and y"
                    : "only one data row; a scan needs at least two points");
        }
        if (declaredPoints >= 0 && declaredPoints != cols.size()) {
            throw FormatException.inFile(fileName, "the header declares " + declaredPoints + " points but " + cols.size()
                    + " data rows follow (a truncated file?)");
        }
        double[] x = cols.column(0);
        ColumnMeaning meaning = ColumnMeaning.of(fileName, width, titles, chi, header, lastComment, x);
        for (int i = 1; i < x.length; i++) {
            if (x[i] == x[i - 1]) {
                throw FormatException.inFile(fileName, meaning.x().name() + " value " + x[i] + " appears twice in a row (points "
                        + i + " and " + (i + 1) + ")");
            }
        }
        Axis xAxis = new Axis(meaning.x().name(), meaning.x().unit(), x);
        List<Axis> ys = new ArrayList<>();
        for (int c = 1; c < width; c++) {
            ys.add(new Axis(meaning.columns().get(c).name(), meaning.columns().get(c).unit(), cols.column(c)));
        }
        boolean twoTheta = meaning.x().name().equals(Quantities.TWO_THETA);
        ObjectNode meta = Json.object().put("format", chi ? "Fit2D .chi" : "two-column text")
                .put("scan_axis", meaning.x().name()).put("x_axis_source", meaning.source())
                .put(twoTheta ? "two_theta_start" : "x_start", x[0]).put(twoTheta ? "two_theta_end" : "x_end", x[x.length - 1])
                .put("step", step(x)).put("points", x.length);
        if (!titles.isEmpty()) {
            meta.put("column_header", String.join("\n", titles));
        }
        header.forEach((k, v) -> {
            if (!meta.has(k)) {
                meta.put(k, v);
            }
        });
        String wavelength = header.getOrDefault("wavelength", header.get("lambda"));
        if (wavelength != null) {
            try {
                meta.putObject("wavelength_angstrom").put("k_alpha1", Double.parseDouble(wavelength.replaceAll("[^0-9.eE+-]", "")));
            } catch (NumberFormatException ignored) {
                // kept as text under its own key
            }
        }
        if (header.containsKey("anode") || header.containsKey("target")) {
            meta.put("anode", header.getOrDefault("anode", header.get("target")));
        }
        String sample = header.getOrDefault("sample", header.get("sample_name"));
        if (sample != null) {
            meta.put("sample_name", sample);
        }
        return List.of(new Parsed(EntryKind.MEASUREMENT, sample, null, List.of(new Series("scan", xAxis, ys)), null,
                null, meta));
    }

    private static final Pattern KEY_VALUE = Pattern.compile("^[A-Za-z][A-Za-z0-9 _.]{0,38}\\s*[:=]\\s*\\S.*");

    /** "# Wavelength = 1.5406" or "# Anode: Cu" in the header becomes metadata (wavelength → "1.5406"). */
    private static void headerValue(String comment, Map<String, String> header) {
        String c = comment.replaceFirst("^(//|[#;!%*])+", "").strip();
        int at = c.indexOf('=');
        int colon = c.indexOf(':');
        int sep = at > 0 ? at : colon;
        if (sep <= 0 || sep > 40) {
            return;
        }
        String key = c.substring(0, sep).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        String value = c.substring(sep + 1).strip();
        if (!key.isEmpty() && !value.isEmpty()) {
            header.putIfAbsent(key, value);
        }
    }

    private static boolean startsWithNumber(String t) {
        String[] parts = Text.split(t);
        if (parts.length == 0) {
            return false; // only separators (";;;"): not a data row
        }
        try {
            Double.parseDouble(parts[0]);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isComment(String t) {
        char c = t.charAt(0);
        return c == '#' || c == ';' || c == '!' || c == '%' || c == '*' || t.startsWith("//");
    }

    /** The index of the next CR or LF at or after {@code from}, or the length. */
    private static int nextLineBreak(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return s.length();
    }

    static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private static double number(String s, String file, long line, int column) throws FormatException {
        try {
            // Jackson's embedded FastDoubleParser: same syntax as Double.parseDouble, a few times faster
            double v = NumberInput.parseDouble(s, true);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw FormatException.atLine(file, line, "column " + column + ": '" + s + "' is not a number");
        }
    }

    /** The median spacing of the scan axis, rounded to 6 decimals. */
    static double step(double[] x) {
        double[] d = new double[x.length - 1];
        for (int i = 1; i < x.length; i++) {
            d[i - 1] = x[i] - x[i - 1];
        }
        Arrays.sort(d);
        return Math.round(d[d.length / 2] * 1e6) / 1e6;
    }
}
