package org.matdx.ingest.readers.xrd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * Rigaku RASX: a zip holding, per measurement {@code DataN/}, a tab-separated
 * {@code Profile*.txt} (angle, intensity, attenuation factor) and {@code MesurementConditions*.xml}
 * (sic) with the generator, scan and a copy of the RAS header. Each profile becomes one series.
 */
public final class RasxReader implements Reader {
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();
    static final long MAX_ENTRY = 512L << 20;

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

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
        boolean zip = head.length > 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        if (zip) {
            String names = new String(head, StandardCharsets.ISO_8859_1);
            if (names.contains("Data0/Profile") || names.contains("MesurementConditions")) {
                return Recognition.CONTENT;
            }
        }
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".rasx") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        Map<String, byte[]> profiles = new TreeMap<>();
        Map<String, byte[]> conditions = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(content)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String n = e.getName();
                String base = n.substring(n.lastIndexOf('/') + 1);
                if (base.startsWith("Profile") && base.endsWith(".txt")) {
                    profiles.put(n, read(zip, fileName, n));
                } else if (base.startsWith("MesurementConditions") || base.startsWith("MeasurementConditions")) {
                    conditions.put(n, read(zip, fileName, n));
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw FormatException.inFile(fileName, "not a readable RASX (zip) archive: " + e.getMessage());
        }
        if (profiles.isEmpty()) {
            throw FormatException.inFile(fileName, "the archive has no Data*/Profile*.txt with measured data");
        }
        ObjectNode meta = Json.object().put("format", "Rigaku RASX");
        List<Series> series = new ArrayList<>();
        int i = 0;
        for (var p : profiles.entrySet()) {
            String dir = p.getKey().contains("/") ? p.getKey().substring(0, p.getKey().lastIndexOf('/') + 1) : "";
            String suffix = p.getKey().substring(p.getKey().lastIndexOf("Profile") + "Profile".length()).replace(".txt", "");
            byte[] cond = conditions.getOrDefault(dir + "MesurementConditions" + suffix + ".xml",
                    conditions.get(dir + "MeasurementConditions" + suffix + ".xml"));
            Conditions c = cond == null ? new Conditions() : conditions(fileName, dir + "MesurementConditions" + suffix + ".xml", cond);
            if (i == 0) {
                c.applyTo(meta);
            }
            RasReader.Block block = profile(fileName + "!" + p.getKey(), p.getValue(), c);
            series.add(block.series(profiles.size() == 1 ? "scan" : "scan " + (i + 1)));
            i++;
        }
        Axis x = series.get(0).x();
        meta.put("scans", series.size()).put("points", x.size()).put("x_start", x.first()).put("x_end", x.last());
        if (!meta.has("step")) {
            meta.put("step", XrdMetadata.step(x.valuesUnsafe()));
        }
        String title = meta.path("sample_name").asString("");
        return List.of(new Parsed(EntryKind.MEASUREMENT, title.isBlank() ? null : title, null, series, null, null, meta));
    }

    private static byte[] read(ZipInputStream zip, String fileName, String entry) throws IOException, FormatException {
        byte[] b = zip.readNBytes((int) Math.min(MAX_ENTRY, Integer.MAX_VALUE - 8));
        if (zip.read() != -1) {
            throw FormatException.inFile(fileName, entry + " is larger than " + (MAX_ENTRY >> 20) + " MiB");
        }
        return b;
    }

    /** The profile's rows, as a RAS block whose header comes from the conditions file. */
    private static RasReader.Block profile(String name, byte[] text, Conditions c) throws FormatException, IOException {
        StringBuilder ras = new StringBuilder("*RAS_DATA_START\n*RAS_HEADER_START\n");
        c.rasHeader.forEach((k, v) -> ras.append('*').append(k).append(" \"").append(v.replace("\"", "'")).append("\"\n"));
        if (c.scanAxis != null && !c.rasHeader.containsKey("MEAS_SCAN_AXIS_X")) {
            ras.append("*MEAS_SCAN_AXIS_X \"").append(c.scanAxis).append("\"\n");
        }
        if (c.intensityUnit != null) {
            ras.append("*MEAS_SCAN_UNIT_Y \"").append(c.intensityUnit).append("\"\n");
        }
        ras.append("*RAS_HEADER_END\n*RAS_INT_START\n");
        String body = new String(text, StandardCharsets.UTF_8).replace("\uFEFF", "");
        // profile rows must not be mistaken for header keys; RAS rows never start with '*'
        ras.append(body);
        if (!body.endsWith("\n")) {
            ras.append('\n');
        }
        ras.append("*RAS_INT_END\n*RAS_DATA_END\n");
        try {
            return RasReader.parse(name, new ByteArrayInputStream(ras.toString().getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8).get(0);
        } catch (FormatException e) {
            // line numbers above refer to the synthesized header; report them against the profile
            long headerLines = ras.substring(0, ras.indexOf("*RAS_INT_START")).lines().count() + 1;
            throw e.line() > headerLines ? FormatException.atLine(name, e.line() - headerLines, e.problem())
                    : FormatException.inFile(name, e.problem());
        }
    }

    /** What the measurement-conditions XML says. */
    static final class Conditions {
        final Map<String, String> rasHeader = new LinkedHashMap<>();
        final Map<String, String> values = new LinkedHashMap<>();
        String scanAxis;
        String intensityUnit;

        void applyTo(ObjectNode meta) {
            put(meta, "operator", values.get("Operator"));
            put(meta, "sample_name", values.get("SampleName"));
            put(meta, "instrument", values.get("SystemName"));
            put(meta, "anode", values.get("TargetName"));
            num(meta, "tube_voltage_kv", values.get("Voltage"));
            num(meta, "tube_current_ma", values.get("Current"));
            num(meta, "wavelength_kalpha1_angstrom", values.get("WavelengthKalpha1"));
            num(meta, "wavelength_kalpha2_angstrom", values.get("WavelengthKalpha2"));
            num(meta, "wavelength_kbeta_angstrom", values.get("WavelengthKbeta"));
            put(meta, "scan_axis", scanAxis);
            put(meta, "scan_mode", values.get("Mode"));
            num(meta, "x_start", values.get("Start"));
            num(meta, "x_end", values.get("Stop"));
            num(meta, "step", values.get("Step"));
            num(meta, "scan_speed", values.get("Speed"));
            put(meta, "scan_speed_unit", values.get("SpeedUnit"));
            put(meta, "measured_at", values.get("StartTime"));
            put(meta, "finished_at", values.get("EndTime"));
            RigakuHeader.apply(rasHeader, meta);
        }

        private static void put(ObjectNode meta, String key, String v) {
            if (v != null && !v.isBlank() && !meta.has(key)) {
                meta.put(key, v.strip());
            }
        }

        private static void num(ObjectNode meta, String key, String v) {
            if (v != null && !v.isBlank() && !meta.has(key)) {
                try {
                    meta.put(key, Double.parseDouble(v.strip()));
                } catch (NumberFormatException e) {
                    meta.put(key, v.strip());
                }
            }
        }
    }

    private static final java.util.Set<String> WANTED = java.util.Set.of("Operator", "SampleName", "SystemName",
            "TargetName", "Voltage", "Current", "WavelengthKalpha1", "WavelengthKalpha2", "WavelengthKbeta", "AxisName",
            "Mode", "Start", "Stop", "Step", "Speed", "SpeedUnit", "StartTime", "EndTime", "IntensityUnit");

    static Conditions conditions(String fileName, String entry, byte[] xml) throws FormatException {
        Conditions c = new Conditions();
        XMLStreamReader x = null;
        try {
            x = XML.createXMLStreamReader(new ByteArrayInputStream(xml));
            String section = null;
            List<String> pair = new ArrayList<>();
            boolean inPair = false;
            while (x.hasNext()) {
                int ev = x.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String n = x.getLocalName();
                    if (n.equals("ScanInformation") || n.equals("GeneralInformation") || n.equals("XrayGenerator")) {
                        section = n;
                    } else if (n.equals("Pair")) {
                        inPair = true;
                        pair.clear();
                    } else if (n.equals("string") && inPair) {
                        pair.add(x.getElementText());
                    } else if (section != null && WANTED.contains(n)) {
                        String v = x.getElementText().strip();
                        if (section.equals("ScanInformation") && n.equals("AxisName")) {
                            c.scanAxis = v;
                        } else if (section.equals("ScanInformation") && n.equals("IntensityUnit")) {
                            c.intensityUnit = v;
                        } else {
                            c.values.putIfAbsent(n, v);
                        }
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    String n = x.getLocalName();
                    if (n.equals("ScanInformation") || n.equals("GeneralInformation") || n.equals("XrayGenerator")) {
                        section = null;
                    } else if (n.equals("Pair")) {
                        inPair = false;
                        if (pair.size() == 2 && pair.get(0).startsWith("*")) {
                            c.rasHeader.put(pair.get(0).substring(1), pair.get(1));
                        }
                    }
                }
            }
        } catch (XMLStreamException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw line > 0 ? FormatException.atLine(fileName + "!" + entry, line, "broken XML in the measurement conditions")
                    : FormatException.inFile(fileName + "!" + entry, "broken XML in the measurement conditions");
        } finally {
            if (x != null) {
                try {
                    x.close();
                } catch (XMLStreamException ignored) {
                    // nothing to add
                }
            }
        }
        return c;
    }
}
