package org.matdx.formats.em;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitedInput;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.node.ObjectNode;

/**
 * TIFF images from electron microscopes, with the vendor's calibration and acquisition settings:
 * <ul>
 *   <li>FEI/Thermo Fisher (tags 34680/34682: an INI text; {@code [Scan] PixelWidth} in m, {@code [Beam] HV}
 *       in V, {@code [Stage] WorkingDistance} in m, {@code [Scan] Dwelltime} in s, {@code [Detectors] Name});</li>
 *   <li>Zeiss SEM (tag 34118 CZ_SEM: unnamed numbers — the fourth is the pixel size in m for a 1024-pixel
 *       wide display — then {@code AP_…}/{@code DP_…} keys with "Label = value unit" lines);</li>
 *   <li>JEOL SightX (Make "JEOL Ltd.", an XML {@code TemReporter} in ImageDescription: magnification or
 *       camera length and the resolution tags give the pixel size);</li>
 *   <li>Gatan DigitalMicrograph exports (tags 65003–65025: units, origins and scales per axis) and ImageJ
 *       ({@code unit=micron} in ImageDescription, pixel size = 1/XResolution; stacks with {@code spacing}).</li>
 * </ul>
 * Hitachi and Phenom write their settings beside the image (a .txt file, an .elid archive), not in
 * it: their TIFFs are read as uncalibrated images. Calibration precedence follows HyperSpy's tiff
 * reader, the test oracle. Pixels are taken from uncompressed strips directly; compressed images are
 * decoded by the JDK's own TIFF plugin ({@code javax.imageio}).
 */
public final class TiffReader implements Reader {

    @Override
    public String id() {
        return "em.tiff";
    }

    @Override
    public String name() {
        return "TIFF from electron microscopes (FEI/Thermo, Zeiss, JEOL, DM, ImageJ)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (head != null && head.length >= 8 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
            return Recognition.CONTENT;
        }
        return Recognition.NO;
    }

    /** One IFD entry: its TIFF type and where its values are. */
    record Tag(int id, int type, long count, long valueOffset) {
    }

    /** One image file directory with the helpers to read its values. */
    static final class Ifd {
        final Map<Integer, Tag> tags = new TreeMap<>();
        final Bytes b;

        Ifd(Bytes b) {
            this.b = b;
        }

        boolean has(int id) {
            return tags.containsKey(id);
        }

        long[] longs(int id) throws FormatException {
            Tag t = tags.get(id);
            if (t == null) {
                return new long[0];
            }
            int size = typeSize(t.type());
            if (t.count() > b.size() / Math.max(1, size)) {
                throw FormatException.atOffset(b.file, t.valueOffset(), "tag " + id + " declares " + t.count() + " values, more than the file holds");
            }
            long[] out = new long[(int) t.count()];
            for (int i = 0; i < out.length; i++) {
                long at = t.valueOffset() + (long) i * size;
                out[i] = switch (t.type()) {
                    case 1, 7 -> b.u8(at, "tag " + id);
                    case 6 -> (byte) b.u8(at, "tag " + id);
                    case 3 -> b.u16(at, "tag " + id);
                    case 8 -> b.i16(at, "tag " + id);
                    case 4 -> b.u32(at, "tag " + id);
                    case 9 -> b.i32(at, "tag " + id);
                    default -> throw FormatException.atOffset(b.file, at, "tag " + id + " should hold integers, its type is " + t.type());
                };
            }
            return out;
        }

        long first(int id, long dflt) throws FormatException {
            long[] v = longs(id);
            return v.length == 0 ? dflt : v[0];
        }

        double number(int id) throws FormatException {
            Tag t = tags.get(id);
            if (t == null || t.count() < 1) {
                return Double.NaN;
            }
            long at = t.valueOffset();
            return switch (t.type()) {
                case 5 -> (double) b.u32(at, "tag " + id) / b.u32(at + 4, "tag " + id);
                case 10 -> (double) b.i32(at, "tag " + id) / b.i32(at + 4, "tag " + id);
                case 11 -> b.f32(at, "tag " + id);
                case 12 -> b.f64(at, "tag " + id);
                case 2 -> {
                    try {
                        yield Double.parseDouble(text(id).strip());
                    } catch (NumberFormatException e) {
                        yield Double.NaN;
                    }
                }
                default -> longs(id)[0];
            };
        }

        /** A rational's numerator and denominator, as HyperSpy uses them. */
        double[] rational(int id) throws FormatException {
            Tag t = tags.get(id);
            if (t == null || t.type() != 5) {
                return null;
            }
            return new double[] {b.u32(t.valueOffset(), "tag " + id), b.u32(t.valueOffset() + 4, "tag " + id)};
        }

        String text(int id) throws FormatException {
            Tag t = tags.get(id);
            if (t == null) {
                return null;
            }
            if (t.count() > b.size()) {
                throw FormatException.atOffset(b.file, t.valueOffset(), "text tag " + id + " declares " + t.count() + " bytes, more than the file holds");
            }
            byte[] raw = b.slice(t.valueOffset(), (int) t.count(), "text tag " + id);
            int end = raw.length;
            while (end > 0 && raw[end - 1] == 0) {
                end--;
            }
            String utf8 = new String(raw, 0, end, StandardCharsets.UTF_8);
            return utf8.indexOf('\uFFFD') >= 0 ? new String(raw, 0, end, StandardCharsets.ISO_8859_1) : utf8;
        }
    }

    static int typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 1;
        };
    }

    static List<Ifd> ifds(String file, byte[] bytes) throws FormatException {
        ByteOrder order = bytes[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        Bytes b = new Bytes(file, bytes, order);
        if (b.u16(2, "TIFF magic") == 43) {
            throw FormatException.atOffset(file, 2, "BigTIFF (magic 43) is not read yet; save the image as classic TIFF");
        }
        long next = b.u32(4, "offset of the first image directory");
        List<Ifd> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        while (next != 0) {
            if (!seen.add(next)) {
                throw FormatException.atOffset(file, next, "the image directories form a loop");
            }
            if (out.size() >= 10_000) {
                throw FormatException.atOffset(file, next, "more than 10000 image directories");
            }
            int n = b.u16(next, "number of tags of image directory " + out.size());
            Ifd ifd = new Ifd(b);
            for (int i = 0; i < n; i++) {
                long e = next + 2 + 12L * i;
                int id = b.u16(e, "tag id");
                int type = b.u16(e + 2, "tag type");
                long count = b.u32(e + 4, "tag count");
                long bytesNeeded = count * typeSize(type);
                long valueAt = bytesNeeded <= 4 ? e + 8 : b.u32(e + 8, "tag value offset");
                // a tag twice is two answers to one question, and the JDK decoder takes the other one
                // (a forged second width once made it allocate 1 GiB for a 233-byte file)
                if (ifd.tags.put(id, new Tag(id, type, count, valueAt)) != null) {
                    throw FormatException.atOffset(file, e, "tag " + id + " appears twice in image directory " + out.size());
                }
            }
            out.add(ifd);
            next = b.u32(next + 2 + 12L * n, "offset of the next image directory");
        }
        if (out.isEmpty()) {
            throw FormatException.atOffset(file, 4, "a TIFF without an image directory");
        }
        return out;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        byte[] bytes = content.readAllBytes();
        if (recognise(fileName, bytes) != Recognition.CONTENT) {
            throw FormatException.atOffset(fileName, 0, "expected a TIFF header (\"II*\\0\" or \"MM\\0*\")");
        }
        List<Ifd> all = ifds(fileName, bytes);
        Ifd first = all.get(0);
        int width = (int) first.first(256, 0);
        int height = (int) first.first(257, 0);
        int spp = (int) first.first(277, 1);
        long[] bps = first.longs(258);
        int bits = bps.length == 0 ? 1 : (int) bps[0];
        int format = (int) first.first(339, 1);
        int photometric = (int) first.first(262, 1);
        boolean colour = photometric == 2 || photometric == 6;
        if (colour && bits != 8) {
            throw FormatException.inFile(fileName, bits + "-bit colour TIFF is not read (8-bit RGB and grey images of any depth are)");
        }
        if (!colour && spp != 1) {
            throw FormatException.inFile(fileName, "a grey TIFF with " + spp + " samples per pixel: expected 1");
        }
        String dtype = colour ? Signal.RGBA8 : dtype(fileName, bits, format);
        // pages of the same size and type form a stack (ImageJ, stack exports); reduced-resolution pages are skipped
        List<Ifd> pages = new ArrayList<>();
        for (Ifd p : all) {
            if ((p.first(254, 0) & 1) == 1 && p != first) {
                continue;
            }
            if (p.first(256, 0) == width && p.first(257, 0) == height && p.first(277, 1) == spp
                    && p.first(258, 1) == bits && p.first(339, 1) == format) {
                pages.add(p);
            }
        }
        if (pages.isEmpty() || pages.get(0) != first) {
            // the first page does not match its own header read as integers (a width beyond 2^31, say)
            throw FormatException.inFile(fileName, "the first page declares " + first.first(256, 0) + "×" + first.first(257, 0)
                    + " pixels of " + first.first(258, 1) + " bits, which is not an image MatDX can hold");
        }
        String description = first.text(270);
        Map<String, String> imagej = description != null && description.startsWith("ImageJ=") ? keyValues(description) : Map.of();
        if (!imagej.isEmpty() && imagej.containsKey("images")) {
            int images = (int) Math.min(pages.size(), parseInt(imagej.get("images"), pages.size()));
            pages = pages.subList(0, Math.max(1, images));
        }
        long[] shape = pages.size() > 1 ? new long[] {pages.size(), height, width} : new long[] {height, width};
        long n = EmLimits.values(fileName, 0, shape);
        // what the pages declare must fit in the file before the array is allocated: raw strips byte for
        // byte; compressed ones under the rule every compressed upload follows (a zip member, a .gz):
        // past the grace, at most maxRatio times the file. LZW alone would allow ~1,400 times, which
        // let a 16 kB forgery allocate 245 MiB (a fuzzing finding, kept as a seed)
        long declared = n * Math.max(1, bits / 8) * (colour ? spp : 1);
        boolean raw = !colour;
        for (Ifd pg : pages) {
            raw &= pg.first(259, 1) == 1;
        }
        IngestLimits limits = LimitedInput.limitsOf(content);
        long decodable = raw ? bytes.length : Math.max(IngestLimits.RATIO_GRACE_BYTES, (long) limits.maxRatio() * bytes.length);
        if (declared > decodable) {
            Tag w = first.tags.get(256);
            throw FormatException.atOffset(fileName, w == null ? 0 : w.valueOffset(), "the image declares " + width + "×" + height
                    + (pages.size() > 1 ? "×" + pages.size() : "") + " pixels (" + declared + " bytes" + (raw ? "" : " decoded")
                    + "), more than a file of " + bytes.length + " bytes can hold"
                    + (raw ? "" : " (compressed content may unpack to " + limits.maxRatio() + " times its size; --max-zip-ratio)"));
        }
        // raw 16-bit grey pages (nearly every SEM/TEM TIFF) stay 16-bit words: 2 MiB per 1k×1k image, not 8 MiB of doubles
        boolean words = raw && bits == 16 && (format == 1 || format == 2);
        double[] values = words ? null : new double[(int) n];
        short[] shorts = words ? new short[(int) n] : null;
        for (int k = 0; k < pages.size(); k++) {
            if (words) {
                words(fileName, all.indexOf(pages.get(k)), pages.get(k), width, height, shorts, k * width * height);
            } else {
                pixels(fileName, bytes, all.indexOf(pages.get(k)), pages.get(k), width, height, spp, bits, format, colour, values,
                        (long) k * width * height);
            }
        }
        Calibration cal = calibration(fileName, first, description, imagej, width);
        List<SignalAxis> axes = new ArrayList<>();
        if (pages.size() > 1) {
            boolean depth = imagej.containsKey("spacing") || imagej.containsKey("slices");
            axes.add(new SignalAxis(depth ? "depth" : "image series", pages.size(), cal.zScale, 0, cal.zUnits, true));
        }
        axes.add(new SignalAxis("height", height, cal.yScale, cal.yOffset, cal.units, false));
        axes.add(new SignalAxis("width", width, cal.xScale, cal.xOffset, cal.xUnits, false));
        Signal s = words ? Signal.ofShorts(cal.title == null ? "" : cal.title, axes, dtype, shorts, cal.quantity)
                : new Signal(cal.title == null ? "" : cal.title, axes, dtype, values, null, cal.quantity);
        ObjectNode original = Json.object();
        original.put("width", width).put("height", height).put("bits_per_sample", bits).put("samples_per_pixel", spp)
                .put("photometric", photometric).put("compression", first.first(259, 1)).put("pages", all.size());
        for (int id : new int[] {271, 272, 305, 306, 315, 316}) {
            String v = first.text(id);
            if (v != null && !v.isBlank()) {
                original.put(TAG_NAMES.get(id), v.strip());
            }
        }
        if (cal.vendor != null) {
            original.set("vendor", cal.vendor);
        }
        return List.of(EmRecords.of("tiff" + (cal.flavour == null ? "" : "/" + cal.flavour), s, cal.acq, original));
    }

    private static final Map<Integer, String> TAG_NAMES = Map.of(271, "Make", 272, "Model", 305, "Software", 306, "DateTime",
            315, "Artist", 316, "HostComputer");

    private static String dtype(String file, int bits, int format) throws FormatException {
        String d = switch (format) {
            case 1 -> bits == 8 ? "uint8" : bits == 16 ? "uint16" : bits == 32 ? "uint32" : null;
            case 2 -> bits == 8 ? "int8" : bits == 16 ? "int16" : bits == 32 ? "int32" : null;
            case 3 -> bits == 32 ? "float32" : bits == 64 ? "float64" : null;
            default -> null;
        };
        if (d == null) {
            throw FormatException.inFile(file, "a TIFF of " + bits + "-bit samples in sample format " + format
                    + " (MatDX reads 8/16/32-bit integers and 32/64-bit floats)");
        }
        return d;
    }

    private static long rowsPerStrip(String file, int pageIndex, Ifd p, int height) throws FormatException {
        long rowsPerStrip = Math.min(height, p.first(278, height));
        if (rowsPerStrip < 1) {
            throw FormatException.inFile(file, "page " + pageIndex + ": RowsPerStrip (tag 278) is " + p.first(278, height)
                    + "; a strip holds at least one row");
        }
        return rowsPerStrip;
    }

    /** Where an uncompressed row starts, once its strip is listed, long enough and inside the file. */
    private static long rowStart(String file, int pageIndex, Ifd p, long[] offsets, long[] counts, long rowsPerStrip, long rowBytes,
                                 int row) throws FormatException {
        int strip = (int) (row / rowsPerStrip);
        if (strip >= offsets.length) {
            throw FormatException.inFile(file, "page " + pageIndex + ": row " + row + " lies in strip " + strip + " but only "
                    + offsets.length + " strips are listed");
        }
        long start = offsets[strip] + (row % rowsPerStrip) * rowBytes;
        if (counts.length > strip && (row % rowsPerStrip + 1) * rowBytes > counts[strip]) {
            throw FormatException.atOffset(file, offsets[strip], "page " + pageIndex + ": strip " + strip + " holds " + counts[strip]
                    + " bytes, fewer than its rows need");
        }
        p.b.need(start, rowBytes, "row " + row + " of page " + pageIndex);
        return start;
    }

    /** One page of uncompressed 16-bit grey strips, row by row, as words: the same checks as {@link #pixels}, one bulk copy a row. */
    private static void words(String file, int pageIndex, Ifd p, int width, int height, short[] out, int at) throws FormatException {
        long[] offsets = p.longs(273);
        long[] counts = p.longs(279);
        if (offsets.length == 0) {
            throw FormatException.inFile(file, "page " + pageIndex + ": no strip offsets (tag 273) for uncompressed pixels");
        }
        long rowsPerStrip = rowsPerStrip(file, pageIndex, p, height);
        long rowBytes = 2L * width;
        ShortBuffer view = null;
        long viewAt = -1;
        for (int row = 0; row < height; row++) {
            long start = rowStart(file, pageIndex, p, offsets, counts, rowsPerStrip, rowBytes, row);
            // a short view needs an even start: strips at odd offsets (legal) get their own view
            if (view == null || (start - viewAt) % 2 != 0) {
                viewAt = start & 1;
                view = p.b.buffer().duplicate().order(p.b.order()).position((int) viewAt).slice().order(p.b.order()).asShortBuffer();
            }
            view.get((int) ((start - viewAt) / 2), out, at + row * width, width);
        }
    }

    private static void pixels(String file, byte[] bytes, int pageIndex, Ifd p, int width, int height, int spp, int bits, int format,
                               boolean colour, double[] out, long at) throws FormatException, IOException {
        long compression = p.first(259, 1);
        if (compression == 1 && p.has(273) && !colour) {
            long[] offsets = p.longs(273);
            long[] counts = p.longs(279);
            long rowsPerStrip = rowsPerStrip(file, pageIndex, p, height);
            int bytesPer = bits / 8;
            long rowBytes = (long) width * bytesPer;
            for (int row = 0; row < height; row++) {
                long start = rowStart(file, pageIndex, p, offsets, counts, rowsPerStrip, rowBytes, row);
                for (int x = 0; x < width; x++) {
                    long o = start + (long) x * bytesPer;
                    String what = "pixel";
                    out[(int) (at + (long) row * width + x)] = switch (bits) {
                        case 8 -> format == 2 ? (byte) p.b.u8(o, what) : p.b.u8(o, what);
                        case 16 -> format == 2 ? p.b.i16(o, what) : p.b.u16(o, what);
                        case 32 -> format == 3 ? p.b.f32(o, what) : format == 2 ? p.b.i32(o, what) : p.b.u32(o, what);
                        default -> p.b.f64(o, what);
                    };
                }
            }
            return;
        }
        // compressed or colour: the JDK's TIFF plugin decodes; its raster has exactly the declared size.
        // It sizes buffers by the strip or tile counts and tile sizes, so those are checked against the
        // file and the image first
        long[] counts = p.has(325) ? p.longs(325) : p.longs(279);
        for (long c : counts) {
            if (c > bytes.length) {
                throw FormatException.inFile(file, "page " + pageIndex + ": a strip or tile of " + c + " bytes in a file of "
                        + bytes.length + " bytes");
            }
        }
        if (p.first(322, 0) > width + 16L || p.first(323, 0) > height + 16L) {
            throw FormatException.inFile(file, "page " + pageIndex + ": tiles of " + p.first(322, 0) + "×" + p.first(323, 0)
                    + " pixels for an image of " + width + "×" + height);
        }
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("tiff");
        if (!it.hasNext()) {
            throw FormatException.inFile(file, "no TIFF decoder in this Java runtime for compression " + compression);
        }
        ImageReader r = it.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            r.setInput(in);
            // read(), not readRaster(): the JDK plugin does not implement readRaster; the image keeps raw samples (palette indices too)
            Raster raster = r.read(pageIndex).getRaster();
            if (raster.getWidth() != width || raster.getHeight() != height) {
                throw FormatException.inFile(file, "page " + pageIndex + " decodes to " + raster.getWidth() + "×" + raster.getHeight()
                        + ", not the declared " + width + "×" + height);
            }
            int bands = raster.getNumBands();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int idx = (int) (at + (long) y * width + x);
                    if (colour) {
                        long red = raster.getSample(x, y, 0);
                        long green = raster.getSample(x, y, Math.min(1, bands - 1));
                        long blue = raster.getSample(x, y, Math.min(2, bands - 1));
                        long alpha = bands > 3 ? raster.getSample(x, y, 3) : 255;
                        out[idx] = (red << 24) | (green << 16) | (blue << 8) | alpha;
                    } else {
                        out[idx] = raster.getSampleDouble(x, y, 0);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the JDK's decoder answers forged compressed strips with assorted runtime exceptions: all mean "cannot decode"
            throw FormatException.inFile(file, "page " + pageIndex + " cannot be decoded (compression " + compression + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } finally {
            r.dispose();
        }
    }

    /** Axis calibration and acquisition settings found in the tags. */
    private static final class Calibration {
        double xScale = 1;
        double yScale = 1;
        double zScale = 1;
        double xOffset;
        double yOffset;
        String units = "";
        String xUnits = "";
        String zUnits = "";
        String quantity = "";
        String title;
        String flavour;
        Acquisition acq = Acquisition.NONE;
        ObjectNode vendor;

        void scale(double x, double y, String u) {
            xScale = x;
            yScale = y;
            units = u;
            xUnits = u;
        }
    }

    private static Calibration calibration(String file, Ifd ifd, String description, Map<String, String> imagej, int width)
            throws FormatException {
        Calibration c = new Calibration();
        String fei = ifd.has(34682) ? ifd.text(34682) : ifd.has(34680) ? ifd.text(34680) : null;
        String make = ifd.text(271);
        if (fei != null) {
            c.flavour = "fei";
            Map<String, Map<String, String>> ini = ini(fei);
            c.vendor = Json.MAPPER.valueToTree(ini);
            double pw = parse(ini, "Scan", "PixelWidth");
            double ph = parse(ini, "Scan", "PixelHeight");
            if (!Double.isFinite(pw)) {
                pw = parse(ini, "IRBeam", "HFW") / parse(ini, "Image", "ResolutionX");
                ph = parse(ini, "IRBeam", "VFW") / parse(ini, "Image", "ResolutionY");
            }
            if (Double.isFinite(pw) && Double.isFinite(ph)) {
                c.scale(ph, pw, "m"); // HyperSpy gives the height axis the x scale; the pixels are square in practice
                c.xScale = ph;
                c.yScale = pw;
            }
            String detector = get(ini, "Detectors", "Name");
            c.acq = new Acquisition(get(ini, "System", "SystemType"), "SEM", null, times(parse(ini, "Beam", "HV"), 1e-3), null, null,
                    times(parse(ini, "Stage", "WorkingDistance"), 1e3), finite(parse(ini, "Scan", "Dwelltime")), null,
                    times(parse(ini, "EBeam", "BeamCurrent"), 1e9), detector, get(ini, "User", "User"), null, get(ini, "User", "Date"));
        } else if (ifd.has(34118)) {
            c.flavour = "zeiss";
            zeiss(c, ifd.text(34118), width);
        } else if ("JEOL Ltd.".equals(make == null ? null : make.strip()) && description != null && description.contains("<TemReporter")) {
            c.flavour = "jeol-sightx";
            jeol(file, c, ifd, description);
        } else {
            if (ifd.has(65003) || ifd.has(65009) || ifd.has(65022)) {
                c.flavour = "dm";
                if (ifd.has(65004)) {
                    c.units = ifd.text(65004);
                }
                if (ifd.has(65003)) {
                    c.xUnits = ifd.text(65003);
                }
                if (ifd.has(65009)) {
                    c.xScale = ifd.number(65009);
                }
                if (ifd.has(65010)) {
                    c.yScale = ifd.number(65010);
                }
                if (ifd.has(65006)) {
                    c.xOffset = ifd.number(65006);
                }
                if (ifd.has(65007)) {
                    c.yOffset = ifd.number(65007);
                }
                if (ifd.has(65022)) {
                    c.quantity = ifd.text(65022);
                }
            }
            if (!imagej.isEmpty()) {
                c.flavour = "imagej";
                if (imagej.containsKey("unit")) {
                    if (imagej.get("unit").equals("micron")) {
                        c.units = "µm";
                        c.xUnits = "µm";
                    }
                    double[] xr = ifd.rational(282);
                    double[] yr = ifd.rational(283);
                    if (xr != null && yr != null) {
                        c.yScale = yr[1] / yr[0];
                        c.xScale = xr[1] / xr[0];
                    }
                }
                if (imagej.containsKey("spacing")) {
                    try {
                        c.zScale = Double.parseDouble(imagej.get("spacing"));
                    } catch (NumberFormatException e) {
                        // an unreadable spacing leaves the stack uncalibrated, as ImageJ itself would
                    }
                }
            }
        }
        for (double v : new double[] {c.xScale, c.yScale, c.zScale, c.xOffset, c.yOffset}) {
            if (!Double.isFinite(v)) {
                throw FormatException.inFile(file, "the image's calibration is not a finite number (" + v + ")");
            }
        }
        return c;
    }

    private static void zeiss(Calibration c, String text, int width) {
        String[] lines = text.split("\r?\n");
        List<Double> unnamed = new ArrayList<>();
        Map<String, String[]> keyed = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("AP_") || l.startsWith("DP_") || l.startsWith("SV_")) {
                break;
            }
            try {
                unnamed.add(Double.parseDouble(l));
            } catch (NumberFormatException e) {
                unnamed.add(Double.NaN);
            }
        }
        for (; i + 1 < lines.length; i += 2) {
            String key = lines[i].strip().toLowerCase(Locale.ROOT);
            String line = lines[i + 1];
            int eq = line.indexOf(" = ");
            if (eq < 0) {
                i--; // a key without a "Label = value" line: resynchronise on the next line
                continue;
            }
            keyed.put(key, new String[] {line.substring(0, eq).strip(), line.substring(eq + 3).strip()});
        }
        if (unnamed.size() > 3 && Double.isFinite(unnamed.get(3)) && width > 0) {
            double s = unnamed.get(3) * 1024 / width; // the stored size is for a 1024-pixel wide display
            c.scale(s, s, "m");
        }
        ObjectNode v = Json.object();
        keyed.forEach((k, lv) -> v.put(k, lv[1]));
        c.vendor = v;
        Double wd = withUnit(keyed.get("ap_wd"), "mm");
        c.acq = new Acquisition(value(keyed.get("sv_serial_number")), "SEM", null, number(keyed.get("ap_actualkv")),
                number(keyed.get("ap_mag")), null, wd, withUnit(keyed.get("dp_dwell_time"), "s"), null,
                withUnit(keyed.get("ap_iprobe"), "nA"), value(keyed.get("dp_detector_type")), value(keyed.get("sv_user_name")), null,
                value(keyed.get("ap_date")));
    }

    private static String value(String[] lv) {
        return lv == null ? null : lv[1];
    }

    /** The leading number of a Zeiss value such as "25.00 kV" or "105 X". */
    private static Double number(String[] lv) {
        if (lv == null) {
            return null;
        }
        String[] parts = lv[1].split("\\s+");
        try {
            double d = Double.parseDouble(parts[0]);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final Map<String, Double> SI = Map.ofEntries(Map.entry("m", 1.0), Map.entry("mm", 1e-3), Map.entry("µm", 1e-6),
            Map.entry("um", 1e-6), Map.entry("nm", 1e-9), Map.entry("s", 1.0), Map.entry("ms", 1e-3), Map.entry("µs", 1e-6),
            Map.entry("us", 1e-6), Map.entry("ns", 1e-9), Map.entry("A", 1.0), Map.entry("mA", 1e-3), Map.entry("µA", 1e-6),
            Map.entry("nA", 1e-9), Map.entry("pA", 1e-12), Map.entry("fA", 1e-15));

    /** A Zeiss "value unit" converted to {@code to}, rounded to 7 significant digits as HyperSpy's pint conversion is. */
    private static Double withUnit(String[] lv, String to) {
        Double v = number(lv);
        if (v == null) {
            return null;
        }
        String[] parts = lv[1].split("\\s+");
        Double from = parts.length > 1 ? SI.get(parts[1]) : null;
        Double target = SI.get(to);
        if (from == null || target == null) {
            return null;
        }
        double x = v * from / target;
        return Double.parseDouble(String.format(Locale.ROOT, "%.6e", x));
    }

    /**
     * The line without SightX's padding (space, CR, tab, SOH, NUL) at either end. By hand: the pattern
     * {@code [ …]+$} tried from every position of a long run of padding followed by text is quadratic.
     */
    static String stripPadding(String line) {
        int from = 0;
        int to = line.length();
        while (from < to && isPadding(line.charAt(from))) {
            from++;
        }
        while (to > from && isPadding(line.charAt(to - 1))) {
            to--;
        }
        return line.substring(from, to);
    }

    private static boolean isPadding(char c) {
        return c == ' ' || c == '\r' || c == '\t' || c == '\u0001' || c == '\u0000';
    }

    private static void jeol(String file, Calibration c, Ifd ifd, String xml) throws FormatException {
        Document doc;
        try {
            // SightX pads the XML with NUL and SOH bytes and blank lines: strip each line as HyperSpy does
            StringBuilder clean = new StringBuilder();
            for (String line : xml.split("\n")) {
                clean.append(stripPadding(line));
            }
            doc = EmXml.parse(clean.toString());
        } catch (Exception e) {
            throw FormatException.inFile(file, "the JEOL TemReporter XML in ImageDescription cannot be parsed: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        String eos = path(root, "Eos", "EosMode");
        String mode = path(root, "ImageFormingSystem", "ModeString");
        double selector = parseD(path(root, "ImageFormingSystem", "SelectorValue"));
        double ht = parseD(path(root, "ElectronGun", "AccelerationVoltage"));
        long resUnit = ifd.first(296, 2);
        double perUnit = resUnit == 2 ? 0.0254 : 0.01;
        double[] xr = ifd.rational(282);
        double[] yr = ifd.rational(283);
        if ("eosTEM".equals(eos) && "MAG".equals(mode) && xr != null && yr != null && selector > 0) {
            double factor = perUnit / selector * 1e9;
            c.scale(yr[1] / yr[0] * factor, xr[1] / xr[0] * factor, "nm");
            c.yScale = yr[1] / yr[0] * factor;
            c.xScale = xr[1] / xr[0] * factor;
        } else if ("eosTEM".equals(eos) && "DIFF".equals(mode) && xr != null && yr != null && selector > 0 && ht > 0) {
            double length = selector;
            String unit = path(root, "ImageFormingSystem", "SelectorUnitString");
            length = "mm".equals(unit) ? length / 1000 : "cm".equals(unit) ? length / 100 : length;
            double factor = perUnit / (length * wavelength(ht) * 1e9);
            c.scale(yr[1] / yr[0] * factor, xr[1] / xr[0] * factor, "1 / nm");
            c.yScale = yr[1] / yr[0] * factor;
            c.xScale = xr[1] / xr[0] * factor;
        }
        boolean diff = "DIFF".equals(mode);
        boolean stem = "modeASID".equals(eos);
        List<String> notes = new ArrayList<>();
        notes.add(stem ? "STEM" : "TEM");
        notes.add(after4(path(root, "IlluminationSystem", "ImageField")));
        notes.add(after4(stem ? path(root, "ImageFormingSystem", "ScanningImageFormingMode") : path(root, "ImageFormingSystem", "ImageFormingMode")));
        notes.add(String.valueOf(path(root, "ImageFormingSystem", "SelectorString")));
        c.title = String.join(", ", notes); // JEOL's own summary of the mode, as SightX shows it
        double current = parseD(path(root, "ElectronGun", "BeamCurrent"));
        c.acq = new Acquisition(path(root, "Instruments"), "TEM", "eosASID".equals(eos) ? "STEM" : "TEM",
                ht > 0 ? ht * 1e-3 : null, !diff && selector > 0 ? selector : null, diff && selector > 0 ? selector : null, null, null,
                null, Double.isFinite(current) ? current * 1e-3 : null, null, null, null, null);
        c.vendor = Json.object().put("TemReporter", "see ImageDescription");
    }

    /** Relativistic electron wavelength in m for an accelerating voltage in V (CODATA 2018 constants). */
    static double wavelength(double volts) {
        double me = 9.1093837015e-31;
        double e = 1.602176634e-19;
        double h = 6.62607015e-34;
        double cc = 299792458.0;
        double p2 = 2 * me * e * volts * (1 + e * volts / (2 * me * cc * cc));
        return h / Math.sqrt(p2);
    }

    private static String after4(String s) {
        return s == null ? "None" : s.length() > 4 ? s.substring(4) : "";
    }

    private static String path(Element root, String... names) {
        Node n = root;
        for (String name : names) {
            Node found = null;
            for (Node k = n.getFirstChild(); k != null; k = k.getNextSibling()) {
                if (k instanceof Element el && el.getTagName().equals(name)) {
                    found = k;
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            n = found;
        }
        String t = n.getTextContent();
        return t == null ? null : t.strip();
    }

    private static double parseD(String s) {
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int parseInt(String s, int dflt) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static Map<String, String> keyValues(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : text.split("\n")) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                m.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        }
        return m;
    }

    static Map<String, Map<String, String>> ini(String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> section = null;
        for (String l : text.split("\r?\n")) {
            String t = l.strip();
            if (t.startsWith("[") && t.endsWith("]")) {
                section = out.computeIfAbsent(t.substring(1, t.length() - 1), k -> new LinkedHashMap<>());
            } else if (section != null && t.indexOf('=') > 0) {
                section.put(t.substring(0, t.indexOf('=')).strip(), t.substring(t.indexOf('=') + 1).strip());
            }
        }
        return out;
    }

    private static String get(Map<String, Map<String, String>> ini, String section, String key) {
        Map<String, String> s = ini.get(section);
        return s == null ? null : Acquisition.blankToNull(s.get(key));
    }

    private static double parse(Map<String, Map<String, String>> ini, String section, String key) {
        return parseD(get(ini, section, key));
    }

    private static Double times(double v, double f) {
        return Double.isFinite(v) ? v * f : null;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
