package org.matdx.formats.em;

import static org.matdx.formats.em.EmXml.child;
import static org.matdx.formats.em.EmXml.optional;
import static org.matdx.formats.em.EmXml.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.w3c.dom.Element;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bruker Esprit {@code .spx}: one EDS (or micro-XRF) spectrum as XML. The {@code TRTSpectrum}
 * class instance holds the counts ({@code Channels}, comma-separated), the energy calibration
 * ({@code CalibAbs} + i·{@code CalibLin}, keV) in its spectrum header, and the excitation in the
 * ESMA header ({@code PrimaryEnergy}, electron microscopes) or the XRF header ({@code Voltage} of
 * the X-ray tube). As HyperSpy reads it: title "EDX", quantity "X-rays (Counts)", the spectrum's
 * name as the specimen; an electron microscope above 30 kV is taken for a TEM, at most 30 kV for
 * an SEM (the file does not say).
 */
public final class BrukerSpxReader implements Reader {

    @Override
    public String id() {
        return "em.spx";
    }

    @Override
    public String name() {
        return "Bruker Esprit spectrum (.spx)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 400), StandardCharsets.ISO_8859_1);
        if (start.startsWith("<?xml") && start.contains("<TRTSpectrum")) {
            return Recognition.CONTENT;
        }
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".spx") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        byte[] bytes = content.readAllBytes();
        Element root;
        try {
            root = EmXml.parse(bytes).getDocumentElement();
        } catch (Exception e) {
            throw FormatException.inFile(fileName, "is not well-formed XML: " + e.getMessage());
        }
        Element sp = child(root, "ClassInstance", "TRTSpectrum");
        if (sp == null) {
            throw FormatException.inFile(fileName, "no <ClassInstance Type=\"TRTSpectrum\"> under <" + root.getTagName()
                    + ">: not a Bruker spectrum");
        }
        Element headers = child(sp, "TRTHeaderedClass", null);
        Element spectrumHeader = child(sp, "ClassInstance", "TRTSpectrumHeader");
        Element channels = child(sp, "Channels", null);
        if (headers == null || spectrumHeader == null || channels == null) {
            throw FormatException.inFile(fileName, "the TRTSpectrum lacks its "
                    + (headers == null ? "TRTHeaderedClass" : spectrumHeader == null ? "TRTSpectrumHeader" : "Channels"));
        }
        double offset = number(fileName, spectrumHeader, "CalibAbs", true);
        double scale = number(fileName, spectrumHeader, "CalibLin", true);
        String text = channels.getTextContent();
        List<Double> counts = new ArrayList<>();
        int from = 0;
        while (from <= text.length()) {
            ReadBudget.check();
            int comma = text.indexOf(',', from);
            String v = text.substring(from, comma < 0 ? text.length() : comma).strip();
            if (!v.isEmpty() || comma >= 0) {
                try {
                    long c = Long.parseLong(v);
                    if (c < 0) {
                        throw new NumberFormatException();
                    }
                    counts.add((double) c);
                } catch (NumberFormatException e) {
                    throw FormatException.inFile(fileName, "channel " + counts.size() + " of <Channels> is '" + clip(v)
                            + "', not a count");
                }
            }
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        if (counts.isEmpty() || counts.size() > EmLimits.MAX_VALUES) {
            throw FormatException.inFile(fileName, "<Channels> holds " + counts.size() + " counts (expected 1 to " + EmLimits.MAX_VALUES + ")");
        }
        double[] y = new double[counts.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = counts.get(i);
        }
        Element esma = child(headers, "ClassInstance", "TRTESMAHeader");
        Element xrf = child(headers, "ClassInstance", "TRTXrfHeader");
        Element hardware = child(headers, "ClassInstance", "TRTSpectrumHardwareHeader");
        Element detector = child(headers, "ClassInstance", "TRTDetectorHeader");
        Double hv = esma != null ? optional(esma, "PrimaryEnergy") : xrf != null ? optional(xrf, "Voltage") : null;
        String kind = xrf != null ? "XRF" : hv == null ? null : hv > 30 ? "TEM" : "SEM";
        Double live = hardware == null ? null : optional(hardware, "LifeTime");
        Double real = hardware == null ? null : optional(hardware, "RealTime");
        String specimen = sp.getAttribute("Name").isBlank() ? null : sp.getAttribute("Name");
        String date = text(spectrumHeader, "Date");
        Acquisition acq = new Acquisition(null, kind, xrf != null ? "micro-XRF (tube voltage as beam energy)" : null, hv, null, null,
                null, null, live == null ? null : live / 1000, null, detector == null ? null : text(detector, "Type"), null, specimen,
                date == null ? null : date + (text(spectrumHeader, "Time") == null ? "" : " " + text(spectrumHeader, "Time")));
        SignalAxis axis = new SignalAxis("Energy", y.length, scale, offset, "keV", false);
        Signal s = new Signal("EDX", List.of(axis), "uint64", y, null, "X-rays (Counts)");
        ObjectNode original = Json.object();
        if (real != null) {
            original.put("real_time_s", real / 1000);
        }
        if (live != null) {
            original.put("live_time_s", live / 1000);
        }
        Double elevation = esma != null ? optional(esma, "ElevationAngle") : xrf != null ? optional(xrf, "ExcitationAngle") : null;
        if (elevation != null) {
            original.put("elevation_angle_deg", elevation);
        }
        return List.of(EmRecords.of("spx", s, acq, original));
    }

    private static double number(String file, Element parent, String tag, boolean required) throws FormatException {
        Double v = optional(parent, tag);
        if (v == null && required) {
            throw FormatException.inFile(file, "the spectrum header has no numeric <" + tag + "> (the energy calibration)");
        }
        return v == null ? Double.NaN : v;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
