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
 * Rigaku RASX (SmartLab Studio II): a zip holding, per measurement {@code DataN/}, a profile
 * {@code ProfileM.txt} (tab-separated angle, intensity, attenuator coefficient; UTF-8 with BOM) and
 * its conditions {@code MesurementConditionsM.xml} (Rigaku's spelling). Each profile is one series;
 * intensity is column 2 × column 3 as in the RAS format.
 */
public final class RasxReader implements Reader {
    private static final Pattern PROFILE = Pattern.compile("Data(\\d+)/Profile(\\d+)\\.txt");
    private static final Pattern CONDITIONS = Pattern.compile("Data(\\d+)/Mea?s?urementConditions(\\d+)\\.xml");

    @Override
    public String id() {
        return "xrd.rasx";
    }

    @Override
    public String name() {
        return "Rigaku RASX";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (ZipParts.namesPart(head, PROFILE) || ZipParts.namesPart(head, CONDITIONS)) {
            return Recognition.CONTENT;
        }
        return Text.extension(fileName).equals("rasx") && ZipParts.isZip(head) ? Recognition.NAME : Recognition.NO;
    }

    private record Profile(String part, double[] x, double[] y) {
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        Map<String, byte[]> parts = ZipParts.read(fileName, content,
                n -> PROFILE.matcher(n).matches() || CONDITIONS.matcher(n).matches());
        // Sort by measurement, then profile number, numerically (Data10 after Data9).
        TreeMap<Long, String> profiles = new TreeMap<>();
        Map<Long, String> conditions = new LinkedHashMap<>();
        for (String n : parts.keySet()) {
            Matcher p = PROFILE.matcher(n);
            if (p.matches()) {
                profiles.put(Long.parseLong(p.group(1)) * 1_000_000 + Long.parseLong(p.group(2)), n);
            }
            Matcher c = CONDITIONS.matcher(n);
            if (c.matches()) {
                conditions.put(Long.parseLong(c.group(1)) * 1_000_000 + Long.parseLong(c.group(2)), n);
            }
        }
        if (profiles.isEmpty()) {
            throw FormatException.inFile(fileName, "no Data0/Profile0.txt in the archive: not a RASX measurement");
        }
        List<Series> series = new ArrayList<>();
        ArrayNode scanList = Json.MAPPER.createArrayNode();
        XrdMetadata m = new XrdMetadata("rasx");
        boolean first = true;
        for (Map.Entry<Long, String> e : profiles.entrySet()) {
            String partName = e.getValue();
            Profile p = profile(fileName, partName, parts.get(partName));
            String condName = conditions.get(e.getKey());
            if (condName == null) {
                condName = conditions.get(e.getKey() / 1_000_000 * 1_000_000);
            }
            Map<String, String> c = condName == null ? Map.of() : conditions(fileName, condName, parts.get(condName));
            String dataCount = c.get("ScanInformation/DataCount");
            if (dataCount != null && XrdMetadata.parse(dataCount) != null && XrdMetadata.parse(dataCount).intValue() != p.x.length) {
                throw FormatException.inFile(fileName, partName + ": " + p.x.length + " points but the conditions announce "
                        + dataCount + ": truncated profile");
            }
            String vendorAxis = c.get("ScanInformation/AxisName");
            String axis = XrdAxes.axisName(vendorAxis);
            String unit = XrdAxes.intensityUnit(c.get("ScanInformation/IntensityUnit"));
            series.add(new Series(profiles.size() == 1 ? "scan" : partName.replace(".txt", ""), XrdAxes.x(axis, p.x),
                    List.of(XrdAxes.intensity(unit, p.y))));
            ObjectNode s = Json.object();
            s.put("part", partName);
            s.put("scan_axis", vendorAxis == null ? "" : vendorAxis);
            s.put("points", p.x.length);
            scanList.add(s);
            if (first) {
                first = false;
                m.wavelengths(XrdMetadata.parse(c.get("XrayGenerator/WavelengthKalpha1")),
                        XrdMetadata.parse(c.get("XrayGenerator/WavelengthKalpha2")),
                        XrdMetadata.parse(c.get("XrayGenerator/WavelengthKbeta")), null);
                m.text("anode", c.get("XrayGenerator/TargetName"));
                m.text("wave_type", c.get("XrayGenerator/WaveType"));
                m.number("tube_voltage_kv", XrdMetadata.parse(c.get("XrayGenerator/Voltage")));
                m.number("tube_current_ma", XrdMetadata.parse(c.get("XrayGenerator/Current")));
                m.text("scan_axis", vendorAxis);
                m.text("scan_mode", c.get("ScanInformation/Mode"));
                m.range(axis, p.x[0], p.x[p.x.length - 1], XrdMetadata.parse(c.get("ScanInformation/Step")));
                Double step = XrdMetadata.parse(c.get("ScanInformation/Step"));
                Double speed = XrdMetadata.parse(c.get("ScanInformation/Speed"));
                m.number("scan_speed", speed);
                m.text("scan_speed_unit", c.get("ScanInformation/SpeedUnit"));
                if (step != null && speed != null && speed > 0 && "deg/min".equalsIgnoreCase(c.get("ScanInformation/SpeedUnit"))) {
                    m.number("time_per_step_s", 60.0 * step / speed);
                }
                m.text("sample_name", c.get("GeneralInformation/SampleName"));
                m.text("operator", c.get("GeneralInformation/Operator"));
                m.text("comment", c.get("GeneralInformation/Comment"));
                m.text("memo", c.get("GeneralInformation/Memo"));
                m.text("measured_at", c.get("ScanInformation/StartTime"));
                m.text("measured_until", c.get("ScanInformation/EndTime"));
                m.text("instrument", c.get("GeneralInformation/SystemName"));
                m.text("software_version", c.get("GeneralInformation/Version"));
                m.text("detector", c.get("Category/Detector"));
                m.integer("points", p.x.length);
            }
        }
        m.integer("scans", series.size());
        m.node.set("scan_list", scanList);
        String title = m.node.has("sample_name") ? m.node.get("sample_name").asString() : null;
        return List.of(new Parsed(EntryKind.MEASUREMENT, title, null, series, null, null, m.build()));
    }

    private static Profile profile(String file, String part, byte[] bytes) throws FormatException {
        String text = Text.decode(bytes).text();
        String[] lines = Text.lines(text);
        double[] x = new double[lines.length];
        double[] y = new double[lines.length];
        int n = 0;
        for (int i = 0; i < lines.length; i++) {
            if ((i & 1023) == 0) {
                ReadBudget.check();
            }
            String l = lines[i].strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] t = Text.fields(l, true);
            if (t.length < 2 || t.length > 3) {
                throw FormatException.atLine(file, i + 1, part + ": expected 3 columns (angle, intensity, attenuator coefficient), found " + t.length);
            }
            try {
                x[n] = Double.parseDouble(t[0]);
                y[n] = Double.parseDouble(t[1]) * (t.length == 3 ? Double.parseDouble(t[2]) : 1.0);
            } catch (NumberFormatException e) {
                throw FormatException.atLine(file, i + 1, part + ": expected numbers, found '" + (l.length() > 60 ? l.substring(0, 60) : l) + "'");
            }
            n++;
        }
        if (n == 0) {
            throw FormatException.inFile(file, part + " holds no data points");
        }
        return new Profile(part, Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /**
     * The leaf values of the conditions we use, keyed "Parent/Element" (e.g. "ScanInformation/Step");
     * the hardware categories are keyed "Category/Name" with their selected unit.
     */
    private static Map<String, String> conditions(String file, String part, byte[] bytes) throws FormatException {
        Map<String, String> out = new LinkedHashMap<>();
        XMLStreamReader r = Xml.open(file, bytes);
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        try {
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String el = r.getLocalName();
                    if (el.equals("Category")) {
                        String name = r.getAttributeValue(null, "Name");
                        String unit = r.getAttributeValue(null, "SelectedUnit");
                        if (name != null && unit != null) {
                            out.putIfAbsent("Category/" + name, unit);
                        }
                    }
                    path.push(el);
                    text.setLength(0);
                } else if (ev == XMLStreamConstants.CHARACTERS) {
                    text.append(r.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    String el = path.pop();
                    String parent = path.peek();
                    String v = text.toString().strip();
                    if (parent != null && !v.isEmpty()) {
                        out.putIfAbsent(parent + "/" + el, v);
                    }
                    text.setLength(0);
                }
            }
        } catch (XMLStreamException e) {
            throw Xml.broken(file, part, e, path);
        }
        if (!path.isEmpty()) {
            throw FormatException.inFile(file, part + ": ends inside <" + path.peek() + ">: truncated");
        }
        return out;
    }
}
