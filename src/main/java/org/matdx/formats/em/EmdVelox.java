package org.matdx.formats.em;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import tools.jackson.databind.JsonNode;

/**
 * Thermo Fisher Velox EMD: every image series is {@code /Data/Image/<id>/Data}, an array of
 * (height, width, frames), with {@code Metadata} beside it holding one NUL-padded JSON text per
 * frame (BinaryResult with the pixel size, offset and unit; Optics with the acceleration voltage;
 * Instrument; Detectors; Scan; CustomProperties). Single EDS spectra are
 * {@code /Data/Spectrum/<id>/Data}. What the image shows (the camera, the STEM detector, "Half
 * FFT") is named in {@code /Operations}.
 *
 * <p>Axes as HyperSpy gives them (the oracle of the tests): frames first (a "Time" axis when there
 * are several), then y and x; the pixel size is expressed in the SI prefix that makes the field
 * of view read between 1 and 1000 (pint's {@code to_compact} on half the field), y and the offsets
 * in x's unit. Complex images (Velox FFTs, DPC) are stored as two-float compounds. The EDS spectrum
 * images Velox keeps as a photon stream ({@code /Data/SpectrumStream}) are not decoded yet, and a
 * file holding one is refused whole rather than read in part.
 */
final class EmdVelox {
    private static final String[] PREFIXES = {"y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"};

    private EmdVelox() {
    }

    static List<Parsed> read(Hdf5 h) throws FormatException {
        Group data = Hdf5.group(h.root(), "Data");
        for (String stream : List.of("SpectrumStream", "SpectrumImage", "EelsSpectrumImage")) {
            if (Hdf5.child(data, stream) != null) {
                throw FormatException.inFile(h.file(), "/Data/" + stream + ": Velox spectrum images (EDS photon streams, EELS cubes) are"
                        + " not read yet; export the spectrum image from Velox (e.g. as .rpl/.raw or to HyperSpy) and upload that, or"
                        + " upload the Velox file's images and spectra saved on their own");
            }
        }
        Map<String, String> titles = titles(h);
        List<Parsed> out = new ArrayList<>();
        Group spectra = Hdf5.group(data, "Spectrum");
        if (spectra != null) {
            for (Map.Entry<String, Node> e : new TreeMap<>(spectra.getChildren()).entrySet()) {
                if (e.getValue() instanceof Group g && !g.isLink()) {
                    out.add(spectrum(h, g, "/Data/Spectrum/" + e.getKey()));
                }
            }
        }
        Group images = Hdf5.group(data, "Image");
        if (images != null) {
            for (Map.Entry<String, Node> e : new TreeMap<>(images.getChildren()).entrySet()) {
                if (e.getValue() instanceof Group g && !g.isLink()) {
                    out.add(image(h, g, "/Data/Image/" + e.getKey(), titles.get(e.getKey())));
                }
                if (out.size() > EmLimits.MAX_SIGNALS) {
                    throw FormatException.inFile(h.file(), "more than " + EmLimits.MAX_SIGNALS + " signals in one file");
                }
            }
        }
        if (out.isEmpty()) {
            throw FormatException.inFile(h.file(), "/Data: a Velox file without images or spectra (no /Data/Image/<id>/Data,"
                    + " no /Data/Spectrum/<id>/Data)");
        }
        return out;
    }

    private static Dataset dataset(Hdf5 h, Group g, String path, String name) throws FormatException {
        if (!(Hdf5.child(g, name) instanceof Dataset d)) {
            throw FormatException.inFile(h.file(), path + "/" + name + ": missing (every Velox data group holds Data and Metadata)");
        }
        return d;
    }

    private static Parsed image(Hdf5 h, Group g, String path, String title) throws FormatException {
        Hdf5.Numbers n = h.numbers(dataset(h, g, path, "Data"), path + "/Data");
        int[] shape = n.shape();
        if (shape.length != 3) {
            throw FormatException.inFile(h.file(), path + "/Data: " + shape.length + " dimensions (Velox images are height × width × frames)");
        }
        JsonNode meta = json(h, dataset(h, g, path, "Metadata"), path + "/Metadata", 0);
        int height = shape[0];
        int width = shape[1];
        int frames = shape[2];
        JsonNode br = meta.path("BinaryResult");
        String unit = br.path("PixelUnitX").asString("");
        double pixelW = number(br.path("PixelSize").path("width"), 1);
        double pixelH = number(br.path("PixelSize").path("height"), 1);
        double offsetX = number(br.path("Offset").path("x"), 0);
        double offsetY = number(br.path("Offset").path("y"), 0);
        List<SignalAxis> axes = new ArrayList<>();
        if (frames > 1) {
            JsonNode frameTime = meta.path("Scan").path("FrameTime");
            if (frameTime.isMissingNode()) { // a TEM stack: the camera's exposure is the frame time
                frameTime = meta.path("Detectors").path("Detector-" + br.path("DetectorIndex").asString("0")).path("ExposureTime");
            }
            Compact t = compact(number(frameTime, 1), "s", 2.0 * frames);
            axes.add(new SignalAxis("Time", frames, t.value(), 0, t.units(), true));
        }
        Compact x = compact(pixelW, unit, width);
        axes.add(new SignalAxis("y", height, x.convert(pixelH), x.convert(offsetY), x.units(), false));
        axes.add(new SignalAxis("x", width, x.value(), x.convert(offsetX), x.units(), false));
        // (y, x, frame) in the file; frames first in the signal
        Signal raw = new Signal("", List.of(new SignalAxis("y", height, 1, 0, "", false), new SignalAxis("x", width, 1, 0, "", false),
                new SignalAxis("frame", frames, 1, 0, "", true)), n.dtype(), n.real(), n.imaginary(), "");
        Signal ordered = frames > 1 ? raw.transposed(new int[] {2, 0, 1}, raw.axes()) : raw;
        String name = title != null ? title : detectorName(meta);
        Signal s = new Signal(name, axes, n.dtype(), ordered.values(), ordered.imaginary(), "");
        return EmRecords.of("velox", s, acquisition(meta), meta);
    }

    private static Parsed spectrum(Hdf5 h, Group g, String path) throws FormatException {
        Hdf5.Numbers n = h.numbers(dataset(h, g, path, "Data"), path + "/Data");
        JsonNode meta = json(h, dataset(h, g, path, "Metadata"), path + "/Metadata", 0);
        int[] shape = n.shape();
        int channels = shape[0];
        int count = shape.length > 1 ? shape[1] : 1;
        double dispersion = 1;
        double offset = 0;
        String units = "";
        String detector = meta.path("BinaryResult").path("Detector").asString("");
        for (JsonNode d : meta.path("Detectors")) {
            if (!detector.isEmpty() && d.path("DetectorName").asString("").contains(detector) && d.has("Dispersion")) {
                dispersion = number(d.path("Dispersion"), 1000) / 1000;
                offset = number(d.path("OffsetEnergy"), 0) / 1000;
                units = "keV";
                break;
            }
        }
        List<SignalAxis> axes = new ArrayList<>();
        Signal raw = new Signal("", count > 1 ? List.of(new SignalAxis("Energy", channels, 1, 0, "", false),
                new SignalAxis("Stack", count, 1, 0, "", true)) : List.of(new SignalAxis("Energy", channels, 1, 0, "", false)),
                n.dtype(), n.real(), n.imaginary(), "");
        if (count > 1) {
            axes.add(new SignalAxis("Stack", count, 1, 0, "", true));
            raw = raw.transposed(new int[] {1, 0}, raw.axes());
        }
        axes.add(new SignalAxis("Energy", channels, dispersion, offset, units, false));
        Signal s = new Signal("EDS", axes, n.dtype(), raw.values(), raw.imaginary(), "X-ray intensity (counts)");
        return EmRecords.of("velox", s, acquisition(meta), meta);
    }

    /**
     * What each image shows, from {@code /Operations}: the operation that produced an image names
     * its data path; a camera names its camera, a STEM input its detector, an FFT is a "Half FFT".
     */
    private static Map<String, String> titles(Hdf5 h) throws FormatException {
        Map<String, String> out = new TreeMap<>();
        Group ops = Hdf5.group(h.root(), "Operations");
        if (ops == null) {
            return out;
        }
        for (Map.Entry<String, Node> kind : new TreeMap<>(ops.getChildren()).entrySet()) {
            if (!(kind.getValue() instanceof Group g) || g.isLink()) {
                continue;
            }
            for (Map.Entry<String, Node> op : new TreeMap<>(g.getChildren()).entrySet()) {
                if (!(op.getValue() instanceof Dataset d) || d.isLink()) {
                    continue;
                }
                JsonNode j = json(h, d, "/Operations/" + kind.getKey() + "/" + op.getKey(), 0);
                String name = switch (kind.getKey()) {
                    case "CameraInputOperation" -> j.path("cameraName").asString(null);
                    case "StemInputOperation" -> j.path("detector").asString(null);
                    case "FftOperation" -> "Half FFT";
                    case "DpcOperation" -> "DPC";
                    case "IntegrationOperation" -> "DCFI";
                    case "SurfaceReconstructionOperation" -> "true".equals(j.path("integrationMode").asString("")) ? "iDPC" : "dDPC";
                    default -> null;
                };
                String target = kind.getKey().equals("FftOperation") ? j.path("imageOutputPath").asString("") : j.path("dataPath").asString("");
                if (name != null && !target.isEmpty()) {
                    out.putIfAbsent(target.substring(target.lastIndexOf('/') + 1), name);
                }
            }
        }
        return out;
    }

    private static String detectorName(JsonNode meta) {
        String d = meta.path("BinaryResult").path("Detector").asString("");
        return d.isEmpty() ? "Velox image" : d;
    }

    /** Velox keeps every number as a JSON string. */
    private static double number(JsonNode n, double absent) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            double v = Double.parseDouble(n.asString("").strip());
            return Double.isFinite(v) ? v : absent;
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    private static Double optional(JsonNode n, double factor) {
        double v = number(n, Double.NaN);
        return Double.isNaN(v) ? null : v * factor;
    }

    private static Acquisition acquisition(JsonNode m) {
        JsonNode br = m.path("BinaryResult");
        JsonNode det = m.path("Detectors").path("Detector-" + br.path("DetectorIndex").asString("0"));
        String unit = br.path("AcquisitionUnit").asString("");
        String kind = unit.toLowerCase(Locale.ROOT).contains("stem") || m.path("Scan").has("DwellTime") && !unit.contains("Camera")
                ? "STEM" : "TEM";
        String date = null;
        double epoch = number(m.path("Acquisition").path("AcquisitionStartDatetime").path("DateTime"), Double.NaN);
        if (Double.isFinite(epoch) && epoch > 0 && epoch < 1e11) {
            date = Instant.ofEpochSecond((long) epoch).toString();
        }
        return new Acquisition(Acquisition.blankToNull(m.path("Instrument").path("InstrumentClass").asString("")), kind,
                Acquisition.blankToNull(m.path("Optics").path("HighMagnificationMode").asString("")),
                optional(m.path("Optics").path("AccelerationVoltage"), 1e-3),
                optional(m.path("CustomProperties").path("StemMagnification").path("value"), 1),
                optional(m.path("Optics").path("CameraLength"), 1e3),
                null,
                optional(m.path("Scan").path("DwellTime"), 1),
                optional(det.path("ExposureTime"), 1),
                optional(m.path("Optics").path("LastMeasuredScreenCurrent"), 1e9),
                Acquisition.blankToNull(det.path("DetectorName").asString(br.path("Detector").asString(""))),
                null,
                Acquisition.blankToNull(m.path("Sample").path("SampleDescription").asString("")),
                date);
    }

    /** A value in a unit with the SI prefix pint's {@code to_compact} picks for it. */
    record Compact(double value, String units, double factor) {
        /** Another value in the same (unprefixed) unit, expressed in this one: the y scale, the offsets. */
        double convert(double v) {
            return v * factor;
        }
    }

    /**
     * HyperSpy's scale-bar unit: {@code value × size/2} (half the field) made compact, i.e. the SI
     * prefix that puts it in [1, 1000), for metres, reciprocal metres and seconds; other units stay.
     */
    static Compact compact(double value, String units, double size) {
        int power;
        String base;
        if (units.equals("m") || units.equals("s")) {
            power = 1;
            base = units;
        } else if (units.equals("1/m")) {
            power = -1;
            base = "m";
        } else {
            return new Compact(value, units, 1);
        }
        double half = value * size / 2;
        if (half == 0 || !Double.isFinite(half)) {
            return new Compact(value, units, 1);
        }
        double log = Math.log10(Math.abs(half)) / power / 3;
        int exponent = (int) (power > 0 ? Math.floor(log) : Math.ceil(log)) * 3;
        int index = Math.clamp(exponent / 3 + 8, 0, PREFIXES.length - 1);
        exponent = (index - 8) * 3;
        double factor = Math.pow(10, -exponent * power);
        String u = power > 0 ? PREFIXES[index] + base : "1 / " + PREFIXES[index] + base;
        return new Compact(value * factor, u, factor);
    }

    /** A JSON text of a dataset, or a refusal naming the dataset. */
    static JsonNode json(Hdf5 h, Dataset d, String path, int column) throws FormatException {
        String text = h.text(d, path, column);
        try {
            return Json.MAPPER.readTree(text);
        } catch (RuntimeException e) {
            throw FormatException.inFile(h.file(), path + ": expected the JSON text Velox writes, found "
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text));
        }
    }
}
