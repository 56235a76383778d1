package org.matdx.formats.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bruker/Siemens DIFFRAC-AT UXD text export: {@code ;} comments, {@code _KEY=value} lines, a file
 * header ({@code _FILEVERSION}, {@code _SAMPLE}, {@code _WL1}, {@code _WL2}, {@code _WLRATIO},
 * {@code _ANODE} …) and one range per {@code _DRIVE}, whose data follow {@code _COUNTS} or
 * {@code _CPS} (intensities only, several a line, x from {@code _START} in steps of
 * {@code _STEPSIZE}) or {@code _2THETACOUNTS}/{@code _2THETACPS} (x, intensity pairs). Peak lists
 * ({@code _D-I}, {@code _2THETA-I}) are not scans and are skipped. Layout as the DIFFRACplus file
 * exchange documentation describes it (and xylib's reading of it, read for the layout).
 */
public final class UxdReader implements Reader {

    @Override
    public String id() {
        return "xrd.uxd";
    }

    @Override
    public String name() {
        return "Bruker DIFFRAC-AT UXD";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        // the first line that is neither blank nor a comment decides; found by scanning the bytes, not by
        // splitting the whole 64 KiB head with a pattern (that cost 3 ms of CPU per microscope image)
        int at = 0;
        for (int line = 0; line < 200 && at < head.length; line++) {
            int end = at;
            while (end < head.length && head[end] != '\n' && head[end] != '\r') {
                end++;
            }
            String t = new String(head, at, end - at, StandardCharsets.ISO_8859_1).strip();
            if (!t.isEmpty() && !t.startsWith(";")) {
                return t.startsWith("_FILEVERSION") ? Recognition.CONTENT : Recognition.NO;
            }
            at = end + (end + 1 < head.length && head[end] == '\r' && head[end + 1] == '\n' ? 2 : 1);
        }
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".uxd") ? Recognition.NAME : Recognition.NO;
    }

    /** A range as it is read. */
    private static final class Range {
        final int line;
        final Map<String, String> keys = new LinkedHashMap<>();
        DoubleColumns data;
        boolean pairs;
        boolean rates;
        boolean peakList;
        double pending = Double.NaN; // an x waiting for its intensity when a pair breaks over a line

        Range(int line) {
            this.line = line;
        }
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        String text = new String(content.readAllBytes(), StandardCharsets.ISO_8859_1); // DOS-era exports: Latin-1
        Map<String, String> header = new LinkedHashMap<>();
        List<Range> ranges = new ArrayList<>();
        Range r = null;
        int no = 0;
        boolean sawVersion = false;
        for (String line : text.split("\r\n|\r|\n")) {
            no++;
            if ((no & 1023) == 0) {
                ReadBudget.check();
            }
            String t = line.strip();
            if (t.isEmpty() || t.startsWith(";")) {
                continue;
            }
            if (t.startsWith("_")) {
                int eq = t.indexOf('=');
                String key = (eq < 0 ? t.substring(1) : t.substring(1, eq)).strip().toUpperCase(Locale.ROOT);
                String value = eq < 0 ? null : unquote(t.substring(eq + 1).strip());
                if (key.equals("FILEVERSION")) {
                    sawVersion = true;
                }
                if (key.equals("DRIVE")) {
                    r = new Range(no);
                    ranges.add(r);
                }
                if (eq < 0) {
                    if (key.equals("COUNTS") || key.equals("CPS") || key.equals("COUNT")) {
                        need(fileName, no, r, key).data = new DoubleColumns(1);
                        r.rates = key.equals("CPS");
                    } else if (key.startsWith("2THETACOUNTS") || key.equals("2THETACPS")) {
                        need(fileName, no, r, key).data = new DoubleColumns(2);
                        r.pairs = true;
                        r.rates = key.equals("2THETACPS");
                    } else if (key.equals("D-I") || key.equals("2THETA-I")) {
                        need(fileName, no, r, key).peakList = true;
                    }
                    continue;
                }
                (r == null ? header : r.keys).put(key, value);
                continue;
            }
            if (!sawVersion) {
                throw FormatException.atLine(fileName, no, "expected _FILEVERSION before the data (not a UXD file?)");
            }
            if (r == null || (r.data == null && !r.peakList)) {
                throw FormatException.atLine(fileName, no, "numbers before _COUNTS, _CPS or _2THETACOUNTS");
            }
            if (r.peakList) {
                continue;
            }
            for (String f : t.split("[\\s,]+")) {
                double v;
                try {
                    v = Double.parseDouble(f);
                } catch (NumberFormatException e) {
                    throw FormatException.atLine(fileName, no, "'" + f + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw FormatException.atLine(fileName, no, "'" + f + "' is not a finite number");
                }
                if (!r.pairs) {
                    r.data.add(new double[] {v});
                } else if (Double.isNaN(r.pending)) {
                    r.pending = v;
                } else {
                    r.data.add(new double[] {r.pending, v});
                    r.pending = Double.NaN;
                }
            }
        }
        if (!sawVersion) {
            throw FormatException.inFile(fileName, "no _FILEVERSION line: not a Bruker UXD file");
        }
        List<Series> series = new ArrayList<>();
        ArrayNode scanList = Json.MAPPER.createArrayNode();
        XrdMetadata meta = new XrdMetadata("Bruker UXD").text("format_version", header.get("FILEVERSION"))
                .text("sample_name", header.get("SAMPLE")).text("anode", header.get("ANODE"))
                .text("comment", header.get("COMMENT")).text("instrument", header.get("SITE"))
                .text("measured_at", header.get("DATE"))
                .wavelengths(XrdMetadata.parse(header.get("WL1")), XrdMetadata.parse(header.get("WL2")),
                        XrdMetadata.parse(header.get("WL3")), XrdMetadata.parse(header.get("WLRATIO")));
        int index = 0;
        for (Range range : ranges) {
            index++;
            if (range.peakList && range.data == null) {
                scanList.addObject().put("range", index).put("peak_list", true);
                continue;
            }
            if (range.data == null || range.data.size() == 0) {
                throw FormatException.atLine(fileName, range.line, "range " + index + " (from _DRIVE) has no data");
            }
            if (!Double.isNaN(range.pending)) {
                throw FormatException.atLine(fileName, range.line, "range " + index + ": the last x has no intensity (odd count of numbers)");
            }
            String axis = XrdAxes.axisName(range.keys.get("DRIVE"));
            double[] x;
            double[] y;
            if (range.pairs) {
                x = range.data.column(0);
                y = range.data.column(1);
            } else {
                Double start = XrdMetadata.parse(range.keys.get("START"));
                Double step = XrdMetadata.parse(range.keys.get("STEPSIZE"));
                if (start == null || step == null || step == 0) {
                    throw FormatException.atLine(fileName, range.line, "range " + index + " lists intensities only but has no _START and"
                            + " _STEPSIZE to place them");
                }
                y = range.data.column(0);
                x = XrdAxes.stepped(start, step, y.length);
            }
            Double declared = XrdMetadata.parse(range.keys.get("STEPCOUNT"));
            if (declared != null && declared.intValue() != x.length) {
                throw FormatException.atLine(fileName, range.line, "range " + index + " declares _STEPCOUNT=" + declared.intValue()
                        + " but holds " + x.length + " points (a truncated file?)");
            }
            series.add(new Series("range " + index, XrdAxes.x(axis, x),
                    List.of(XrdAxes.intensity(range.rates ? XrdAxes.CPS : XrdAxes.COUNTS, y))));
            ObjectNode s = scanList.addObject().put("range", index).put("points", x.length).put("scan_axis", range.keys.getOrDefault("DRIVE", ""));
            range.keys.forEach((k, v) -> s.put(k.toLowerCase(Locale.ROOT), v));
            if (series.size() == 1) {
                meta.text("scan_axis", range.keys.get("DRIVE")).range(axis, x[0], x[x.length - 1], XrdMetadata.parse(range.keys.get("STEPSIZE")))
                        .number("time_per_step_s", XrdMetadata.parse(range.keys.get("STEPTIME"))).integer("points", x.length);
            }
        }
        if (series.isEmpty()) {
            throw FormatException.inFile(fileName, "no scan data: no _DRIVE range with _COUNTS, _CPS or _2THETACOUNTS");
        }
        ObjectNode m = meta.build();
        m.put("scans", series.size());
        m.set("scan_list", scanList);
        ObjectNode h = m.putObject("header");
        header.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        return List.of(new Parsed(EntryKind.MEASUREMENT, header.get("SAMPLE"), null, series, null, null, m));
    }

    private static Range need(String file, int line, Range r, String key) throws FormatException {
        if (r == null) {
            throw FormatException.atLine(file, line, "_" + key + " before any _DRIVE: a range starts with _DRIVE");
        }
        return r;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v;
    }
}
