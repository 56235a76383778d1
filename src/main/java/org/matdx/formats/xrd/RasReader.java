package org.matdx.formats.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Rigaku RAS text: one or more {@code *RAS_DATA_START … *RAS_DATA_END} blocks, each a header of
 * {@code *KEY "value"} lines ({@code *RAS_HEADER_START … *RAS_HEADER_END}) and data lines
 * ({@code *RAS_INT_START … *RAS_INT_END}) of angle, intensity and attenuator coefficient. The
 * encoding is not declared: UTF-8 when the bytes are valid UTF-8, otherwise Shift_JIS (Japanese
 * Windows installations write headers such as {@code *FILE_COMMENT "試料"} in it).
 *
 * <p>Intensity is column 2 × column 3 (the attenuator coefficient), as SmartLab Studio and PDXL do.
 */
public final class RasReader implements Reader {

    @Override
    public String id() {
        return "xrd.ras";
    }

    @Override
    public String name() {
        return "Rigaku RAS";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String h = Text.head(head, 256).stripLeading();
        if (h.startsWith("*RAS_DATA_START") || h.startsWith("*RAS_HEADER_START")) {
            return Recognition.CONTENT;
        }
        return Text.extension(fileName).equals("ras") ? Recognition.NAME : Recognition.NO;
    }

    private record Block(int line, Map<String, String> header, double[] x, double[] y) {
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        Text.Decoded decoded = Text.decode(content.readAllBytes());
        String[] lines = Text.lines(decoded.text());
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            ReadBudget.check();
            String l = lines[i].strip();
            if (l.isEmpty()) {
                i++;
                continue;
            }
            if (!l.equals("*RAS_DATA_START")) {
                if (blocks.isEmpty() && i == 0 && !l.startsWith("*RAS_")) {
                    throw FormatException.atLine(fileName, 1, "expected *RAS_DATA_START, found '" + cut(l) + "'");
                }
                if (l.startsWith("*")) {
                    throw FormatException.atLine(fileName, i + 1, "expected *RAS_DATA_START, found '" + cut(l) + "'");
                }
                throw FormatException.atLine(fileName, i + 1, "text outside a *RAS_DATA_START … *RAS_DATA_END block: '" + cut(l) + "'");
            }
            int start = i + 1;
            i = readBlock(fileName, lines, i + 1, blocks);
            if (blocks.get(blocks.size() - 1).x.length == 0) {
                throw FormatException.atLine(fileName, start, "the data block has no points");
            }
        }
        if (blocks.isEmpty()) {
            throw FormatException.inFile(fileName, "no *RAS_DATA_START block");
        }
        return List.of(build(decoded, blocks));
    }

    /** Reads one block starting after *RAS_DATA_START; returns the index after *RAS_DATA_END. */
    private static int readBlock(String file, String[] lines, int i, List<Block> out) throws FormatException {
        Map<String, String> header = new LinkedHashMap<>();
        int blockLine = i;
        double[] x = new double[1024];
        double[] y = new double[1024];
        int n = 0;
        int state = 0; // 0 between sections, 1 header, 2 intensities
        for (; i < lines.length; i++) {
            if ((i & 1023) == 0) {
                ReadBudget.check();
            }
            String l = lines[i].strip();
            if (l.isEmpty()) {
                continue;
            }
            switch (l) {
                case "*RAS_HEADER_START" -> state = 1;
                case "*RAS_HEADER_END" -> state = 0;
                case "*RAS_INT_START" -> state = 2;
                case "*RAS_INT_END" -> state = 0;
                case "*RAS_DATA_END" -> {
                    if (state == 2) {
                        throw FormatException.atLine(file, i + 1, "*RAS_DATA_END before *RAS_INT_END");
                    }
                    out.add(new Block(blockLine, header, Arrays.copyOf(x, n), Arrays.copyOf(y, n)));
                    return i + 1;
                }
                default -> {
                    if (state == 1) {
                        if (!l.startsWith("*")) {
                            throw FormatException.atLine(file, i + 1, "expected a header line *KEY \"value\", found '" + cut(l) + "'");
                        }
                        int sp = firstSpace(l);
                        String key = sp < 0 ? l.substring(1) : l.substring(1, sp);
                        String value = sp < 0 ? "" : l.substring(sp + 1).strip();
                        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                            value = value.substring(1, value.length() - 1);
                        }
                        header.put(key, value);
                    } else if (state == 2) {
                        String[] t = Text.fields(l, true);
                        if (t.length < 2 || t.length > 3) {
                            throw FormatException.atLine(file, i + 1, "expected 3 columns (angle, intensity, attenuator coefficient), found " + t.length);
                        }
                        double a;
                        double c;
                        double f = 1;
                        try {
                            a = Double.parseDouble(t[0]);
                            c = Double.parseDouble(t[1]);
                            if (t.length == 3) {
                                f = Double.parseDouble(t[2]);
                            }
                        } catch (NumberFormatException e) {
                            throw FormatException.atLine(file, i + 1, "expected numbers, found '" + cut(l) + "'");
                        }
                        if (n == x.length) {
                            x = Arrays.copyOf(x, n * 2);
                            y = Arrays.copyOf(y, n * 2);
                        }
                        x[n] = a;
                        y[n] = c * f;
                        n++;
                    } else if (l.startsWith("*")) {
                        throw FormatException.atLine(file, i + 1, "unexpected '" + cut(l) + "' outside the header and data sections");
                    } else {
                        throw FormatException.atLine(file, i + 1, "data outside *RAS_INT_START … *RAS_INT_END: '" + cut(l) + "'");
                    }
                }
            }
        }
        throw FormatException.atLine(file, lines.length, "the file ends before *RAS_DATA_END (" + n + " points read): truncated");
    }

    private static int firstSpace(String l) {
        for (int k = 0; k < l.length(); k++) {
            if (Character.isWhitespace(l.charAt(k))) {
                return k;
            }
        }
        return -1;
    }

    private Parsed build(Text.Decoded decoded, List<Block> blocks) {
        List<Series> series = new ArrayList<>();
        ArrayNode scans = Json.MAPPER.createArrayNode();
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            String axis = XrdAxes.axisName(b.header.get("MEAS_SCAN_AXIS_X"));
            String unit = XrdAxes.intensityUnit(b.header.get("MEAS_SCAN_UNIT_Y"));
            series.add(new Series(blocks.size() == 1 ? "scan" : "scan " + (k + 1), XrdAxes.x(axis, b.x), List.of(XrdAxes.intensity(unit, b.y))));
            ObjectNode s = Json.object();
            s.put("scan_axis", b.header.getOrDefault("MEAS_SCAN_AXIS_X", ""));
            s.put("points", b.x.length);
            s.put("start_time", b.header.getOrDefault("MEAS_SCAN_START_TIME", ""));
            scans.add(s);
        }
        Block b0 = blocks.get(0);
        Map<String, String> h = b0.header;
        XrdMetadata m = new XrdMetadata("ras");
        m.text("encoding", decoded.charset().name());
        m.wavelengths(XrdMetadata.parse(h.get("HW_XG_WAVE_LENGTH_ALPHA1")), XrdMetadata.parse(h.get("HW_XG_WAVE_LENGTH_ALPHA2")),
                XrdMetadata.parse(h.get("HW_XG_WAVE_LENGTH_BETA")), ratio(h));
        m.text("anode", h.get("HW_XG_TARGET_NAME"));
        m.number("tube_voltage_kv", XrdMetadata.parse(h.get("HW_XG_VOLTAGE")));
        m.number("tube_current_ma", XrdMetadata.parse(h.get("HW_XG_CURRENT")));
        m.text("scan_axis", h.get("MEAS_SCAN_AXIS_X"));
        m.text("scan_mode", h.get("MEAS_SCAN_MODE"));
        String axis = XrdAxes.axisName(h.get("MEAS_SCAN_AXIS_X"));
        m.range(axis, b0.x[0], b0.x[b0.x.length - 1], XrdMetadata.parse(h.get("MEAS_SCAN_STEP")));
        m.number("scan_speed", XrdMetadata.parse(h.get("MEAS_SCAN_SPEED")));
        m.text("scan_speed_unit", h.get("MEAS_SCAN_SPEED_UNIT"));
        Double step = XrdMetadata.parse(h.get("MEAS_SCAN_STEP"));
        Double speed = XrdMetadata.parse(h.get("MEAS_SCAN_SPEED"));
        String speedUnit = h.getOrDefault("MEAS_SCAN_SPEED_UNIT", "");
        // A continuous scan at v deg/min over steps of s deg counts s/v minutes per step.
        if (step != null && speed != null && speed > 0 && speedUnit.equalsIgnoreCase("deg/min")) {
            m.number("time_per_step_s", 60.0 * step / speed);
        } else if (speed != null && speedUnit.equalsIgnoreCase("sec")) {
            m.number("time_per_step_s", speed);
        }
        m.text("sample_name", h.get("FILE_SAMPLE"));
        m.text("operator", h.get("FILE_OPERATOR"));
        m.text("comment", h.get("FILE_COMMENT"));
        m.text("memo", h.get("FILE_MEMO"));
        m.text("measured_at", UsDateTime.iso(h.get("MEAS_SCAN_START_TIME")));
        m.text("measured_until", UsDateTime.iso(blocks.get(blocks.size() - 1).header.get("MEAS_SCAN_END_TIME")));
        m.text("instrument", first(h, "FILE_SYSTEM_NAME", "HW_GONIOMETER_NAME", "HW_UNIT_NAME"));
        m.text("software_version", first(h, "FILE_VERSION", "FILE_MD_SOFTWARE_VERSION"));
        m.integer("points", b0.x.length);
        m.integer("scans", blocks.size());
        m.node.set("scan_list", scans);
        ObjectNode raw = m.node.putObject("header");
        h.forEach(raw::put);
        String title = h.get("FILE_SAMPLE");
        return new Parsed(EntryKind.MEASUREMENT, title == null || title.isBlank() ? null : title.strip(), null, series, null, null, m.build());
    }

    private static Double ratio(Map<String, String> h) {
        Double r = XrdMetadata.parse(h.get("HW_XG_WAVE_LENGTH_ALPHA21_RATIO"));
        return r != null ? r : XrdMetadata.parse(h.get("HW_XG_RATIO_ALPHA21"));
    }

    private static String first(Map<String, String> h, String... keys) {
        for (String k : keys) {
            String v = h.get(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
