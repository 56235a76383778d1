package org.matdx.formats.em;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gatan DigitalMicrograph DM3 and DM4: 1-D spectra, 2-D images, 3-D stacks and spectrum images
 * (EELS, EDS, CL). Every image of the file's {@code ImageList} except the thumbnails becomes one
 * record, with its calibrations ({@code ImageData.Calibrations}: a position is
 * {@code (index − origin)·scale}) and its {@code ImageTags} as metadata.
 *
 * <p>Array order and axis naming follow HyperSpy's reader, which the tests compare with: DM lists
 * dimensions fastest first (x, y, z), so the C-order shape is their reverse; a spectrum image
 * ({@code Meta Data.Format = "Spectrum image"}) is stored energy-slowest and is transposed so each
 * pixel's spectrum is contiguous; axes of length one are dropped.
 */
public final class DmReader implements Reader {

    @Override
    public String id() {
        return "em.dm";
    }

    @Override
    public String name() {
        return "Gatan DigitalMicrograph DM3/DM4";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        return DmTags.version(head) > 0 ? Recognition.CONTENT : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        byte[] bytes = content.readAllBytes();
        DmTags tags = DmTags.parse(fileName, bytes);
        JsonNode list = tags.root.path("ImageList");
        if (!list.isObject() || list.isEmpty()) {
            throw FormatException.inFile(fileName, "a DigitalMicrograph file without an ImageList: no image or spectrum to read");
        }
        Set<Integer> thumbnails = new HashSet<>();
        for (JsonNode t : tags.root.path("Thumbnails")) {
            thumbnails.add(t.path("ImageIndex").asInt(-1));
        }
        ObjectNode others = tags.root.deepCopy();
        others.remove("ImageList");
        List<Parsed> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : list.properties()) {
            int index = e.getKey().startsWith("TagGroup") ? parseIndex(e.getKey()) : -1;
            if (thumbnails.contains(index)) {
                continue;
            }
            if (out.size() >= EmLimits.MAX_SIGNALS) {
                throw FormatException.inFile(fileName, "more than " + EmLimits.MAX_SIGNALS + " images in one file");
            }
            JsonNode image = e.getValue();
            Signal s = signal(fileName, bytes, tags, image);
            ObjectNode original = others.deepCopy();
            ObjectNode im = (ObjectNode) image.deepCopy();
            if (im.path("ImageData") instanceof ObjectNode d) {
                d.remove("Data");
            }
            original.set("ImageList", im);
            out.add(EmRecords.of("dm" + tags.version, s, acquisition(image), original));
        }
        if (out.isEmpty()) {
            throw FormatException.inFile(fileName, "the ImageList holds only thumbnails");
        }
        return out;
    }

    private static int parseIndex(String key) {
        try {
            return Integer.parseInt(key.substring("TagGroup".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private record DataType(String dtype, int bytes) {
    }

    private static DataType dataType(String file, int code) throws FormatException {
        return switch (code) {
            case 1 -> new DataType("int16", 2);
            case 2 -> new DataType("float32", 4);
            case 3 -> new DataType("complex64", 8);
            case 5 -> new DataType("complex64", 4); // old packed complex: float32 halves of a Hermitian FFT
            case 6 -> new DataType("uint8", 1);
            case 7 -> new DataType("int32", 4);
            case 8, 23 -> new DataType(Signal.RGBA8, 4);
            case 9 -> new DataType("int8", 1);
            case 10 -> new DataType("uint16", 2);
            case 11 -> new DataType("uint32", 4);
            case 12 -> new DataType("float64", 8);
            case 13 -> new DataType("complex128", 16);
            case 14 -> new DataType("bool", 1);
            case 27 -> new DataType("complex64", 8);
            case 28 -> new DataType("complex128", 16);
            default -> throw FormatException.inFile(file, "ImageData.DataType " + code + " is not a data type MatDX reads"
                    + " (1–3, 5–14, 23, 27, 28 are)");
        };
    }

    private static Signal signal(String file, byte[] bytes, DmTags tags, JsonNode image) throws FormatException {
        JsonNode data = image.path("ImageData");
        JsonNode ref = data.path("Data");
        if (!ref.has("@offset")) {
            throw FormatException.inFile(file, "an image without ImageData.Data");
        }
        int code = data.path("DataType").asInt(-1);
        DataType t = dataType(file, code);
        List<Long> dims = new ArrayList<>();
        for (JsonNode d : data.path("Dimensions")) {
            dims.add(d.asLong(-1));
        }
        long offset = ref.path("@offset").asLong();
        long[] shape = new long[dims.size()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = dims.get(dims.size() - 1 - k); // DM lists x first; C order lists it last
        }
        long n = EmLimits.values(file, offset, shape);
        Bytes b = new Bytes(file, bytes, tags.dataOrder);
        long storedBytes = ref.path("@bytes").asLong();
        // the arrays are made only once the Data tag is known to hold what the dimensions declare
        // (a 1 kB forgery declaring 2^25 values made 204 MiB before: a fuzzing finding, kept as a seed)
        double[] re;
        double[] im = null;
        boolean packedNew = code == 27 || code == 28;
        if (code == 5) {
            if (shape.length != 2 || shape[0] != shape[1] || shape[0] % 2 != 0) {
                throw FormatException.atOffset(file, offset, "old packed complex data (DataType 5) must be a square image of even size");
            }
            need(file, offset, n * 4, storedBytes);
            re = new double[(int) n];
            im = new double[(int) n];
            Fft.unpackOld(b, offset, (int) shape[0], re, im);
        } else if (packedNew) {
            if (shape.length != 2 || shape[1] % 2 != 0) {
                throw FormatException.atOffset(file, offset, "packed complex data (DataType " + code + ") must be a 2-D image of even width");
            }
            int rows = (int) shape[0];
            int half = (int) (shape[1] / 2 + 1);
            int part = code == 27 ? 4 : 8;
            need(file, offset, (long) rows * half * 2 * part, storedBytes);
            re = new double[(int) n];
            im = new double[(int) n];
            Fft.unpackNew(b, offset, rows, (int) shape[1], part, re, im);
        } else {
            need(file, offset, n * t.bytes(), storedBytes);
            re = new double[(int) n];
            if (t.dtype().startsWith("complex")) {
                im = new double[(int) n];
            }
            for (int i = 0; i < n; i++) {
                long at = offset + (long) i * t.bytes();
                String what = "pixel " + i;
                switch (code) {
                    case 1 -> re[i] = b.i16(at, what);
                    case 2 -> re[i] = b.f32(at, what);
                    case 3 -> {
                        re[i] = b.f32(at, what);
                        im[i] = b.f32(at + 4, what);
                    }
                    case 6, 14 -> re[i] = b.u8(at, what);
                    case 7 -> re[i] = b.i32(at, what);
                    case 8, 23 -> {
                        // stored B, G, R, A; kept as 0xRRGGBBAA
                        long blue = b.u8(at, what);
                        long green = b.u8(at + 1, what);
                        long red = b.u8(at + 2, what);
                        long alpha = b.u8(at + 3, what);
                        re[i] = (red << 24) | (green << 16) | (blue << 8) | alpha;
                    }
                    case 9 -> re[i] = (byte) b.u8(at, what);
                    case 10 -> re[i] = b.u16(at, what);
                    case 11 -> re[i] = b.u32(at, what);
                    case 12 -> re[i] = b.f64(at, what);
                    case 13 -> {
                        re[i] = b.f64(at, what);
                        im[i] = b.f64(at + 8, what);
                    }
                    default -> throw new IllegalStateException("data type " + code);
                }
            }
        }
        String signalType = signalType(image);
        List<SignalAxis> axes = axes(image, shape, signalType);
        String title = image.path("Name").isString() ? image.path("Name").asString() : "";
        Signal s = new Signal(title, axes, t.dtype(), re, im, quantity(data.path("Calibrations").path("Brightness").path("Units"), signalType));
        JsonNode format = image.path("ImageTags").path("Meta Data").path("Format");
        boolean spim = image.path("ImageTags").has("spim");
        boolean spectrumFormat = spim || format.asString("").equals("Spectrum image") || format.asString("").equals("Spectrum");
        if (shape.length > 2 && (spim || format.asString("").equals("Spectrum image"))) {
            // stored (energy, y, x): the slowest axis is the spectrum; move it last
            int dim = shape.length;
            int[] order = new int[dim];
            List<SignalAxis> moved = new ArrayList<>();
            for (int k = 0; k < dim - 1; k++) {
                order[k] = k + 1;
                moved.add(axes.get(k + 1).withNavigate(true));
            }
            order[dim - 1] = 0;
            moved.add(axes.get(0).withNavigate(false));
            s = s.transposed(order, moved);
        } else if (shape.length == 2 && spectrumFormat) {
            s = new Signal(s.title(), List.of(axes.get(0).withNavigate(true), axes.get(1).withNavigate(false)), s.dtype(),
                    s.values(), s.imaginary(), s.quantity());
        }
        return s.squeezed();
    }

    private static void need(String file, long offset, long bytes, long stored) throws FormatException {
        if (bytes > stored) {
            throw FormatException.atOffset(file, offset, "the image's dimensions need " + bytes + " bytes of data but its Data tag holds "
                    + stored);
        }
    }

    /** HyperSpy's signal types, which decide the spectral axis's name. */
    private static String signalType(JsonNode image) {
        String s = image.path("ImageTags").path("Meta Data").path("Signal").asString("");
        if (s.equals("X-ray")) {
            return "EDS_TEM";
        }
        if (s.equals("CL") || image.path("ImageTags").path("Acquisition").has("Monarc Spectrometer")) {
            return "CL";
        }
        if (s.equals("EELS") || image.path("ImageTags").path("spim").has("eels")) {
            return "EELS";
        }
        return "";
    }

    private static List<SignalAxis> axes(JsonNode image, long[] shape, String signalType) {
        int n = shape.length;
        List<JsonNode> cal = new ArrayList<>();
        image.path("ImageData").path("Calibrations").path("Dimension").forEach(cal::add);
        String[] units = new String[n];
        double[] scales = new double[n];
        double[] offsets = new double[n];
        for (int k = 0; k < n; k++) {
            int dm = n - 1 - k; // DM's dimension index of C-order axis k
            JsonNode c = dm < cal.size() ? cal.get(dm) : null;
            double scale = c == null ? 1.0 : c.path("Scale").asDouble(1.0);
            double origin = c == null ? 0.0 : c.path("Origin").asDouble(0.0);
            scales[k] = Double.isFinite(scale) ? scale : 1.0;
            offsets[k] = Double.isFinite(origin) ? -origin * scales[k] : 0.0;
            units[k] = c == null ? "" : c.path("Units").isString() ? c.path("Units").asString() : "";
        }
        String[] names = new String[n];
        List<Integer> free = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            free.add(k);
        }
        String spectral = switch (signalType) {
            case "EELS" -> "eV";
            case "CL" -> "nm";
            default -> null;
        };
        if (spectral != null) {
            int at = List.of(units).indexOf(spectral);
            if (at >= 0) {
                names[at] = signalType.equals("EELS") ? "Energy loss" : "Wavelength";
                free.remove(Integer.valueOf(at));
            }
        }
        String[] xyz = {"x", "y", "z"};
        for (int j = 0; j < free.size() && j < 3; j++) {
            names[free.get(free.size() - 1 - j)] = xyz[j];
        }
        List<SignalAxis> out = new ArrayList<>();
        int signalDims = n == 1 ? 1 : 2;
        for (int k = 0; k < n; k++) {
            out.add(new SignalAxis(names[k] == null ? "<undefined>" : names[k], (int) shape[k], scales[k], offsets[k], units[k],
                    k < n - signalDims));
        }
        return out;
    }

    /** HyperSpy's Signal.quantity: "Intensity (units)", electrons as counts, X-rays for EDS. */
    private static String quantity(JsonNode unitsNode, String signalType) {
        String units = unitsNode.isString() ? unitsNode.asString() : "";
        String quantity = "Intensity";
        if (units.equals("e-")) {
            units = "Counts";
            quantity = "Electrons";
        }
        if (signalType.equals("EDS_TEM")) {
            quantity = "X-rays";
        }
        return units.isEmpty() ? quantity : quantity + " (" + units + ")";
    }

    private static Acquisition acquisition(JsonNode image) {
        JsonNode tags = image.path("ImageTags");
        if (tags.has("source") && tags.path("source").has("Tags at creation")) {
            tags = tags.path("source").path("Tags at creation"); // stacks built by GMS's stack builder
        }
        JsonNode mi = image.path("ImageTags").path("Microscope Info");
        String illumination = mi.path("Illumination Mode").asString(null);
        String mode = illumination == null ? null : illumination.contains("STEM") ? "STEM" : illumination.contains("SEM") ? "SEM" : "TEM";
        String kind = "SEM".equals(mode) ? "SEM" : "TEM";
        String instrument = null;
        for (JsonNode loc : List.of(tags.path("Session Info").path("Microscope"), tags.path("Microscope Info").path("Name"),
                tags.path("Microscope Info").path("Microscope"))) {
            String v = Acquisition.blankToNull(loc.isString() ? loc.asString() : null);
            if (v != null) {
                instrument = v;
                break;
            }
        }
        JsonNode tmi = tags.path("Microscope Info");
        Double voltage = number(tmi.path("Voltage"));
        Double mag = number(tmi.path("Indicated Magnification"));
        boolean diffraction = "DIFFRACTION".equals(tmi.path("Imaging Mode").asString(""));
        boolean tem = "TEM".equals(tmi.path("Illumination Mode").asString(""));
        Double dwell = number(tags.path("DigiScan").path("Sample Time"));
        Double exposure = number(tags.path("Acquisition").path("Parameters").path("Detector").path("exposure_s"));
        String operator = Acquisition.blankToNull(tags.path("Session Info").path("Operator").asString(null));
        String specimen = Acquisition.blankToNull(tags.path("Session Info").path("Specimen").asString(null));
        String date = Acquisition.blankToNull(tags.path("DataBar").path("Acquisition Date").asString(null));
        String detector = Acquisition.blankToNull(tags.path("Acquisition").path("Device").path("Name").asString(null));
        return new Acquisition(instrument, tmi.isMissingNode() ? null : kind, mode, voltage == null ? null : voltage / 1e3,
                tem && diffraction ? null : mag, tem ? (diffraction ? mag : null) : number(tmi.path("STEM Camera Length")), null,
                dwell == null ? null : dwell / 1e6,
                exposure, number(tmi.path("Probe Current (nA)")), detector, operator, specimen, date);
    }

    private static Double number(JsonNode n) {
        return n.isNumber() && Double.isFinite(n.asDouble()) ? n.asDouble() : null;
    }
}
