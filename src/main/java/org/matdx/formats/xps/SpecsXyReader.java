package org.matdx.formats.xps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Quantities;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.matdx.formats.SpectrumSummary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SPECS SpecsLab Prodigy "XY" exports: a commented header with the export settings, then per
 * region ({@code # Region:}) its acquisition parameters and one data block per cycle/curve/scan
 * ({@code # Cycle: 0, Curve: 0, Scan: 0}) of whitespace-separated columns: energy, intensity and,
 * when exported, transmission and external channels ({@code # ColumnLabels:}). One entry per
 * file, one series per data block. With a kinetic-energy axis and a known excitation energy the
 * series is given in binding energy (E<sub>B</sub> = hν − E<sub>K</sub>).
 */
public final class SpecsXyReader implements Reader {
    private static final Pattern REGION = Pattern.compile("(?m)^#\\s*Region:");
    private static final Pattern VALUES_CURVE = Pattern.compile("(?m)^#\\s*Values/Curve:");
    private static final Pattern CURVE = Pattern.compile("#\\s*Cycle:\\s*(\\d+)\\s*,\\s*Curve:\\s*(\\d+)(?:\\s*,\\s*Scan:\\s*(\\d+))?.*");

    @Override
    public String id() {
        return "xps.specs-xy";
    }

    @Override
    public String name() {
        return "SPECS Prodigy XY export";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (head == null) {
            return Recognition.NO;
        }
        String s = new String(head, 0, Math.min(head.length, 16384), StandardCharsets.ISO_8859_1);
        if (!s.stripLeading().startsWith("#")) {
            return Recognition.NO;
        }
        boolean prodigy = s.contains("SpecsLab Prodigy") || s.contains("XY-Serializer Export Settings");
        // the plain substring tests first: every .xy scan offered for recognition passes through here
        boolean region = !prodigy && s.contains("Region:") && s.contains("Values/Curve:")
                && REGION.matcher(s).find() && VALUES_CURVE.matcher(s).find();
        if (prodigy || region) {
            return Recognition.CONTENT;
        }
        // A bare .xy is as likely a two-column XRD scan: the name alone is not enough.
        return Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        String file = fileName == null ? "(unnamed file)" : fileName;
        byte[] bytes = content.readAllBytes();
        // Prodigy on Windows writes region names such as "O1s_XAS_45°" in Latin-1; UTF-8 when they decode as UTF-8
        String encoding = "UTF-8";
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
            encoding = "ISO-8859-1";
        }
        List<String> lines = text.lines().toList();
        ObjectNode meta = Json.object();
        meta.put("format", "SPECS Prodigy XY");
        meta.put("encoding", encoding);
        ObjectNode settings = meta.putObject("export_settings");
        ArrayNode regions = meta.putArray("regions");
        List<Series> series = new ArrayList<>();
        ObjectNode region = null;
        String regionName = null;
        String group = null;
        Curve curve = null;
        boolean inSettings = false;
        for (int i = 0; i < lines.size(); i++) {
            if ((i & 1023) == 0) {
                ReadBudget.check();
            }
            int no = i + 1;
            String raw = lines.get(i);
            String t = raw.strip();
            if (i == 0 && t.startsWith("\uFEFF")) {
                t = t.substring(1);
            }
            if (t.isEmpty()) {
                if (curve != null && curve.count > 0) {
                    series.add(finish(file, curve, region));
                    curve = null;
                }
                continue;
            }
            if (t.startsWith("#")) {
                if (curve != null && curve.count > 0) {
                    series.add(finish(file, curve, region));
                    curve = null;
                }
                Matcher cm = CURVE.matcher(t);
                if (cm.matches()) {
                    if (region == null) {
                        throw FormatException.atLine(file, no, "a data block (Cycle/Curve) before any '# Region:'");
                    }
                    curve = new Curve(no, regionName, region, counter(file, no, cm.group(1)), counter(file, no, cm.group(2)),
                            cm.group(3) == null ? -1 : counter(file, no, cm.group(3)));
                    continue;
                }
                if (t.startsWith("# XY-Serializer Export Settings")) {
                    inSettings = true;
                    continue;
                }
                String[] kv = keyValue(t);
                if (kv == null) {
                    if (t.replace("#", "").isBlank()) {
                        inSettings = false;
                    }
                    continue;
                }
                String key = kv[0];
                String value = kv[1];
                if (key.equals("Created by")) {
                    meta.put("software", value);
                } else if (inSettings) {
                    settings.put(snake(key), value);
                } else if (key.equals("Group")) {
                    group = value;
                } else if (key.equals("Region")) {
                    region = regions.addObject();
                    regionName = value;
                    region.put("region", value);
                    region.put("line", no);
                    if (group != null) {
                        region.put("group", group);
                    }
                } else if (curve != null) {
                    if (key.equals("ColumnLabels")) {
                        curve.labels = value.split("\\s+");
                    } else {
                        curve.meta.put(snake(key), value);
                    }
                } else if (region != null) {
                    putValue(region, snake(key), value);
                } else {
                    meta.put(snake(key), value);
                }
                continue;
            }
            if (curve == null) {
                throw FormatException.atLine(file, no, "data before a '# Cycle: n, Curve: n' header: expected a comment line");
            }
            curve.add(file, no, t);
        }
        if (curve != null && curve.count > 0) {
            series.add(finish(file, curve, region));
        }
        if (series.isEmpty()) {
            throw FormatException.inFile(file, "no data blocks: expected '# Region:' with '# Cycle: n, Curve: n' blocks of numbers");
        }
        ArrayNode desc = meta.putArray("descriptors");
        for (Series s : series) {
            desc.add(SpectrumSummary.of(s));
        }
        String title = group != null && !group.isBlank() ? group : null;
        return List.of(new Parsed(EntryKind.MEASUREMENT, title, null, series, null, Map.of(), meta));
    }

    /** One cycle/curve/scan of a region, read line by line. */
    private static final class Curve {
        final int line;
        final String region;
        final ObjectNode regionMeta;
        final int cycle;
        final int curve;
        final int scan;
        final ObjectNode meta = Json.object();
        String[] labels;
        int columns = -1;
        double[][] cols = new double[0][];
        int count;
        int lastLine;

        Curve(int line, String region, ObjectNode regionMeta, int cycle, int curve, int scan) {
            this.line = line;
            this.region = region;
            this.regionMeta = regionMeta;
            this.cycle = cycle;
            this.curve = curve;
            this.scan = scan;
        }

        void add(String file, int no, String t) throws FormatException {
            String[] parts = t.split("[\\s,;]+");
            if (columns < 0) {
                columns = parts.length;
                if (columns < 2) {
                    throw FormatException.atLine(file, no, "expected at least 2 columns (energy, intensity), found 1");
                }
                cols = new double[columns][256];
            } else if (parts.length != columns) {
                throw FormatException.atLine(file, no, "expected " + columns + " columns as in line " + (no - count)
                        + ", found " + parts.length);
            }
            if (count == cols[0].length) {
                for (int c = 0; c < columns; c++) {
                    cols[c] = Arrays.copyOf(cols[c], count * 2);
                }
            }
            for (int c = 0; c < columns; c++) {
                try {
                    cols[c][count] = Double.parseDouble(parts[c]);
                } catch (NumberFormatException e) {
                    throw FormatException.atLine(file, no, "column " + (c + 1) + ": expected a number, found '" + Lines.clip(parts[c]) + "'");
                }
            }
            count++;
            lastLine = no;
        }
    }

    /** Prodigy's scan modes that sweep the photon energy (CFS, CIS) and absorption methods (XAS, NEXAFS, XANES). */
    static boolean photonEnergyScan(ObjectNode region) {
        String mode = region.path("scan_mode").asString("").toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        String method = region.path("analysis_method").asString("").toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return mode.equals("constantfinalstate") || mode.equals("cfs") || mode.equals("constantinitialstate") || mode.equals("cis")
                || method.equals("xas") || method.equals("nexafs") || method.equals("xanes") || method.equals("nexafsxas");
    }

    private static Series finish(String file, Curve c, ObjectNode region) throws FormatException {
        JsonNode expected = region.path("values_curve");
        if (expected.isNumber()) {
            {
                int n = expected.asInt();
                if (n != c.count) {
                    throw FormatException.atLine(file, c.lastLine, "region '" + c.region + "' declares Values/Curve: " + n
                            + " but the data block that starts at line " + c.line + " holds " + c.count + " rows: the file is truncated or edited");
                }
            }
        }
        double[] x = Arrays.copyOf(c.cols[0], c.count);
        String axis = c.labels != null && c.labels.length > 0 ? c.labels[0] : "energy";
        // The export settings say which energy the first column is; the region's own key says the same.
        boolean binding = region.has("binding_energy");
        boolean kinetic = region.has("kinetic_energy");
        double hv = region.path("excitation_energy").isNumber() ? region.get("excitation_energy").asDouble() : Double.NaN;
        Axis xAxis;
        if (photonEnergyScan(region)) {
            // constant-final-state / constant-initial-state (XAS, NEXAFS) scans sweep the photon energy: the
            // first column is hν itself, and "binding energy" from it would be meaningless (0 to −30 eV for O K)
            xAxis = new Axis(Quantities.PHOTON_ENERGY, "eV", x);
            region.put("x_axis", "photon energy (scan mode " + region.path("scan_mode").asString(region.path("analysis_method").asString("")) + ")");
        } else if (binding) {
            xAxis = new Axis(Quantities.BINDING_ENERGY, "eV", x);
        } else if (kinetic && !Double.isNaN(hv) && hv > 0) {
            double[] be = new double[c.count];
            for (int i = 0; i < be.length; i++) {
                be[i] = VamasReader.clean(hv - x[i]);
            }
            xAxis = new Axis(Quantities.BINDING_ENERGY, "eV", be);
            region.put("binding_energy_from_kinetic", true);
        } else {
            xAxis = new Axis(kinetic ? Quantities.KINETIC_ENERGY : Quantities.canonicalName(axis), "eV", x);
        }
        List<Axis> ys = new ArrayList<>();
        for (int k = 1; k < c.columns; k++) {
            String label = c.labels != null && k < c.labels.length ? c.labels[k] : (k == 1 ? "intensity" : "column " + (k + 1));
            String unit = label.equalsIgnoreCase("counts/s") ? "counts/s" : label.equalsIgnoreCase("counts") ? "counts" : "";
            String name = unit.isEmpty() ? label : "intensity";
            ys.add(new Axis(name, unit, Arrays.copyOf(c.cols[k], c.count)));
        }
        StringBuilder name = new StringBuilder(c.region == null ? "region" : c.region);
        name.append(" / cycle ").append(c.cycle);
        if (c.curve > 0) {
            name.append(" / curve ").append(c.curve);
        }
        if (c.scan >= 0) {
            name.append(" / scan ").append(c.scan);
        }
        Series s = new Series(name.toString(), xAxis, ys);
        ArrayNode blocks = region.has("blocks") ? (ArrayNode) region.get("blocks") : region.putArray("blocks");
        ObjectNode b = blocks.addObject();
        b.put("cycle", c.cycle);
        b.put("curve", c.curve);
        if (c.scan >= 0) {
            b.put("scan", c.scan);
        }
        b.put("line", c.line);
        b.put("points", c.count);
        b.setAll(c.meta);
        b.set("descriptor", SpectrumSummary.of(s));
        return s;
    }

    /** Numbers as numbers (excitation energy, pass energy, dwell time …), the rest as text. */
    private static void putValue(ObjectNode o, String key, String value) {
        if (value.matches("[-+]?\\d+(\\.\\d*)?([eE][-+]?\\d+)?")) {
            o.put(key, Double.parseDouble(value));
        } else {
            o.put(key, value);
        }
    }

    static String snake(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    /** A cycle, curve or scan number: digits the pattern accepted, but perhaps more than an int holds. */
    private static int counter(String file, int line, String digits) throws FormatException {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw FormatException.atLine(file, line, "a cycle, curve or scan number of at most 2147483647, found " + digits.length()
                    + " digits");
        }
    }

    /**
     * {@code "# Key: value"} → the key and the value, stripped; null for any other line. Scanned by
     * hand: the pattern it replaces, {@code #\\s*([^:]+?)\\s*:\\s?(.*)}, backtracked cubically on a
     * comment line of spaces (82 s for 5,000 of them).
     */
    static String[] keyValue(String line) {
        if (!line.startsWith("#")) {
            return null;
        }
        int colon = line.indexOf(':', 1);
        if (colon < 2) { // the key needs at least one character
            return null;
        }
        String value = line.substring(colon + 1);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null; // as the pattern's "." did not cross a line terminator
            }
        }
        return new String[] {line.substring(1, colon).strip(), value.strip()};
    }
}
