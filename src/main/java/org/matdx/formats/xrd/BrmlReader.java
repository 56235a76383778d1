package org.matdx.formats.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
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
 * Bruker BRML (DIFFRAC.SUITE): a zip of XML parts; the measured data are in
 * {@code ExperimentN/RawDataM.xml}, one {@code <DataRoute>} per range, each point a
 * {@code <Datum>} of comma-separated columns. Where the file has {@code <DataViews>} (DIFFRAC v4+)
 * they say which column is the scan axis and which the counts; older files put time, a flag, the
 * scan axes and then the counts last, which is the fallback.
 */
public final class BrmlReader implements Reader {
    private static final Pattern RAW = Pattern.compile("Experiment(\\d+)/RawData(\\d+)\\.xml");
    private static final Pattern PART = Pattern.compile("Experiment\\d+/(MeasurementContainer|DataContainer|InstructionContainer)\\.xml|experimentCollection\\.xml");

    @Override
    public String id() {
        return "xrd.brml";
    }

    @Override
    public String name() {
        return "Bruker BRML";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (ZipParts.namesPart(head, RAW) || ZipParts.namesPart(head, PART)) {
            return Recognition.CONTENT;
        }
        return Text.extension(fileName).equals("brml") && ZipParts.isZip(head) ? Recognition.NAME : Recognition.NO;
    }

    /** One range as read from a DataRoute. */
    private static final class Route {
        String routeFlag;
        String scanName;
        String visibleName;
        String scanMode;
        Integer plannedPoints;
        Double timePerStep;
        final List<String[]> axes = new ArrayList<>(); // {axisId, start, stop, increment}
        Integer axisColumn;
        Integer countsColumn;
        String countsUnit;
        double[] x = new double[1024];
        double[] y = new double[1024];
        int n;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        Map<String, byte[]> parts = ZipParts.read(fileName, content,
                n -> RAW.matcher(n).matches() || n.equals("experimentCollection.xml"));
        TreeMap<Long, String> raws = new TreeMap<>();
        for (String n : parts.keySet()) {
            Matcher mt = RAW.matcher(n);
            if (mt.matches()) {
                raws.put(Long.parseLong(mt.group(1)) * 1_000_000 + Long.parseLong(mt.group(2)), n);
            }
        }
        if (raws.isEmpty()) {
            throw FormatException.inFile(fileName, "no Experiment0/RawData0.xml in the archive: not a BRML measurement");
        }
        List<Series> series = new ArrayList<>();
        ArrayNode scanList = Json.MAPPER.createArrayNode();
        Map<String, String> info = new LinkedHashMap<>();
        for (String part : raws.values()) {
            List<Route> all = routes(fileName, part, parts.get(part), info);
            // Processed copies (smoothed, background-subtracted) sit beside the measured route; keep the measurement.
            List<Route> measured = all.stream().filter(r -> "Measured".equalsIgnoreCase(r.routeFlag)).toList();
            for (Route r : measured.isEmpty() ? all : measured) {
                if (r.n == 0) {
                    throw FormatException.inFile(fileName, part + ": a data route without <Datum> points");
                }
                if (r.plannedPoints != null && r.plannedPoints != r.n && "Measured".equals(info.get("status"))) {
                    throw FormatException.inFile(fileName, part + ": " + r.n + " points but <MeasurementPoints> says " + r.plannedPoints);
                }
                String vendorAxis = r.axes.isEmpty() ? "TwoTheta" : r.axes.get(0)[0];
                String axis = XrdAxes.axisName(r.scanName != null && r.scanName.contains("TwoTheta") ? "TwoTheta" : vendorAxis);
                double[] x = Arrays.copyOf(r.x, r.n);
                String name = "scan";
                series.add(new Series(name, XrdAxes.x(axis, x), List.of(XrdAxes.intensity(XrdAxes.intensityUnit(r.countsUnit),
                        Arrays.copyOf(r.y, r.n)))));
                ObjectNode s = Json.object();
                s.put("part", part);
                s.put("scan_axis", r.visibleName == null ? vendorAxis : r.visibleName.strip());
                s.put("points", r.n);
                scanList.add(s);
                if (series.size() == 1) {
                    info.put("first_axis", axis);
                    info.put("scan_axis", r.visibleName == null ? vendorAxis : r.visibleName.strip());
                    info.put("scan_mode", r.scanMode);
                    info.put("time_per_step", r.timePerStep == null ? null : r.timePerStep.toString());
                    info.put("step", r.axes.isEmpty() ? null : r.axes.get(0)[3]);
                    info.put("x0", Double.toString(x[0]));
                    info.put("x1", Double.toString(x[x.length - 1]));
                    info.put("points", Integer.toString(r.n));
                }
            }
        }
        if (series.isEmpty()) {
            // a damaged archive can lose every data route's part name or content: nothing was measured to read
            throw FormatException.inFile(fileName, "no RawData part with a data route");
        }
        if (series.size() > 1) {
            // Several ranges: name them by part and range so a plot legend tells them apart.
            List<Series> renamed = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                Series s = series.get(i);
                renamed.add(new Series("range " + (i + 1), s.x(), s.y()));
            }
            series = renamed;
        }
        String collection = parts.containsKey("experimentCollection.xml") ? creatingVersion(fileName, parts.get("experimentCollection.xml")) : null;
        XrdMetadata m = new XrdMetadata("brml");
        m.wavelengths(XrdMetadata.parse(info.get("WaveLengthAlpha1")), XrdMetadata.parse(info.get("WaveLengthAlpha2")),
                XrdMetadata.parse(info.get("WaveLengthBeta")), XrdMetadata.parse(info.get("WaveLengthRatio")));
        m.text("anode", info.get("TubeMaterial"));
        m.text("scan_axis", info.get("scan_axis"));
        m.text("scan_mode", info.get("scan_mode"));
        m.range(info.get("first_axis"), Double.parseDouble(info.get("x0")), Double.parseDouble(info.get("x1")), XrdMetadata.parse(info.get("step")));
        m.number("time_per_step_s", XrdMetadata.parse(info.get("time_per_step")));
        m.text("sample_name", info.get("SampleName"));
        m.text("operator", info.get("User"));
        m.text("measured_at", info.get("TimeStampStarted"));
        m.text("measured_until", info.get("TimeStampFinished"));
        m.text("instrument", info.get("GoniometerType"));
        m.text("software", collection == null ? null : "DIFFRAC.SUITE");
        m.text("software_version", collection);
        m.text("measurement_status", info.get("status"));
        m.integer("points", Long.parseLong(info.get("points")));
        m.integer("scans", series.size());
        m.node.set("scan_list", scanList);
        String title = info.get("SampleName");
        return List.of(new Parsed(EntryKind.MEASUREMENT, title == null || title.isBlank() ? null : title.strip(), null, series, null, null,
                m.build()));
    }

    private static List<Route> routes(String file, String part, byte[] bytes, Map<String, String> info) throws FormatException {
        List<Route> routes = new ArrayList<>();
        XMLStreamReader x = Xml.open(file, bytes);
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        Route route = null;
        String[] axis = null;
        boolean inScanAxes = false;
        try {
            while (x.hasNext()) {
                int ev = x.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    ReadBudget.check();
                    String el = x.getLocalName();
                    path.push(el);
                    text.setLength(0);
                    switch (el) {
                        case "DataRoute" -> {
                            route = new Route();
                            route.routeFlag = x.getAttributeValue(null, "RouteFlag");
                        }
                        case "ScanInformation" -> {
                            if (route != null) {
                                route.scanName = x.getAttributeValue(null, "ScanName");
                                route.visibleName = x.getAttributeValue(null, "VisibleName");
                            }
                        }
                        case "ScanAxes" -> inScanAxes = route != null && "ScanInformation".equals(parentOf(path));
                        case "ScanAxisInfo" -> {
                            if (route != null && inScanAxes) {
                                axis = new String[] {x.getAttributeValue(null, "AxisId"), null, null, null};
                            }
                        }
                        case "RawDataView" -> {
                            if (route != null) {
                                String type = x.getAttributeValue("http://www.w3.org/2001/XMLSchema-instance", "type");
                                Integer start = intOrNull(x.getAttributeValue(null, "Start"));
                                if ("VaryingRawDataView".equals(type) && route.axisColumn == null) {
                                    route.axisColumn = start;
                                } else if ("RecordedRawDataView".equals(type) && route.countsColumn == null) {
                                    route.countsColumn = start;
                                }
                            }
                        }
                        case "Unit" -> {
                            if (route != null && path.contains("Recording") && route.countsUnit == null) {
                                route.countsUnit = x.getAttributeValue(null, "Base");
                            }
                        }
                        case "WaveLengthAlpha1", "WaveLengthAlpha2", "WaveLengthBeta", "WaveLengthRatio" ->
                                info.putIfAbsent(el, x.getAttributeValue(null, "Value"));
                        case "InfoItem" -> {
                            String name = x.getAttributeValue(null, "Name");
                            String value = x.getAttributeValue(null, "Value");
                            if (name != null && value != null && !value.isBlank()) {
                                info.putIfAbsent(name, value);
                            }
                        }
                        default -> {
                        }
                    }
                } else if (ev == XMLStreamConstants.CHARACTERS) {
                    text.append(x.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    String el = path.pop();
                    String v = text.toString().strip();
                    text.setLength(0);
                    switch (el) {
                        case "Datum" -> {
                            if (route != null) {
                                datum(file, part, Xml.line(x), v, route);
                            }
                        }
                        case "DataRoute" -> {
                            routes.add(route);
                            route = null;
                        }
                        case "ScanAxes" -> inScanAxes = false;
                        case "ScanAxisInfo" -> {
                            if (axis != null) {
                                route.axes.add(axis);
                                axis = null;
                            }
                        }
                        case "Start", "Stop", "Increment" -> {
                            if (axis != null) {
                                axis[el.equals("Start") ? 1 : el.equals("Stop") ? 2 : 3] = v;
                            }
                        }
                        case "MeasurementPoints" -> {
                            if (route != null && route.plannedPoints == null) {
                                route.plannedPoints = intOrNull(v);
                            }
                        }
                        case "TimePerStep" -> {
                            if (route != null && route.timePerStep == null) {
                                route.timePerStep = XrdMetadata.parse(v);
                            }
                        }
                        case "ScanMode" -> {
                            if (route != null && route.scanMode == null) {
                                route.scanMode = v;
                            }
                        }
                        case "TimeStampStarted", "TimeStampFinished", "TubeMaterial", "GoniometerType" -> {
                            if (!v.isEmpty()) {
                                info.putIfAbsent(el, v);
                            }
                        }
                        case "MeasurementStatus" -> info.putIfAbsent("status", v);
                        default -> {
                        }
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw Xml.broken(file, part, e, path);
        }
        if (!path.isEmpty()) {
            throw FormatException.inFile(file, part + ": ends inside <" + path.peek() + ">: truncated");
        }
        return routes;
    }

    private static String parentOf(Deque<String> path) {
        var it = path.iterator();
        it.next();
        return it.hasNext() ? it.next() : null;
    }

    private static void datum(String file, String part, int line, String v, Route r) throws FormatException {
        String[] t = v.split(",");
        int xi = r.axisColumn != null ? r.axisColumn : 2;
        int yi = r.countsColumn != null ? r.countsColumn : t.length - 1;
        if (t.length <= Math.max(xi, yi) || t.length < 3) {
            throw FormatException.atLine(file, line, part + ": <Datum> has " + t.length + " columns, expected at least "
                    + (Math.max(xi, Math.max(yi, 2)) + 1));
        }
        if (r.n == r.x.length) {
            r.x = Arrays.copyOf(r.x, r.n * 2);
            r.y = Arrays.copyOf(r.y, r.n * 2);
        }
        try {
            r.x[r.n] = Double.parseDouble(t[xi].strip());
            r.y[r.n] = Double.parseDouble(t[yi].strip());
        } catch (NumberFormatException e) {
            throw FormatException.atLine(file, line, part + ": <Datum> is not numbers: '" + (v.length() > 60 ? v.substring(0, 60) : v) + "'");
        }
        r.n++;
    }

    private static Integer intOrNull(String s) {
        Double d = XrdMetadata.parse(s);
        return d == null ? null : d.intValue();
    }

    private static String creatingVersion(String file, byte[] bytes) throws FormatException {
        XMLStreamReader x = Xml.open(file, bytes);
        try {
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("CreatingVersion")) {
                    return x.getElementText().strip();
                }
            }
        } catch (XMLStreamException e) {
            throw Xml.broken(file, "experimentCollection.xml", e);
        }
        return null;
    }
}
