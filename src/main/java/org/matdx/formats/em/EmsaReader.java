package org.matdx.formats.em;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ObjectNode;

/**
 * EMSA/MAS spectral data (ISO 22029), the exchange format of EDS and EELS spectra: {@code #KEYWORD-unit: value}
 * header lines, {@code #SPECTRUM} and then the counts, one value per channel ({@code DATATYPE Y},
 * several per line) or (energy, counts) pairs ({@code XY}), up to {@code #ENDOFDATA}. The energy axis
 * is {@code OFFSET + i·XPERCHAN} in {@code XUNITS}; the beam energy is {@code BEAMKV} (kV), the dwell
 * time {@code DWELLTIME} (ms in the standard's keyword unit).
 */
public final class EmsaReader implements Reader {

    @Override
    public String id() {
        return "em.emsa";
    }

    @Override
    public String name() {
        return "EMSA/MAS spectrum (.msa)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 200), StandardCharsets.ISO_8859_1).stripLeading();
        if (start.startsWith("#FORMAT") && start.toUpperCase(Locale.ROOT).contains("EMSA")) {
            return Recognition.CONTENT;
        }
        String n = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".msa") || n.endsWith(".emsa") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(content, StandardCharsets.ISO_8859_1));
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, String> keyUnits = new LinkedHashMap<>();
        double[] y = new double[256];
        int n = 0;
        boolean data = false;
        String dataType = null;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!data) {
                if (!t.startsWith("#")) {
                    throw FormatException.atLine(fileName, lineNo, "expected a '#KEYWORD: value' header line or #SPECTRUM, found '" + clip(t) + "'");
                }
                int colon = t.indexOf(": ");
                String key = (colon < 0 ? t : t.substring(0, colon)).substring(1).strip();
                String value = colon < 0 ? "" : t.substring(colon + 2).strip();
                String unit = null;
                int dash = key.indexOf('-');
                if (dash >= 0) {
                    unit = key.substring(dash + 1).strip();
                    key = key.substring(0, dash).strip();
                }
                key = key.toUpperCase(Locale.ROOT);
                if (key.equals("SPECTRUM")) {
                    data = true;
                    dataType = raw.getOrDefault("DATATYPE", "").toUpperCase(Locale.ROOT);
                    if (!dataType.equals("Y") && !dataType.equals("XY")) {
                        throw FormatException.atLine(fileName, lineNo, "#DATATYPE must be Y or XY before #SPECTRUM, found '" + clip(dataType) + "'");
                    }
                    continue;
                }
                raw.put(key, value);
                if (unit != null && !unit.isEmpty()) {
                    keyUnits.put(key, unit);
                }
                if (lineNo == 1 && !key.equals("FORMAT")) {
                    throw FormatException.atLine(fileName, 1, "expected '#FORMAT : EMSA/MAS Spectral Data File' on the first line");
                }
                continue;
            }
            if (t.startsWith("#")) {
                if (t.substring(1).strip().toUpperCase(Locale.ROOT).startsWith("ENDOFDATA")) {
                    break;
                }
                continue;
            }
            String[] parts = t.replace(',', ' ').strip().split("\\s+");
            int from = dataType.equals("XY") ? 1 : 0;
            int to = dataType.equals("XY") ? 2 : parts.length;
            if (parts.length < to) {
                throw FormatException.atLine(fileName, lineNo, "expected an energy and a count (DATATYPE XY), found '" + clip(t) + "'");
            }
            for (int k = from; k < to; k++) {
                double v;
                try {
                    v = Double.parseDouble(parts[k]);
                } catch (NumberFormatException e) {
                    throw FormatException.atLine(fileName, lineNo, "expected a number, found '" + clip(parts[k]) + "'");
                }
                if (n == y.length) {
                    if (n >= EmLimits.MAX_VALUES) {
                        throw FormatException.atLine(fileName, lineNo, "more than " + EmLimits.MAX_VALUES + " channels");
                    }
                    y = Arrays.copyOf(y, n * 2);
                }
                y[n++] = v;
            }
        }
        if (!data) {
            throw FormatException.inFile(fileName, "no #SPECTRUM line: the header never reaches the data");
        }
        if (n == 0) {
            throw FormatException.inFile(fileName, "no channels after #SPECTRUM");
        }
        double scale = number(fileName, raw, "XPERCHAN", 1.0);
        double offset = number(fileName, raw, "OFFSET", 0.0);
        String signalType = raw.getOrDefault("SIGNALTYPE", "").toUpperCase(Locale.ROOT);
        signalType = switch (signalType) {
            case "ELS" -> "EELS";
            case "EDX", "XEDS" -> "EDS";
            case "" -> "EELS"; // HyperSpy's default, kept so both read a file alike
            default -> signalType;
        };
        String yunits = raw.containsKey("YUNITS") ? "(" + raw.get("YUNITS") + ")" : "";
        String quantity;
        if (raw.containsKey("YLABEL")) {
            quantity = raw.get("YLABEL");
        } else if (signalType.equals("EELS") || signalType.contains("EDS")) {
            quantity = signalType.equals("EELS") ? "Electrons" : "X-rays";
            yunits = yunits.isEmpty() ? "(Counts)" : yunits;
        } else {
            quantity = "";
        }
        quantity = (quantity + " " + yunits).strip();
        SignalAxis axis = new SignalAxis(raw.getOrDefault("XLABEL", ""), n, scale, offset, raw.getOrDefault("XUNITS", ""), false);
        Signal s = new Signal(raw.getOrDefault("TITLE", ""), List.of(axis), "float64", Arrays.copyOf(y, n), null, quantity);
        Double dwellMs = optional(raw, "DWELLTIME");
        String dwellUnit = keyUnits.getOrDefault("DWELLTIME", "ms");
        Double dwell = dwellMs == null ? null : dwellMs * (dwellUnit.equalsIgnoreCase("s") ? 1 : dwellUnit.equalsIgnoreCase("us") ? 1e-6 : 1e-3);
        String det = raw.containsKey("EDSDET") ? raw.get("EDSDET") : raw.get("ELSDET");
        Acquisition acq = new Acquisition(null, null, raw.get("OPERMODE"), optional(raw, "BEAMKV"), null, null, null, dwell,
                optional(raw, "INTEGTIME"), optional(raw, "PROBECUR"), det, raw.get("OWNER"), null, raw.get("DATE"));
        ObjectNode original = Json.object();
        raw.forEach(original::put);
        original.put("SIGNALTYPE", signalType);
        return List.of(EmRecords.of("emsa", s, acq, original));
    }

    private static Double optional(Map<String, String> raw, String key) {
        String v = raw.get(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.replace(" ", "")); // "2.0 E-06" is common in EMSA headers
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            String first = v.strip().split("\\s+")[0];
            try {
                return Double.parseDouble(first);
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    private static double number(String file, Map<String, String> raw, String key, double dflt) throws FormatException {
        if (!raw.containsKey(key)) {
            return dflt;
        }
        Double v = optional(raw, key);
        if (v == null) {
            throw FormatException.inFile(file, "#" + key + " must be a finite number, found '" + clip(raw.get(key)) + "'");
        }
        return v;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
