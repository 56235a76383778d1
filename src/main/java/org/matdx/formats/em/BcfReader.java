package org.matdx.formats.em;

import static org.matdx.formats.em.EmXml.child;
import static org.matdx.formats.em.EmXml.optional;
import static org.matdx.formats.em.EmXml.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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
import org.w3c.dom.Node;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bruker Esprit {@code .bcf}: an EDS hypermap in an SFS container ({@link Sfs}). Its
 * {@code EDSDatabase/HeaderData} is XML: the SEM settings ({@code TRTSEMData}: HV in kV, WD, Mag,
 * the pixel size DX × DY in µm), the overview images ({@code TRTImageData}: planes of
 * little-endian unsigned pixels, base64) and, under {@code SpectrumData0}, a {@code TRTSpectrum}
 * as in an {@code .spx} giving the channel count and energy calibration. {@code EDSDatabase/SpectrumData0}
 * holds the hypermap (see {@link #hypermap}). Records as HyperSpy gives them: each valid overview
 * plane (titled by its description), then the spectrum image "EDX" (height, width navigating,
 * energy in keV). One difference, on purpose: the width axis of the spectrum image takes DX, as the
 * overview images do, where HyperSpy 1.7.3 gives both of its axes DY.
 */
public final class BcfReader implements Reader {
    private static final int MAP_HEADER = 0x1A0;
    private static final int PIXEL_HEADER = 22;

    @Override
    public String id() {
        return "em.bcf";
    }

    @Override
    public String name() {
        return "Bruker Esprit EDS hypermap (.bcf)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (Sfs.isSfs(head)) {
            return Recognition.CONTENT;
        }
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".bcf") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        Sfs sfs = new Sfs(fileName, content.readAllBytes());
        byte[] header = sfs.read("EDSDatabase/HeaderData");
        if (header == null) {
            throw FormatException.inFile(fileName, "the SFS container holds no EDSDatabase/HeaderData (it holds " + sfs.paths()
                    + "): not a Bruker EDS hypermap");
        }
        Element db = xml(fileName, header);
        Element sem = child(db, "ClassInstance", "TRTSEMData");
        Double hv = sem == null ? null : optional(sem, "HV");
        Double mag = sem == null ? null : optional(sem, "Mag");
        Double wd = sem == null ? null : optional(sem, "WD");
        Double dx = sem == null ? null : optional(sem, "DX");
        Double dy = sem == null ? null : optional(sem, "DY");
        Element spectrumData = child(db, "SpectrumData0", null);
        Element sp = spectrumData == null ? null : child(spectrumData, "ClassInstance", "TRTSpectrum");
        Element spHeader = sp == null ? null : child(sp, "ClassInstance", "TRTSpectrumHeader");
        if (spHeader == null) {
            throw FormatException.inFile(fileName, "EDSDatabase/HeaderData has no SpectrumData0 TRTSpectrum header (channel count and energy"
                    + " calibration)");
        }
        Double channelsD = optional(spHeader, "ChannelCount");
        Double offset = optional(spHeader, "CalibAbs");
        Double scale = optional(spHeader, "CalibLin");
        if (channelsD == null || channelsD < 1 || channelsD > 1 << 16 || offset == null || scale == null || scale == 0) {
            throw FormatException.inFile(fileName, "the hypermap's spectrum header gives " + channelsD + " channels calibrated " + scale
                    + " keV per channel from " + offset + " keV (expected 1 to 65536 channels and a non-zero calibration)");
        }
        int channels = channelsD.intValue();
        Element headers = child(sp, "TRTHeaderedClass", null);
        Element esma = headers == null ? null : child(headers, "ClassInstance", "TRTESMAHeader");
        Element detector = headers == null ? null : child(headers, "ClassInstance", "TRTDetectorHeader");
        Element hardware = headers == null ? null : child(headers, "ClassInstance", "TRTSpectrumHardwareHeader");
        if (hv == null && esma != null) {
            hv = optional(esma, "PrimaryEnergy");
        }
        Element dbHeader = child(db, "Header", null);
        String date = dbHeader == null ? null : text(dbHeader, "Date");
        if (date != null && text(dbHeader, "Time") != null) {
            date += " " + text(dbHeader, "Time");
        }
        Acquisition acq = new Acquisition(null, hv == null ? null : hv > 30 ? "TEM" : "SEM", null, hv, mag, null, wd, null, null, null,
                detector == null ? null : text(detector, "Type"), null, db.getAttribute("Name").isBlank() ? null : db.getAttribute("Name"),
                date);
        ObjectNode original = Json.object();
        if (dx != null) {
            original.put("pixel_width_um", dx);
        }
        if (dy != null) {
            original.put("pixel_height_um", dy);
        }
        Double real = hardware == null ? null : optional(hardware, "RealTime");
        Double live = hardware == null ? null : optional(hardware, "LifeTime");
        if (real != null) {
            original.put("real_time_s", real / 1000);
        }
        if (live != null) {
            original.put("live_time_s", live / 1000);
        }
        if (esma != null && optional(esma, "ElevationAngle") != null) {
            original.put("elevation_angle_deg", optional(esma, "ElevationAngle"));
        }
        original.put("container_files", String.join(", ", sfs.paths()));

        List<Signal> signals = new ArrayList<>(images(fileName, db, dx, dy));
        byte[] map = sfs.read("EDSDatabase/SpectrumData0");
        if (map == null) {
            throw FormatException.inFile(fileName, "the SFS container holds no EDSDatabase/SpectrumData0 (the hypermap)");
        }
        signals.add(hypermap(fileName, map, channels, scale, offset, dx, dy));
        return EmRecords.of("bcf", signals, acq, original);
    }

    /**
     * The hypermap. A 0x1A0-byte header starting with the number of lines (height) and of pixels
     * per line (width), uint32; then per line the number of pixels it stores (uint32) and for each:
     * its x (uint32), the channels it spans (uint16), a second channel count (uint16), 4 bytes, a
     * packing flag (uint16), a data size (uint16), a number of pulses (uint16), the size of the data
     * that follows (uint16) and 2 bytes. Flag 1: the data is the list of pulses, each its channel
     * as 12 bits, read as the hex digits of the data's little-endian 16-bit words in order. A larger
     * flag: the counts of consecutive channels in blocks, each a size byte (0: that many channels
     * empty; 1, 2, 4: values of 4, 8, 16 bits, low nibble first) and a channel-count byte, then a
     * gain of {@code size} bytes added to each value, then the values; four bytes close the pixel
     * (zero in every file seen — other values, which may be further pulses, are refused, not guessed).
     */
    static Signal hypermap(String file, byte[] map, int channels, double scale, double offset, Double dx, Double dy)
            throws FormatException {
        Bytes b = new Bytes(file, map, ByteOrder.LITTLE_ENDIAN);
        long height = b.u32(0, "hypermap height");
        long width = b.u32(4, "hypermap width");
        long n = EmLimits.values(file, 0, new long[] {height, width, channels});
        double[] v = new double[(int) n];
        long p = MAP_HEADER;
        double max = 0;
        for (int y = 0; y < height; y++) {
            ReadBudget.check();
            long pixels = b.u32(p, "number of pixels of line " + y);
            if (pixels > width) {
                throw FormatException.atOffset(file, p, "line " + y + " of the hypermap declares " + pixels + " pixels, more than its width "
                        + width);
            }
            p += 4;
            for (int i = 0; i < pixels; i++) {
                long x = b.u32(p, "pixel x");
                int span = b.u16(p + 4, "pixel channel count");
                int flag = b.u16(p + 12, "pixel packing flag");
                int pulses = b.u16(p + 16, "number of pulses");
                int size = b.u16(p + 18, "pixel data size");
                long data = p + PIXEL_HEADER;
                b.need(data, size, "the data of pixel (" + y + ", " + x + ")");
                if (x >= width) {
                    throw FormatException.atOffset(file, p, "a pixel at x = " + x + " in line " + y + ", outside the width " + width);
                }
                int base = (int) ((y * width + x) * channels);
                String at = "pixel (" + y + ", " + x + ")";
                if (flag == 1) {
                    if (pulses * 12L > size * 8L) {
                        throw FormatException.atOffset(file, p, at + " declares " + pulses + " 12-bit pulses in " + size + " bytes");
                    }
                    for (int k = 0; k < pulses; k++) {
                        long bit = 12L * k;
                        int c = 0;
                        for (int d = 0; d < 3; d++) {
                            long nib = bit / 4 + d; // the nib-th hex digit of the words, most significant first
                            int word = b.u16(data + (nib / 4) * 2, "pulse");
                            c = c << 4 | (word >> (12 - 4 * (int) (nib % 4))) & 0xF;
                        }
                        if (c >= channels) {
                            throw FormatException.atOffset(file, data, at + " has a pulse in channel " + c + ", beyond the " + channels
                                    + " channels");
                        }
                        max = Math.max(max, ++v[base + c]);
                    }
                } else if (flag > 1) {
                    if (span > channels) {
                        throw FormatException.atOffset(file, p, at + " spans " + span + " channels, more than the " + channels);
                    }
                    long q = data;
                    long end = data + size;
                    int ch = 0;
                    while (ch < span) {
                        if (q + 2 > end) {
                            throw FormatException.atOffset(file, q, at + ": its packed channels end at channel " + ch + " of " + span);
                        }
                        int bits = b.u8(q, "block size");
                        int count = b.u8(q + 1, "block channels");
                        q += 2;
                        if (ch + count > span) {
                            throw FormatException.atOffset(file, q - 2, at + ": a block of " + count + " channels from channel " + ch
                                    + " passes its " + span + " channels");
                        }
                        if (bits == 0) {
                            ch += count;
                            continue;
                        }
                        if (bits != 1 && bits != 2 && bits != 4) {
                            throw FormatException.atOffset(file, q - 2, at + ": a block of values " + bits * 4 + " bits wide (expected 4, 8 or 16)");
                        }
                        long gain = bits == 1 ? b.u8(q, "gain") : bits == 2 ? b.u16(q, "gain") : b.u32(q, "gain");
                        q += bits;
                        long bytes = bits == 1 ? (count + 1) / 2 : (long) count * bits / 2;
                        if (q + bytes > end) {
                            throw FormatException.atOffset(file, q, at + ": a block of " + count + " channels needs " + bytes
                                    + " bytes past the pixel's data");
                        }
                        for (int k = 0; k < count; k++) {
                            long value = bits == 1 ? (b.u8(q + k / 2, "count") >> (4 * (k % 2))) & 0xF
                                    : bits == 2 ? b.u8(q + k, "count") : b.u16(q + 2L * k, "count");
                            double c = value + gain;
                            v[base + ch + k] += c;
                            max = Math.max(max, v[base + ch + k]);
                        }
                        q += bytes;
                        ch += count;
                    }
                    for (long k = q; k < end; k++) {
                        if (b.u8(k, "pixel trailer") != 0) {
                            throw FormatException.atOffset(file, k, at + " ends with data after its packed channels (additional pulses?)"
                                    + " that this reader does not decode");
                        }
                    }
                } else {
                    throw FormatException.atOffset(file, p + 12, at + " has the packing flag 0, which this reader does not know");
                }
                p = data + size;
            }
        }
        double w = dx != null && dx > 0 ? dx : 1;
        double h = dy != null && dy > 0 ? dy : 1;
        String unit = dx != null && dx > 0 ? "µm" : "";
        List<SignalAxis> axes = List.of(new SignalAxis("height", (int) height, h, 0, unit, true),
                new SignalAxis("width", (int) width, w, 0, unit, true), new SignalAxis("Energy", channels, scale, offset, "keV", false));
        String dtype = max < 256 ? "uint8" : max < 65536 ? "uint16" : "uint32";
        return new Signal("EDX", axes, dtype, v, null, "X-rays (Counts)");
    }

    /** The planes of the overview images (TRTImageData without a name) that hold an image, as 2-D signals. */
    private static List<Signal> images(String file, Element db, Double dx, Double dy) throws FormatException {
        List<Signal> out = new ArrayList<>();
        for (Node k = db.getFirstChild(); k != null; k = k.getNextSibling()) {
            if (!(k instanceof Element e) || !e.getTagName().equals("ClassInstance") || !"TRTImageData".equals(e.getAttribute("Type"))
                    || !e.getAttribute("Name").isEmpty()) {
                continue;
            }
            Double wd = optional(e, "Width");
            Double hd = optional(e, "Height");
            Double item = optional(e, "ItemSize");
            if (wd == null || hd == null || item == null || (item != 1 && item != 2 && item != 4)) {
                continue;
            }
            long w = wd.longValue();
            long h = hd.longValue();
            long n = EmLimits.values(file, 0, new long[] {h, w});
            for (int i = 0; i < EmLimits.MAX_SIGNALS; i++) {
                Element plane = child(e, "Plane" + i, null);
                if (plane == null) {
                    break;
                }
                if (text(plane, "Data") == null) {
                    continue;
                }
                byte[] raw;
                try {
                    raw = Base64.getMimeDecoder().decode(text(plane, "Data"));
                } catch (IllegalArgumentException ex) {
                    throw FormatException.inFile(file, "the overview image plane " + i + " is not base64: " + ex.getMessage());
                }
                int is = item.intValue();
                if (raw.length < n * is) {
                    throw FormatException.inFile(file, "the overview image plane " + i + " holds " + raw.length + " bytes for " + w + " × " + h
                            + " pixels of " + is + " bytes");
                }
                Bytes rb = new Bytes(file, raw, ByteOrder.LITTLE_ENDIAN);
                double[] v = new double[(int) n];
                for (int j = 0; j < n; j++) {
                    v[j] = is == 1 ? rb.u8(j, "pixel") : is == 2 ? rb.u16(2L * j, "pixel") : rb.u32(4L * j, "pixel");
                }
                if (Arrays.stream(v).allMatch(x -> x == 0)) {
                    continue; // a detector channel that recorded nothing (as HyperSpy, which leaves it out too)
                }
                String title = text(plane, "Description");
                boolean calibrated = dx != null && dx > 0 && dy != null && dy > 0;
                List<SignalAxis> axes = List.of(new SignalAxis("height", (int) h, calibrated ? dy : 1, 0, calibrated ? "µm" : "", false),
                        new SignalAxis("width", (int) w, calibrated ? dx : 1, 0, calibrated ? "µm" : "", false));
                out.add(new Signal(title == null ? "" : title, axes, "uint" + 8 * is, v, null, ""));
            }
        }
        return out;
    }

    private static Element xml(String file, byte[] bytes) throws FormatException {
        try {
            Element root = EmXml.parse(bytes).getDocumentElement();
            Element db = child(root, "ClassInstance", "TRTSpectrumDatabase");
            if (db == null) {
                throw FormatException.inFile(file, "EDSDatabase/HeaderData has no <ClassInstance Type=\"TRTSpectrumDatabase\"> under <"
                        + root.getTagName() + ">");
            }
            return db;
        } catch (FormatException e) {
            throw e;
        } catch (Exception e) {
            throw FormatException.inFile(file, "EDSDatabase/HeaderData is not well-formed XML: " + e.getMessage());
        }
    }
}
