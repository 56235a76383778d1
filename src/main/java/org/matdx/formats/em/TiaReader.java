package org.matdx.formats.em;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.node.ObjectNode;

/**
 * FEI/Thermo TIA (Tecnai/Titan Imaging and Analysis) series files, {@code <name>_N.ser}, with the
 * microscope settings from {@code <name>.emi} when the upload holds it. Written to the SER layout
 * as FEI documents it (the header with series version 0x0210 / 0x0220 for 32/64-bit offsets, the
 * dimension array that calibrates the scan, the offset arrays, then one element per scan position:
 * a calibrated 1-D spectrum or a calibrated 2-D image). The EMI is a binary container whose
 * {@code <ObjectInfo>} XML blocks hold the settings, one per series.
 *
 * <p>Axes follow HyperSpy's reading (the oracle of the tests): scan dimensions navigate, in the
 * file's raster order; a spectrum's axis is "Energy" in eV; an image's rows are stored bottom-up
 * and are turned upright; lengths in metres become nm and reciprocal metres 1/nm. The SER does not
 * say whether an image is in real or reciprocal space: the EMI's microscope mode does, and without
 * it metres are assumed (the note in {@code metadata.original_metadata} says so). Unlike HyperSpy
 * 1.7.3, offsets are converted with their scales.
 */
public final class TiaReader implements Reader {
    private static final int SERIES_ID = 0x0197;
    private static final int SPECTRUM = 0x4120;
    private static final int IMAGE = 0x4122;
    private static final int POSITION_TAG = 0x4142;
    private static final Pattern SERIES_NUMBER = Pattern.compile("(?i)^(.*)_(\\d+)\\.ser$");
    private static final String[] DTYPES = {null, "uint8", "uint16", "uint32", "int8", "int16", "int32", "float32", "float64",
            "complex64", "complex128"};
    private static final int[] SIZES = {0, 1, 2, 4, 1, 2, 4, 4, 8, 8, 16};
    /** EMI files are a few hundred KiB of settings; more than this is not an EMI. */
    private static final int MAX_EMI = 64 << 20;

    @Override
    public String id() {
        return "em.tia";
    }

    @Override
    public String name() {
        return "FEI/Thermo TIA series (.ser with its .emi)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (head.length >= 6 && head[0] == 'I' && head[1] == 'I' && (head[2] & 0xFF | (head[3] & 0xFF) << 8) == SERIES_ID) {
            return Recognition.CONTENT;
        }
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".ser") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public String hint(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".emi")
                ? fileName + ": a TIA .emi holds only the microscope settings of its series; the data are in the " + stem(fileName)
                + "_1.ser (_2.ser, …) files TIA wrote beside it: upload those, with the .emi in the same directory or zip to keep"
                + " the settings"
                : null;
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        return read(fileName, content, Companions.NONE);
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content, Companions companions) throws FormatException, IOException {
        byte[] bytes = content.readAllBytes();
        if (recognise(fileName, bytes) != Recognition.CONTENT) {
            throw FormatException.atOffset(fileName, 0, "expected a TIA series header (\"II\" and series id 0x0197)");
        }
        Bytes b = new Bytes(fileName, bytes, ByteOrder.LITTLE_ENDIAN);
        int version = b.u16(4, "series version");
        long dataType = b.u32(6, "data type id");
        long tagType = b.u32(10, "tag type id");
        long total = b.u32(14, "total number of elements");
        long valid = b.u32(18, "valid number of elements");
        boolean wide = version > 0x0210; // 0x0220: offsets of 8 bytes (TIA on 64-bit Windows)
        long arrays = wide ? b.i64(22, "offset array offset") : b.u32(22, "offset array offset");
        int at = wide ? 30 : 26;
        long ndim = b.u32(at, "number of dimensions");
        if (dataType != SPECTRUM && dataType != IMAGE) {
            throw FormatException.atOffset(fileName, 6, "data type id 0x" + Long.toHexString(dataType)
                    + " (expected 0x4120 for spectra or 0x4122 for images)");
        }
        if (valid == 0) {
            throw FormatException.atOffset(fileName, 18, "the series holds no valid element (TIA keeps a single spectrum in the .emi,"
                    + " which MatDX does not read)");
        }
        if (valid > total || total > EmLimits.MAX_VALUES) {
            throw FormatException.atOffset(fileName, 14, valid + " valid of " + total + " elements: expected at most " + total
                    + " valid, and at most " + EmLimits.MAX_VALUES + " elements");
        }
        if (ndim == 0 || ndim > EmLimits.MAX_DIMENSIONS - 2) {
            throw FormatException.atOffset(fileName, at, ndim + " scan dimensions (MatDX reads series with 1 to "
                    + (EmLimits.MAX_DIMENSIONS - 2) + "; a series calibrated by its position tags alone is not read)");
        }
        List<Dim> dims = new ArrayList<>();
        long p = at + 4;
        for (int i = 0; i < ndim; i++) {
            long size = b.u32(p, "dimension " + (i + 1) + " size");
            EmLimits.values(fileName, p, new long[] {size});
            double offset = finite(b, p + 4, "dimension calibration offset");
            double delta = finite(b, p + 12, "dimension calibration delta");
            long descLength = b.u32(p + 24, "dimension description length");
            b.need(p + 28, descLength, "dimension description");
            String description = new String(b.slice(p + 28, (int) descLength, "dimension description"), StandardCharsets.ISO_8859_1);
            long q = p + 28 + descLength;
            long unitsLength = b.u32(q, "dimension units length");
            b.need(q + 4, unitsLength, "dimension units");
            String units = new String(b.slice(q + 4, (int) unitsLength, "dimension units"), StandardCharsets.ISO_8859_1);
            // the scan's offset is the first position's (its "calibration element" is not an index into the scan: 5 on a
            // 5-position scan in FEI_new/16x16-spectrum_image_5x5x4000); HyperSpy reads it so too
            dims.add(new Dim(size, offset, delta, description, units));
            p = q + 4 + unitsLength;
        }
        int offsetSize = wide ? 8 : 4;
        b.need(arrays, 2 * total * offsetSize, "the data and tag offset arrays of " + total + " elements");
        long[] offsets = new long[(int) valid];
        long[] tags = new long[(int) valid];
        for (int i = 0; i < valid; i++) {
            offsets[i] = wide ? b.i64(arrays + (long) i * 8, "data offset") : b.u32(arrays + (long) i * 4, "data offset");
            long t = arrays + (total + i) * offsetSize;
            tags[i] = wide ? b.i64(t, "tag offset") : b.u32(t, "tag offset");
        }
        // the first element sets the type and calibration of all; every other must agree
        boolean spectrum = dataType == SPECTRUM;
        long e0 = offsets[0];
        int headerBytes = spectrum ? 26 : 50;
        int type = b.u16(e0 + (spectrum ? 20 : 40), "element data type");
        if (type < 1 || type >= DTYPES.length) {
            throw FormatException.atOffset(fileName, e0 + (spectrum ? 20 : 40), "element data type " + type + " (expected 1 to 10)");
        }
        long length;
        long sizeX = 0;
        long sizeY = 0;
        if (spectrum) {
            length = b.u32(e0 + 22, "spectrum length");
        } else {
            sizeX = b.u32(e0 + 42, "image width");
            sizeY = b.u32(e0 + 46, "image height");
            length = sizeX * sizeY;
        }
        EmLimits.values(fileName, e0 + (spectrum ? 22 : 42), spectrum ? new long[] {length} : new long[] {sizeY, sizeX});
        int size = SIZES[type];
        if (valid * length * size > bytes.length) {
            throw FormatException.atOffset(fileName, e0, valid + " elements of " + length + " values of " + DTYPES[type]
                    + " need more bytes than the file holds");
        }
        // HyperSpy's axes: a scan dimension of one point is left out of an image series (not of spectra)
        boolean fortran = false;
        if (tagType == POSITION_TAG && valid > 1) {
            double y0 = b.f64(tags[0] + 16, "position tag");
            double y1 = b.f64(tags[1] + 16, "position tag");
            fortran = y0 == y1; // x varies first: the scan is stored x-fastest, as HyperSpy's "F" order
        }
        List<SignalAxis> axes = new ArrayList<>();
        List<String> spatial = new ArrayList<>(List.of("x", "y").subList(0, (int) Math.min(2, ndim)));
        for (int i = 0; i < ndim; i++) {
            Dim d = dims.get(fortran ? (int) ndim - 1 - i : i);
            if (!spectrum && dims.get(i).size() == 1) {
                continue;
            }
            String name = d.units().equals("meters") && !spatial.isEmpty() ? spatial.remove(spatial.size() - 1) : "<undefined>";
            axes.add(axis(name, d.size(), d.scale(), d.offset(), d.units().isEmpty() ? "" : d.units(), true));
        }
        long navigation = 1;
        for (SignalAxis a : axes) {
            navigation *= a.size();
        }
        if (navigation != total) {
            throw FormatException.atOffset(fileName, at, "the scan dimensions give " + navigation + " positions but the series lists "
                    + total + " elements");
        }
        Emi emi = emi(fileName, companions);
        String imageUnits = spectrum ? null : emi == null ? "meters" : emi.units(dims);
        if (spectrum) {
            double offset = finite(b, e0, "spectrum calibration offset");
            double delta = finite(b, e0 + 8, "spectrum calibration delta");
            long element = b.u32(e0 + 16, "spectrum calibration element");
            axes.add(axis("Energy", length, delta, offset - element * delta, "eV", false)); // TIA calibrates spectra in eV
        } else {
            double offX = finite(b, e0, "image calibration");
            double dX = finite(b, e0 + 8, "image calibration");
            long elX = b.u32(e0 + 16, "image calibration");
            double offY = finite(b, e0 + 20, "image calibration");
            double dY = finite(b, e0 + 28, "image calibration");
            long elY = b.u32(e0 + 36, "image calibration");
            axes.add(axis("y", sizeY, dY, offY - elY * dY, imageUnits, false));
            axes.add(axis("x", sizeX, dX, offX - elX * dX, imageUnits, false));
        }
        long[] shape = axes.stream().mapToLong(SignalAxis::size).toArray();
        long n = EmLimits.values(fileName, at, shape);
        if (total > 64 * valid) {
            // a stopped acquisition is padded to its declared size; a forged header must not make a few bytes into gigabytes
            throw FormatException.atOffset(fileName, 14, "only " + valid + " of " + total + " positions were recorded; MatDX reads a"
                    + " stopped series when at least 1/64 of it was recorded");
        }
        boolean complex = type >= 9;
        boolean floating = type >= 7;
        double[] re = new double[(int) n];
        double[] im = complex ? new double[(int) n] : null;
        if (floating && valid < total) {
            Arrays.fill(re, Double.NaN); // positions the acquisition never reached: missing, as HyperSpy shows them
        }
        Bytes data = b;
        for (int k = 0; k < valid; k++) {
            ReadBudget.check();
            long e = offsets[k];
            int t = data.u16(e + (spectrum ? 20 : 40), "element data type");
            long len = spectrum ? data.u32(e + 22, "spectrum length") : data.u32(e + 42, "image width") * data.u32(e + 46, "image height");
            if (t != type || len != length) {
                throw FormatException.atOffset(fileName, e, "element " + k + " holds " + len + " values of type " + t + ", unlike the first ("
                        + length + " of type " + type + ")");
            }
            data.need(tags[k], tagType == POSITION_TAG ? 24 : 8, "element " + k + "'s tag (time" + (tagType == POSITION_TAG
                    ? " and position)" : ")"));
            long start = e + headerBytes;
            data.need(start, length * size, "element " + k + "'s " + length + " values");
            long base = (long) k * length;
            for (long v = 0; v < length; v++) {
                // images are stored from the bottom row up; HyperSpy (and the microscope's display) put the top row first
                long to = spectrum ? base + v : base + (sizeY - 1 - v / sizeX) * sizeX + v % sizeX;
                long o = start + v * size;
                re[(int) to] = switch (type) {
                    case 1 -> data.u8(o, "value");
                    case 2 -> data.u16(o, "value");
                    case 3 -> data.u32(o, "value");
                    case 4 -> (byte) data.u8(o, "value");
                    case 5 -> data.i16(o, "value");
                    case 6 -> data.i32(o, "value");
                    case 7, 9 -> data.f32(o, "value");
                    default -> data.f64(o, "value");
                };
                if (complex) {
                    im[(int) to] = type == 9 ? data.f32(o + 4, "value") : data.f64(o + 8, "value");
                }
            }
        }
        Signal s = new Signal("", axes, DTYPES[type], re, im, "");
        ObjectNode original = Json.object();
        original.put("series_version", "0x" + Integer.toHexString(version)).put("total_elements", total).put("valid_elements", valid)
                .put("scan_order", fortran ? "x fastest" : "as the dimension array");
        if (valid < total) {
            original.put("note", "the acquisition stopped after " + valid + " of " + total + " positions; the rest are "
                    + (floating ? "NaN" : "0"));
        }
        if (!spectrum && emi == null) {
            original.put("units_assumed", "no .emi in the upload: the image axes are taken to be in metres (a diffraction pattern's"
                    + " are in 1/m; upload the .emi with the .ser to know)");
        }
        Acquisition acq = Acquisition.NONE;
        if (emi != null) {
            acq = emi.acquisition();
            original.set("emi", emi.settings());
        }
        return List.of(EmRecords.of("tia", s, acq, original));
    }

    /**
     * A calibration number: finite and below 1e100 in size (so converting metres to nm stays finite),
     * or the file is refused at its byte; an axis cannot start at NaN.
     */
    private static double finite(Bytes b, long at, String what) throws FormatException {
        double v = b.f64(at, what);
        if (!(Math.abs(v) < 1e100)) {
            throw FormatException.atOffset(b.file, at, what + " is " + v + " (expected a finite number of sensible size)");
        }
        return v;
    }

    private record Dim(long size, double offset, double scale, String description, String units) {
    }

    /** An axis with TIA's SI lengths in nm (reciprocal ones in 1/nm), offset and scale alike. */
    private static SignalAxis axis(String name, long size, double scale, double offset, String units, boolean navigate) {
        return switch (units) {
            case "meters" -> new SignalAxis(name, (int) size, scale * 1e9, offset * 1e9, "nm", navigate);
            case "1/meters" -> new SignalAxis(name, (int) size, scale / 1e9, offset / 1e9, "1 / nm", navigate);
            default -> new SignalAxis(name, (int) size, scale, offset, units, navigate);
        };
    }

    /** The ObjectInfo of this series in the .emi companion: its settings, and the real or reciprocal space of its images. */
    private record Emi(Element info, Element first) {
        String text(Element e, String... path) {
            Node n = e;
            for (String p : path) {
                Node next = null;
                for (Node k = n.getFirstChild(); k != null; k = k.getNextSibling()) {
                    if (k instanceof Element el && el.getTagName().equals(p)) {
                        next = el;
                        break;
                    }
                }
                if (next == null) {
                    return null;
                }
                n = next;
            }
            return n.getTextContent().strip();
        }

        /** ExperimentalDescription's label → value (unit), as the microscope wrote them. */
        Map<String, String[]> description(Element e) {
            Map<String, String[]> out = new LinkedHashMap<>();
            var list = e.getElementsByTagName("Data");
            for (int i = 0; i < list.getLength(); i++) {
                Element d = (Element) list.item(i);
                String label = text(d, "Label");
                if (label != null && text(d, "Value") != null) {
                    out.put(label, new String[] {text(d, "Value"), text(d, "Unit") == null ? "" : text(d, "Unit")});
                }
            }
            return out;
        }

        /** HyperSpy's rule, from the microscope mode: diffraction and STEM camera images are in reciprocal space. */
        String units(List<Dim> dims) {
            String[] mode = description(first).get("Mode");
            if (mode == null) {
                return "meters";
            }
            boolean camera = text(first, "AcquireInfo", "CameraNamePath") != null;
            boolean stack = dims.get(0).units().isEmpty();
            boolean diffractionScan = dims.get(0).size() > 1 && !stack;
            if (mode[0].contains("STEM")) {
                return camera || diffractionScan ? "1/meters" : "meters";
            }
            return mode[0].contains("Diffraction") ? "1/meters" : "meters";
        }

        Acquisition acquisition() {
            Map<String, String[]> d = description(info);
            String microscope = value(d, "Microscope");
            String mode = value(d, "Mode");
            String dwell = text(info, "AcquireInfo", "DwellTimePath");
            boolean stem = mode != null && mode.contains("STEM");
            Double dwellTime = number(dwell);
            Double camera = number(value(d, "Camera length"));
            return new Acquisition(microscope == null ? null : microscope.replace("Microscope ", "").strip(), "TEM",
                    mode == null ? null : stem ? "STEM" : "TEM", number(value(d, "High tension")), number(value(d, "Magnification")),
                    camera == null ? null : camera * 1e3, null, stem ? dwellTime : null, stem ? null : dwellTime, null,
                    text(info, "AcquireInfo", "CameraNamePath"), value(d, "User"), null, text(info, "AcquireDate"));
        }

        ObjectNode settings() {
            ObjectNode o = Json.object();
            description(info).forEach((k, v) -> o.put(v[1].isEmpty() ? k : k + " (" + v[1] + ")", v[0]));
            String date = text(info, "AcquireDate");
            if (date != null) {
                o.put("AcquireDate", date);
            }
            return o;
        }

        private static String value(Map<String, String[]> d, String label) {
            String[] v = d.get(label);
            return v == null || v[0].isBlank() ? null : v[0].strip();
        }

        private static Double number(String s) {
            if (s == null) {
                return null;
            }
            try {
                double v = Double.parseDouble(s.strip());
                return Double.isFinite(v) ? v : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** The .emi beside {@code <name>_N.ser}, parsed, or null when the upload holds none. */
    private static Emi emi(String fileName, Companions companions) throws FormatException, IOException {
        Matcher m = SERIES_NUMBER.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        String emiName = m.group(1) + ".emi";
        byte[] emi = companions.read(emiName);
        if (emi == null) {
            return null;
        }
        if (emi.length > MAX_EMI) {
            throw FormatException.inFile(emiName, emi.length + " bytes: larger than any TIA .emi (" + MAX_EMI + " bytes at most)");
        }
        String text = new String(emi, StandardCharsets.UTF_8);
        List<Element> infos = new ArrayList<>();
        for (int from = text.indexOf("<ObjectInfo>"); from >= 0 && infos.size() < EmLimits.MAX_SIGNALS;
             from = text.indexOf("<ObjectInfo>", from + 1)) {
            int end = text.indexOf("</ObjectInfo>", from);
            if (end < 0) {
                throw FormatException.atOffset(emiName, from, "an <ObjectInfo> block without its end: truncated");
            }
            try {
                infos.add(EmXml.parse(text.substring(from, end + 13)).getDocumentElement());
            } catch (Exception e) {
                throw FormatException.atOffset(emiName, from, "the <ObjectInfo> XML cannot be parsed: " + e.getMessage());
            }
        }
        if (infos.isEmpty()) {
            throw FormatException.inFile(emiName, "no <ObjectInfo> block: not a TIA .emi");
        }
        int series = Integer.parseInt(m.group(2).length() > 4 ? "1" : m.group(2));
        // one ObjectInfo per series, in order; an .emi with fewer describes the others by its first
        return new Emi(infos.get(series >= 1 && series <= infos.size() ? series - 1 : 0), infos.get(0));
    }
}
