package org.matdx.formats.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PANalytical XRDML (XRDMeasurement schema 1.0 to 2.x), read with StAX so large area scans stream.
 * Each {@code <scan>} of each {@code <xrdMeasurement>} becomes one series; an area (2D) measurement
 * is a set of line scans named by their position on the other axis. Counts stored as
 * {@code <counts>} (schema ≥ 1.5) are multiplied by {@code <beamAttenuationFactors>}, as the schema
 * says they are not corrected; {@code <intensities>} (older schemas) are already corrected.
 */
public final class XrdmlReader implements Reader {

    @Override
    public String id() {
        return "xrd.xrdml";
    }

    @Override
    public String name() {
        return "PANalytical XRDML";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String h = Text.head(head, 4096);
        if (h.contains("<xrdMeasurements") || h.contains("www.xrdml.com/XRDMeasurement")) {
            return Recognition.CONTENT;
        }
        return Text.extension(fileName).equals("xrdml") ? Recognition.NAME : Recognition.NO;
    }

    /** One scan as read: its axis positions (by axis name), counting time, intensities and header. */
    private static final class Scan {
        String scanAxis;
        String mode;
        String appendNumber;
        int line;
        final Map<String, double[]> ranges = new LinkedHashMap<>(); // axis -> {start, end} or {common}
        final Map<String, double[]> lists = new LinkedHashMap<>();
        final Map<String, String> units = new LinkedHashMap<>();
        double[] intensities;
        String intensityUnit;
        boolean rawCounts;
        double[] attenuation;
        Double countingTime;
        double[] countingTimes;
        final Map<String, String> header = new LinkedHashMap<>();
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        XMLStreamReader r = Xml.open(fileName, content);
        Deque<String> path = new ArrayDeque<>();
        Map<String, String> file = new LinkedHashMap<>();
        List<String> comments = new ArrayList<>();
        List<Scan> scans = new ArrayList<>();
        String namespace = null;
        Scan scan = null;
        String positionsAxis = null;
        StringBuilder text = new StringBuilder();
        try {
            while (r.hasNext()) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        String el = r.getLocalName();
                        if (path.isEmpty()) {
                            if (!el.equals("xrdMeasurements")) {
                                throw FormatException.atLine(fileName, Xml.line(r), "expected root element <xrdMeasurements>, found <" + el + ">");
                            }
                            namespace = r.getNamespaceURI();
                        }
                        path.push(el);
                        text.setLength(0);
                        switch (el) {
                            case "xrdMeasurement" -> {
                                file.putIfAbsent("measurement_type", r.getAttributeValue(null, "measurementType"));
                                file.putIfAbsent("sample_mode", r.getAttributeValue(null, "sampleMode"));
                            }
                            case "xRayTube" -> file.putIfAbsent("tube", r.getAttributeValue(null, "name"));
                            case "scan" -> {
                                scan = new Scan();
                                scan.scanAxis = r.getAttributeValue(null, "scanAxis");
                                scan.mode = r.getAttributeValue(null, "mode");
                                scan.appendNumber = r.getAttributeValue(null, "appendNumber");
                                scan.line = Xml.line(r);
                            }
                            case "positions" -> {
                                positionsAxis = r.getAttributeValue(null, "axis");
                                if (scan != null && positionsAxis == null) {
                                    // its positions would belong to no drive (the fuzzer's NullPointerException)
                                    throw FormatException.atLine(fileName, Xml.line(r), "<positions> without an axis attribute");
                                }
                                if (scan != null) {
                                    scan.units.put(positionsAxis, r.getAttributeValue(null, "unit"));
                                }
                            }
                            case "intensities", "counts" -> {
                                if (scan != null) {
                                    scan.intensityUnit = r.getAttributeValue(null, "unit");
                                    scan.rawCounts = el.equals("counts");
                                }
                            }
                            case "applicationSoftware", "instrumentControlSoftware" -> {
                                if (scan != null) {
                                    scan.header.put(el + "_version", r.getAttributeValue(null, "version"));
                                }
                            }
                            default -> {
                            }
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(r.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        String el = path.pop();
                        String parent = path.peek();
                        String value = text.toString().strip();
                        int line = Xml.line(r);
                        if (scan == null) {
                            switch (el) {
                                case "entry" -> {
                                    if (!value.isEmpty()) {
                                        comments.add(value);
                                    }
                                }
                                case "kAlpha1", "kAlpha2", "kBeta", "ratioKAlpha2KAlpha1", "anodeMaterial", "tension", "current" ->
                                        file.putIfAbsent(el, value);
                                case "id", "name", "preparedBy" -> {
                                    if ("sample".equals(parent)) {
                                        file.putIfAbsent("sample_" + el, value);
                                    }
                                }
                                default -> {
                                }
                            }
                        } else {
                            switch (el) {
                                case "startPosition", "endPosition" -> {
                                    double[] se = scan.ranges.computeIfAbsent(positionsAxis, k -> new double[] {Double.NaN, Double.NaN});
                                    se[el.equals("startPosition") ? 0 : 1] = number(fileName, line, el, value);
                                }
                                case "commonPosition" -> {
                                    double v = number(fileName, line, el, value);
                                    scan.ranges.put(positionsAxis, new double[] {v, v});
                                }
                                case "listPositions" -> scan.lists.put(positionsAxis, numbers(fileName, line, el, value));
                                case "intensities", "counts" -> scan.intensities = numbers(fileName, line, el, value);
                                case "beamAttenuationFactors" -> scan.attenuation = numbers(fileName, line, el, value);
                                case "commonCountingTime" -> scan.countingTime = number(fileName, line, el, value);
                                case "countingTimes" -> scan.countingTimes = numbers(fileName, line, el, value);
                                case "startTimeStamp", "endTimeStamp", "applicationSoftware", "instrumentControlSoftware", "instrumentID" ->
                                        scan.header.put(el, value);
                                case "name" -> {
                                    if ("author".equals(parent)) {
                                        scan.header.put("author", value);
                                    }
                                }
                                case "scan" -> {
                                    scans.add(scan);
                                    scan = null;
                                }
                                default -> {
                                }
                            }
                        }
                        text.setLength(0);
                    }
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw Xml.broken(fileName, null, e, path);
        } finally {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // closing a reader over a stream we do not own
            }
        }
        if (!path.isEmpty()) {
            throw FormatException.inFile(fileName, "the file ends inside <" + path.peek() + ">: truncated");
        }
        if (scans.isEmpty()) {
            throw FormatException.inFile(fileName, "no <scan> with data points in the file");
        }
        return List.of(build(fileName, namespace, file, comments, scans));
    }

    private Parsed build(String fileName, String namespace, Map<String, String> file, List<String> comments, List<Scan> scans)
            throws FormatException {
        List<Series> series = new ArrayList<>();
        ArrayNode scanMeta = Json.MAPPER.createArrayNode();
        String stepAxis = scans.size() > 1 ? steppedAxis(scans) : null;
        String firstAxis = null;
        double[] firstX = null;
        for (int i = 0; i < scans.size(); i++) {
            Scan s = scans.get(i);
            if (s.intensities == null) {
                throw FormatException.atLine(fileName, s.line, "scan " + (i + 1) + " has no <intensities> or <counts>");
            }
            int n = s.intensities.length;
            String vendorAxis = positionAxisFor(s);
            double[] x = positions(fileName, s, vendorAxis, n, i);
            double[] y = s.intensities;
            if (s.rawCounts && s.attenuation != null) {
                if (s.attenuation.length != n) {
                    throw FormatException.atLine(fileName, s.line, "scan " + (i + 1) + ": " + s.attenuation.length
                            + " beam attenuation factors for " + n + " counts");
                }
                y = y.clone();
                for (int k = 0; k < n; k++) {
                    y[k] *= s.attenuation[k];
                }
            }
            String axisName = XrdAxes.axisName(vendorAxis);
            String name = scans.size() == 1 ? "scan" : "scan " + (i + 1);
            ObjectNode sm = Json.object();
            sm.put("scan_axis", s.scanAxis);
            sm.put("points", n);
            if (s.mode != null) {
                sm.put("mode", s.mode.toLowerCase(Locale.ROOT));
            }
            if (s.countingTime != null) {
                sm.put("counting_time_s", s.countingTime);
            }
            if (s.countingTimes != null && s.countingTimes.length > 0) {
                // variable counting time: report its range; intensities stay as counted
                sm.put("counting_time_min_s", Arrays.stream(s.countingTimes).min().getAsDouble());
                sm.put("counting_time_max_s", Arrays.stream(s.countingTimes).max().getAsDouble());
            }
            // In an area scan the line scans differ by a drive that stays put within each line.
            for (Map.Entry<String, double[]> e : s.ranges.entrySet()) {
                if (!e.getKey().equals(vendorAxis)) {
                    double[] se = e.getValue();
                    if (se[0] == se[1]) {
                        sm.put(e.getKey().toLowerCase(Locale.ROOT) + "_position", se[0]);
                    } else {
                        sm.put(e.getKey().toLowerCase(Locale.ROOT) + "_start", se[0]);
                        sm.put(e.getKey().toLowerCase(Locale.ROOT) + "_end", se[1]);
                    }
                }
            }
            if (stepAxis != null && s.ranges.containsKey(stepAxis)) {
                name = name + " (" + stepAxis + " " + fmt(s.ranges.get(stepAxis)[0]) + ")";
            }
            String unit = XrdAxes.intensityUnit(s.intensityUnit);
            series.add(new Series(name, XrdAxes.x(axisName, x), List.of(XrdAxes.intensity(unit, y))));
            scanMeta.add(sm);
            if (firstAxis == null) {
                firstAxis = axisName;
                firstX = x;
            }
        }
        Scan s0 = scans.get(0);
        XrdMetadata m = new XrdMetadata("xrdml");
        if (namespace != null && namespace.contains("XRDMeasurement/")) {
            m.text("format_version", namespace.substring(namespace.lastIndexOf('/') + 1));
        }
        m.wavelengths(XrdMetadata.parse(file.get("kAlpha1")), XrdMetadata.parse(file.get("kAlpha2")),
                XrdMetadata.parse(file.get("kBeta")), XrdMetadata.parse(file.get("ratioKAlpha2KAlpha1")));
        m.text("anode", file.get("anodeMaterial"));
        m.number("tube_voltage_kv", XrdMetadata.parse(file.get("tension")));
        m.number("tube_current_ma", XrdMetadata.parse(file.get("current")));
        m.text("tube", file.get("tube"));
        m.text("scan_axis", s0.scanAxis);
        m.text("scan_mode", s0.mode == null ? null : s0.mode.toLowerCase(Locale.ROOT));
        m.text("measurement_type", file.get("measurement_type"));
        m.text("sample_mode", file.get("sample_mode"));
        int n0 = firstX.length;
        m.range(firstAxis, firstX[0], firstX[n0 - 1], n0 > 1 ? (firstX[n0 - 1] - firstX[0]) / (n0 - 1) : null);
        m.number("time_per_step_s", s0.countingTime);
        m.text("sample_name", file.get("sample_name"));
        m.text("sample_id", file.get("sample_id"));
        m.text("prepared_by", file.get("sample_preparedBy"));
        m.text("operator", s0.header.get("author"));
        m.text("measured_at", s0.header.get("startTimeStamp"));
        m.text("measured_until", scans.get(scans.size() - 1).header.get("endTimeStamp"));
        String instrument = comment(comments, "Diffractometer system=");
        m.text("instrument", instrument != null ? instrument : s0.header.get("instrumentControlSoftware"));
        m.text("instrument_id", s0.header.get("instrumentID"));
        String app = s0.header.get("applicationSoftware");
        String ver = s0.header.get("applicationSoftware_version");
        m.text("software", app);
        m.text("software_version", ver);
        m.integer("points", n0);
        m.integer("scans", scans.size());
        m.node.set("scan_list", scanMeta);
        if (!comments.isEmpty()) {
            ArrayNode c = m.node.putArray("comments");
            comments.forEach(c::add);
        }
        String title = file.get("sample_name");
        return new Parsed(EntryKind.MEASUREMENT, title == null || title.isBlank() ? null : title.strip(), null, series, null,
                null, m.build());
    }

    /** In an area (2D) measurement, the drive whose start differs between the line scans. */
    private static String steppedAxis(List<Scan> scans) {
        String scanAxis = positionAxisFor(scans.get(0));
        for (String axis : scans.get(0).ranges.keySet()) {
            if (axis.equals(scanAxis)) {
                continue;
            }
            double first = scans.get(0).ranges.get(axis)[0];
            for (Scan s : scans) {
                double[] se = s.ranges.get(axis);
                if (se != null && se[0] != first) {
                    return axis;
                }
            }
        }
        return null;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String comment(List<String> comments, String prefix) {
        for (String c : comments) {
            if (c.startsWith(prefix)) {
                return c.substring(prefix.length()).strip();
            }
        }
        return null;
    }

    /** Which {@code <positions axis=…>} carries the scan: named by scanAxis, or the one that moves. */
    private static String positionAxisFor(Scan s) {
        String a = s.scanAxis == null ? "" : s.scanAxis.strip();
        String lower = a.toLowerCase(Locale.ROOT);
        // Coupled scans (Gonio, 2Theta-Omega, Omega-2Theta) are plotted against 2θ.
        if ((lower.equals("gonio") || lower.contains("2theta")) && (s.ranges.containsKey("2Theta") || s.lists.containsKey("2Theta"))) {
            return "2Theta";
        }
        if (s.ranges.containsKey(a) || s.lists.containsKey(a)) {
            return a;
        }
        for (String axis : s.lists.keySet()) {
            return axis;
        }
        for (Map.Entry<String, double[]> e : s.ranges.entrySet()) {
            if (e.getValue()[0] != e.getValue()[1]) {
                return e.getKey();
            }
        }
        return s.ranges.isEmpty() ? a : s.ranges.keySet().iterator().next();
    }

    private static double[] positions(String fileName, Scan s, String axis, int n, int index) throws FormatException {
        double[] list = s.lists.get(axis);
        if (list != null) {
            if (list.length != n) {
                throw FormatException.atLine(fileName, s.line, "scan " + (index + 1) + ": " + list.length + " listed " + axis
                        + " positions for " + n + " intensities");
            }
            return list;
        }
        double[] se = s.ranges.get(axis);
        if (se == null || Double.isNaN(se[0]) || Double.isNaN(se[1])) {
            throw FormatException.atLine(fileName, s.line, "scan " + (index + 1) + ": no start and end position for the scan axis "
                    + (axis == null || axis.isEmpty() ? "(none named)" : axis));
        }
        if (n == 0) {
            throw FormatException.atLine(fileName, s.line, "scan " + (index + 1) + " has no intensities");
        }
        return XrdAxes.between(se[0], se[1], n);
    }

    static double number(String file, int line, String element, String value) throws FormatException {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw FormatException.atLine(file, line, "<" + element + ">: expected a number, found '" + abbreviate(value) + "'");
        }
    }

    /** Whitespace-separated numbers, parsed without splitting into a String array (area scans are large). */
    static double[] numbers(String file, int line, String element, String value) throws FormatException {
        double[] out = new double[Math.max(16, value.length() / 4)];
        int n = 0;
        int len = value.length();
        int i = 0;
        while (i < len) {
            while (i < len && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < len && !Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            if (start < i) {
                String tok = value.substring(start, i);
                double v;
                try {
                    v = Double.parseDouble(tok);
                } catch (NumberFormatException e) {
                    throw FormatException.atLine(file, line, "<" + element + ">: value " + (n + 1) + " is not a number: '" + abbreviate(tok) + "'");
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
