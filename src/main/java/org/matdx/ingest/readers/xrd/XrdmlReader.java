package org.matdx.ingest.readers.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Series;
import org.matdx.ingest.FormatException;
import org.matdx.ingest.Parsed;
import org.matdx.ingest.Reader;
import org.matdx.ingest.Recognition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PANalytical XRDML (XRDMeasurement schema 1.x and 2.x): every scan of every measurement becomes
 * a series over its scan axis — 2θ for coupled and 2θ scans, ω for rocking curves, φ/χ for
 * texture scans — with positions given as start/end, as a list, or in common. Area and multi-scan
 * measurements give one series per scan, named by the positions that change between them.
 * Read with StAX, so large area scans stream.
 */
public final class XrdmlReader implements Reader {
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

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
        String text = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.UTF_8);
        if (text.contains("<xrdMeasurements") || text.contains("www.xrdml.com/XRDMeasurement")) {
            return Recognition.CONTENT;
        }
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".xrdml") ? Recognition.NAME : Recognition.NO;
    }

    /** One {@code <positions>} element: constant, evenly spaced, or listed. */
    private record Positions(String axis, String unit, Double start, Double end, Double common, double[] list) {
        boolean varies() {
            return list != null ? list.length > 1 : start != null && end != null && !start.equals(end);
        }

        double[] values(int n) {
            if (list != null) {
                return list;
            }
            if (common != null) {
                double[] v = new double[n];
                java.util.Arrays.fill(v, common);
                return v;
            }
            return XrdMetadata.linspace(start, end, n);
        }

        double representative() {
            return common != null ? common : list != null && list.length > 0 ? list[0] : start != null ? start : Double.NaN;
        }
    }

    private static final class Scan {
        String scanAxis;
        String mode;
        final List<Positions> positions = new ArrayList<>();
        double[] intensities;
        String intensityUnit = "counts";
        Double countingTime;
        String start;
        String end;
        String author;
        String software;
        String softwareVersion;
        String instrumentId;
        int line;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        ObjectNode meta = Json.object().put("format", "XRDML");
        List<Scan> scans = new ArrayList<>();
        Deque<String> path = new ArrayDeque<>();
        Scan scan = null;
        String posAxis = null;
        String posUnit = null;
        Double posStart = null;
        Double posEnd = null;
        Double posCommon = null;
        double[] posList = null;
        ArrayNode comments = Json.MAPPER.createArrayNode();
        Map<String, String> wavelength = new LinkedHashMap<>();
        XMLStreamReader x = null;
        try {
            x = XML.createXMLStreamReader(content);
            boolean rootSeen = false;
            while (x.hasNext()) {
                int ev = x.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = x.getLocalName();
                    if (!rootSeen) {
                        if (!name.equals("xrdMeasurements")) {
                            throw FormatException.atLine(fileName, x.getLocation().getLineNumber(),
                                    "expected the XRDML root element <xrdMeasurements>, found <" + name + ">");
                        }
                        rootSeen = true;
                        String ns = x.getNamespaceURI();
                        if (ns != null && ns.contains("XRDMeasurement/")) {
                            meta.put("schema_version", ns.substring(ns.lastIndexOf('/') + 1));
                        }
                    }
                    String parent = path.peek();
                    path.push(name);
                    switch (name) {
                        case "xrdMeasurement" -> {
                            putAttr(meta, "measurement_type", x.getAttributeValue(null, "measurementType"));
                            putAttr(meta, "sample_mode", x.getAttributeValue(null, "sampleMode"));
                        }
                        case "usedWavelength" -> putAttr(meta, "wavelength_intended", x.getAttributeValue(null, "intended"));
                        case "kAlpha1", "kAlpha2", "kBeta", "ratioKAlpha2KAlpha1" -> {
                            if ("usedWavelength".equals(parent)) {
                                wavelength.put(name, text(x));
                                path.pop();
                            }
                        }
                        case "xRayTube" -> {
                            putAttr(meta, "tube", x.getAttributeValue(null, "name"));
                        }
                        case "tension", "current", "anodeMaterial" -> {
                            if ("xRayTube".equals(parent)) {
                                String unit = x.getAttributeValue(null, "unit");
                                String v = text(x);
                                path.pop();
                                switch (name) {
                                    case "tension" -> meta.put("tube_voltage_kv", parse(v, fileName, x, name));
                                    case "current" -> meta.put("tube_current_ma", parse(v, fileName, x, name));
                                    default -> meta.put("anode", v);
                                }
                                if (unit != null && name.equals("tension") && !unit.equals("kV")) {
                                    meta.put("tube_voltage_unit", unit);
                                }
                            }
                        }
                        case "entry" -> {
                            if ("comment".equals(parent)) {
                                comments.add(text(x));
                                path.pop();
                            }
                        }
                        case "name" -> {
                            if ("sample".equals(parent)) {
                                putText(meta, "sample_name", text(x));
                                path.pop();
                            } else if ("author".equals(parent) && scan != null) {
                                scan.author = text(x);
                                path.pop();
                            }
                        }
                        case "id" -> {
                            if ("sample".equals(parent)) {
                                putText(meta, "sample_id", text(x));
                                path.pop();
                            }
                        }
                        case "preparedBy" -> {
                            if ("sample".equals(parent)) {
                                putText(meta, "prepared_by", text(x));
                                path.pop();
                            }
                        }
                        case "scan" -> {
                            scan = new Scan();
                            scan.scanAxis = x.getAttributeValue(null, "scanAxis");
                            scan.mode = x.getAttributeValue(null, "mode");
                            scan.line = x.getLocation().getLineNumber();
                        }
                        case "startTimeStamp", "endTimeStamp" -> {
                            if (scan != null) {
                                String v = text(x);
                                path.pop();
                                if (name.startsWith("start")) {
                                    scan.start = v;
                                } else {
                                    scan.end = v;
                                }
                            }
                        }
                        case "applicationSoftware" -> {
                            if (scan != null) {
                                scan.softwareVersion = x.getAttributeValue(null, "version");
                                scan.software = text(x);
                                path.pop();
                            }
                        }
                        case "instrumentID" -> {
                            if (scan != null) {
                                scan.instrumentId = text(x);
                                path.pop();
                            }
                        }
                        case "positions" -> {
                            posAxis = x.getAttributeValue(null, "axis");
                            posUnit = x.getAttributeValue(null, "unit");
                            posStart = posEnd = posCommon = null;
                            posList = null;
                        }
                        case "startPosition" -> { posStart = parse(text(x), fileName, x, name); path.pop(); }
                        case "endPosition" -> { posEnd = parse(text(x), fileName, x, name); path.pop(); }
                        case "commonPosition" -> { posCommon = parse(text(x), fileName, x, name); path.pop(); }
                        case "listPositions" -> { posList = numbers(text(x), fileName, x, name); path.pop(); }
                        case "commonCountingTime" -> {
                            if (scan != null) {
                                scan.countingTime = parse(text(x), fileName, x, name);
                                path.pop();
                            }
                        }
                        case "intensities", "counts" -> {
                            if (scan != null && "dataPoints".equals(parent)) {
                                String unit = x.getAttributeValue(null, "unit");
                                scan.intensityUnit = unit == null ? "counts" : unit.equals("counts per second") ? "counts/s" : unit;
                                scan.intensities = numbers(text(x), fileName, x, name);
                                path.pop();
                            }
                        }
                        default -> {
                        }
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    String name = path.isEmpty() ? "" : path.pop();
                    if (name.equals("positions") && scan != null) {
                        if (posStart == null && posEnd == null && posCommon == null && posList == null) {
                            throw FormatException.atLine(fileName, x.getLocation().getLineNumber(),
                                    "<positions axis=\"" + posAxis + "\"> gives no start/end, common or list positions");
                        }
                        scan.positions.add(new Positions(posAxis, posUnit, posStart, posEnd, posCommon, posList));
                    } else if (name.equals("scan") && scan != null) {
                        if (scan.intensities == null) {
                            throw FormatException.atLine(fileName, x.getLocation().getLineNumber(),
                                    "scan " + (scans.size() + 1) + " has no <intensities> or <counts>");
                        }
                        scans.add(scan);
                        scan = null;
                    }
                }
            }
            if (!rootSeen) {
                throw FormatException.inFile(fileName, "no XML content");
            }
        } catch (XMLStreamException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            String why = e.getMessage() == null ? "malformed XML" : e.getMessage().replaceFirst("(?s)^ParseError at \\[row,col]:\\[\\d+,\\d+]\\s*Message: ", "");
            throw line > 0 ? FormatException.atLine(fileName, line, "broken or truncated XML: " + why)
                    : FormatException.inFile(fileName, "broken or truncated XML: " + why);
        } finally {
            if (x != null) {
                try {
                    x.close();
                } catch (XMLStreamException ignored) {
                    // closing a broken reader: nothing to add
                }
            }
        }
        if (scans.isEmpty()) {
            throw FormatException.inFile(fileName, "the file holds no completed <scan> with data points");
        }
        wavelength.forEach((k, v) -> {
            try {
                double d = Double.parseDouble(v.strip());
                switch (k) {
                    case "kAlpha1" -> meta.put("wavelength_kalpha1_angstrom", d);
                    case "kAlpha2" -> meta.put("wavelength_kalpha2_angstrom", d);
                    case "kBeta" -> meta.put("wavelength_kbeta_angstrom", d);
                    default -> meta.put("kalpha2_kalpha1_ratio", d);
                }
            } catch (NumberFormatException ignored) {
                meta.put("wavelength_" + k, v);
            }
        });
        if (!comments.isEmpty()) {
            meta.set("comments", comments);
            for (var c : comments) {
                String t = c.asString();
                if (t.startsWith("Diffractometer system=")) {
                    meta.put("instrument", t.substring("Diffractometer system=".length()).strip());
                }
            }
        }
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < scans.size(); i++) {
            series.add(series(scans.get(i), i, scans.size(), fileName));
        }
        Scan first = scans.get(0);
        putText(meta, "scan_axis", first.scanAxis);
        putText(meta, "scan_mode", first.mode);
        putText(meta, "operator", first.author);
        putText(meta, "measured_at", first.start);
        putText(meta, "finished_at", scans.get(scans.size() - 1).end);
        putText(meta, "software", first.software);
        putText(meta, "software_version", first.softwareVersion);
        putText(meta, "instrument_id", first.instrumentId);
        if (first.countingTime != null) {
            meta.put("time_per_step_s", first.countingTime);
        }
        Axis x0 = series.get(0).x();
        meta.put("scans", scans.size()).put("points", x0.size())
                .put("x_start", x0.first()).put("x_end", x0.last()).put("step", XrdMetadata.step(x0.valuesUnsafe()));
        String title = meta.path("sample_name").asString("");
        return List.of(new Parsed(EntryKind.MEASUREMENT, title.isBlank() ? null : title, null, series, null, null, meta));
    }

    private static Series series(Scan s, int index, int count, String fileName) throws FormatException {
        int n = s.intensities.length;
        Positions xAxis = chooseAxis(s);
        if (xAxis == null) {
            throw FormatException.atLine(fileName, s.line, "scan " + (index + 1) + " has no varying positions to plot against");
        }
        double[] x = xAxis.values(n);
        if (x.length != n) {
            throw FormatException.atLine(fileName, s.line, "scan " + (index + 1) + ": " + x.length + " positions on "
                    + xAxis.axis() + " but " + n + " intensities");
        }
        String name = "scan " + (index + 1);
        if (count > 1) {
            // name a scan of an area or multi-scan measurement by the positions that stay fixed in it
            List<String> fixed = new ArrayList<>();
            for (Positions p : s.positions) {
                if (p != xAxis && !p.varies() && !Double.isNaN(p.representative())
                        && !(p.axis() != null && (p.axis().equals("X") || p.axis().equals("Y") || p.axis().equals("Z")))) {
                    fixed.add(label(p.axis()) + "=" + p.representative());
                }
            }
            if (!fixed.isEmpty()) {
                name += " (" + String.join(", ", fixed) + ")";
            }
        }
        String unit = xAxis.unit() == null || xAxis.unit().equals("deg") ? "°" : xAxis.unit();
        return new Series(name, new Axis(label(xAxis.axis()), unit, x), List.of(new Axis("intensity", s.intensityUnit, s.intensities)));
    }

    /** The axis named by the scan, else 2θ, else the first that varies. */
    private static Positions chooseAxis(Scan s) {
        String want = s.scanAxis == null ? "2Theta" : switch (s.scanAxis) {
            case "Gonio", "2Theta-Omega", "Omega-2Theta", "2Theta" -> "2Theta";
            default -> s.scanAxis;
        };
        for (Positions p : s.positions) {
            if (want.equals(p.axis()) && p.varies()) {
                return p;
            }
        }
        for (Positions p : s.positions) {
            if ("2Theta".equals(p.axis()) && p.varies()) {
                return p;
            }
        }
        return s.positions.stream().filter(Positions::varies).findFirst().orElse(null);
    }

    private static String label(String axis) {
        if (axis == null) {
            return "position";
        }
        return switch (axis) {
            case "2Theta" -> "2θ";
            case "Omega" -> "ω";
            case "Phi" -> "φ";
            case "Chi" -> "χ";
            default -> axis;
        };
    }

    private static String text(XMLStreamReader x) throws XMLStreamException {
        return x.getElementText().strip();
    }

    private static double parse(String s, String file, XMLStreamReader x, String element) throws FormatException {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw FormatException.atLine(file, x.getLocation().getLineNumber(), "<" + element + ">: '" + s + "' is not a number");
        }
    }

    private static double[] numbers(String s, String file, XMLStreamReader x, String element) throws FormatException {
        String t = s.strip();
        if (t.isEmpty()) {
            return new double[0];
        }
        String[] parts = t.split("\\s+");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw FormatException.atLine(file, x.getLocation().getLineNumber(), "<" + element + ">, value " + (i + 1)
                        + ": '" + parts[i] + "' is not a number");
            }
        }
        return v;
    }

    private static void putAttr(ObjectNode meta, String key, String value) {
        putText(meta, key, value);
    }

    private static void putText(ObjectNode meta, String key, String value) {
        if (value != null && !value.isBlank()) {
            meta.put(key, value.strip());
        }
    }
}
