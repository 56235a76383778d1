package org.matdx.formats.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bruker (Siemens) DIFFRAC RAW, binary little-endian, in its four generations, each identified by its
 * magic bytes:
 * <ul>
 *   <li>v1 {@code "RAW "} (DIFFRAC-AT): ranges of a 152-byte header (steps, time per step, step size,
 *       scan mode, start, θ/χ/φ starts, 32-byte sample name, Kα1, Kα2, a "following range" flag)
 *       followed by float32 counts;</li>
 *   <li>v2 {@code "RAW2"}: a 256-byte file header (range count at 4, date at 168, anode at 188, Kα1,
 *       Kα2 and their ratio as float32 at 190/194/198) and ranges with their own header length;</li>
 *   <li>v3 {@code "RAW1.01"} (DIFFRAC<sup>plus</sup>): a 712-byte file header (range count at 12,
 *       date/time, user, site, sample id, anode at 608, float64 wavelengths at 616–648) and 304-byte
 *       range headers (steps at 4, start 2θ at 16, step at 176, time per step at 192, record size at
 *       252, supplementary header size at 256);</li>
 *   <li>v4 {@code "RAW4.00"} (DIFFRAC.SUITE): a 61-byte preamble, then a chain of (uint32 kind, uint32
 *       length) segments — kind 10 text items, kind 30 the X-ray source — where kind 0 or 160 starts a
 *       range: a 160-byte header (scan type at 32, start at 72, step at 80, points at 88, time per step
 *       in ms at 92, record size at 136, size of its drive segments at 140), the drive segments, then the
 *       records, whose first float32 is the intensity.</li>
 * </ul>
 * Layouts as published in the DIFFRAC<sup>plus</sup> XCH manual, appendix A, and as described by the
 * open readers xylib and GSAS-II (read for the layout; this implementation is our own).
 */
public final class BrukerRawReader implements Reader {

    @Override
    public String id() {
        return "xrd.bruker-raw";
    }

    @Override
    public String name() {
        return "Bruker RAW (v1–v4)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (version(head) > 0) {
            return Recognition.CONTENT;
        }
        return Recognition.NO; // ".raw" is used by many unrelated instruments: only the magic decides
    }

    static int version(byte[] b) {
        if (b == null || b.length < 4 || b[0] != 'R' || b[1] != 'A' || b[2] != 'W') {
            return 0;
        }
        if (b[3] == ' ') {
            return 1;
        }
        if (b[3] == '2') {
            return 2;
        }
        if (b.length >= 7 && b[3] == '1' && b[4] == '.' && b[5] == '0' && b[6] == '1') {
            return 3;
        }
        if (b.length >= 7 && b[3] == '4' && b[4] == '.' && b[5] == '0' && b[6] == '0') {
            return 4;
        }
        return 0;
    }

    /** One range (scan) of the file. */
    private record Range(double start, double step, double[] counts, Double timePerStep, String scanType, Map<String, Double> drives) {
    }

    /** Bounds-checked little-endian access that reports the byte offset of what is missing. */
    private static final class Bytes {
        final String file;
        final ByteBuffer b;

        Bytes(String file, byte[] bytes) {
            this.file = file;
            this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        int size() {
            return b.capacity();
        }

        void need(long offset, long length, String what) throws FormatException {
            if (offset < 0 || offset + length > b.capacity()) {
                throw FormatException.atOffset(file, Math.min(offset, b.capacity()), "expected " + what + " (" + length
                        + " bytes) but the file ends at byte " + b.capacity() + ": truncated");
            }
        }

        long u32(int off, String what) throws FormatException {
            need(off, 4, what);
            return Integer.toUnsignedLong(b.getInt(off));
        }

        int u16(int off, String what) throws FormatException {
            need(off, 2, what);
            return Short.toUnsignedInt(b.getShort(off));
        }

        double f32(int off, String what) throws FormatException {
            need(off, 4, what);
            return b.getFloat(off);
        }

        double f64(int off, String what) throws FormatException {
            need(off, 8, what);
            return b.getDouble(off);
        }

        String text(int off, int len, String what) throws FormatException {
            need(off, len, what);
            int end = off;
            while (end < off + len && b.get(end) != 0) {
                end++;
            }
            byte[] s = new byte[end - off];
            b.get(off, s);
            return new String(s, StandardCharsets.ISO_8859_1).strip();
        }
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        byte[] bytes = content.readAllBytes();
        int v = version(bytes);
        if (v == 0) {
            throw FormatException.atOffset(fileName, 0, "expected the magic \"RAW \", \"RAW2\", \"RAW1.01\" or \"RAW4.00\"");
        }
        Bytes b = new Bytes(fileName, bytes);
        XrdMetadata m = new XrdMetadata("bruker-raw");
        m.text("format_version", Integer.toString(v));
        List<Range> ranges = switch (v) {
            case 1 -> v1(b, m);
            case 2 -> v2(b, m);
            case 3 -> v3(b, m);
            default -> v4(b, m);
        };
        if (ranges.isEmpty()) {
            throw FormatException.inFile(fileName, "the file holds no ranges");
        }
        List<Series> series = new ArrayList<>();
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            String axis = XrdAxes.axisName(r.scanType);
            series.add(new Series(ranges.size() == 1 ? "scan" : "range " + (i + 1),
                    XrdAxes.x(axis, XrdAxes.stepped(r.start, r.step, r.counts.length)),
                    List.of(XrdAxes.intensity(XrdAxes.COUNTS, r.counts))));
            ObjectNode s = Json.object();
            s.put("start", r.start);
            s.put("step", r.step);
            s.put("points", r.counts.length);
            if (r.scanType != null) {
                s.put("scan_type", r.scanType);
            }
            if (r.timePerStep != null) {
                s.put("time_per_step_s", r.timePerStep);
            }
            r.drives.forEach((k, d) -> s.put(k.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_start", d));
            list.add(s);
        }
        Range r0 = ranges.get(0);
        int n0 = r0.counts.length;
        m.text("scan_axis", r0.scanType);
        String axis = XrdAxes.axisName(r0.scanType);
        m.range(axis, r0.start, r0.start + (n0 - 1) * r0.step, r0.step);
        m.number("time_per_step_s", r0.timePerStep);
        m.integer("points", n0);
        m.integer("scans", ranges.size());
        m.node.set("scan_list", list);
        String title = m.node.has("sample_name") ? m.node.get("sample_name").asString() : null;
        return List.of(new Parsed(EntryKind.MEASUREMENT, title, null, series, null, null, m.build()));
    }

    private static double[] floats(Bytes b, int off, long n, int stride, String what) throws FormatException {
        if (n > Integer.MAX_VALUE / Math.max(stride, 4)) {
            throw FormatException.atOffset(b.file, off, what + ": implausible point count " + n);
        }
        b.need(off, n * stride, n + " " + what); // whole records: a cut inside the last one is a truncation too
        double[] y = new double[(int) n];
        for (int i = 0; i < n; i++) {
            y[i] = b.b.getFloat(off + i * stride);
        }
        return y;
    }

    // v1: each range starts with its own header; early files repeat "RAW " before further ranges.
    private static List<Range> v1(Bytes b, XrdMetadata m) throws FormatException {
        List<Range> out = new ArrayList<>();
        int off = 4;
        long following = 1;
        while (following != 0) {
            if (!out.isEmpty() && b.size() >= off + 4 && b.u32(off, "magic") == 0x20574152L) { // "RAW " again
                off += 4;
            }
            long steps = b.u32(off, "range " + (out.size() + 1) + " step count");
            double time = b.f32(off + 4, "time per step");
            double step = b.f32(off + 8, "step size");
            long mode = b.u32(off + 12, "scan mode");
            double start = b.f32(off + 20, "start angle");
            Map<String, Double> drives = new LinkedHashMap<>();
            putDrive(drives, "theta", b.f32(off + 24, "theta start"));
            putDrive(drives, "chi", b.f32(off + 28, "chi start"));
            putDrive(drives, "phi", b.f32(off + 32, "phi start"));
            String sample = b.text(off + 36, 32, "sample name");
            double ka1 = b.f32(off + 68, "K-alpha1");
            double ka2 = b.f32(off + 72, "K-alpha2");
            following = b.u32(off + 148, "following-range flag");
            double[] y = floats(b, off + 152, steps, 4, "float32 counts");
            if (out.isEmpty()) {
                m.text("sample_name", sample);
                m.wavelengths(ka1, ka2, null, null);
                m.integer("scan_mode_code", mode);
            }
            out.add(new Range(start, step, y, time, mode == 0 ? "step" : null, drives));
            off += 152 + (int) steps * 4;
            if (following != 0 && off >= b.size()) {
                throw FormatException.atOffset(b.file, off, "range " + out.size() + " announces a following range but the file ends: truncated");
            }
        }
        return out;
    }

    private static void putDrive(Map<String, Double> drives, String name, double v) {
        if (v != -1e6 && Double.isFinite(v)) { // -1e6 marks "drive not used"
            drives.put(name, v);
        }
    }

    private static List<Range> v2(Bytes b, XrdMetadata m) throws FormatException {
        int ranges = b.u16(4, "range count");
        m.text("measured_at", b.text(168, 20, "measurement date"));
        m.text("anode", b.text(188, 2, "anode"));
        m.wavelengths(b.f32(190, "K-alpha1"), b.f32(194, "K-alpha2"), null, b.f32(198, "K-alpha2/K-alpha1 ratio"));
        m.number("total_time_s", b.f32(210, "total time"));
        List<Range> out = new ArrayList<>();
        int off = 256;
        for (int i = 0; i < ranges; i++) {
            int hlen = b.u16(off, "range " + (i + 1) + " header length");
            if (hlen < 48) {
                throw FormatException.atOffset(b.file, off, "range " + (i + 1) + " header length " + hlen + ", expected at least 48");
            }
            int steps = b.u16(off + 2, "step count");
            double time = b.f32(off + 8, "time per step");
            double step = b.f32(off + 12, "step size");
            double start = b.f32(off + 16, "start angle");
            double[] y = floats(b, off + hlen, steps, 4, "float32 counts of range " + (i + 1));
            out.add(new Range(start, step, y, time, null, Map.of()));
            off += hlen + steps * 4;
        }
        return out;
    }

    private static List<Range> v3(Bytes b, XrdMetadata m) throws FormatException {
        long ranges = b.u32(12, "range count");
        b.need(0, 712, "the 712-byte file header");
        String date = b.text(16, 10, "date");
        String time = b.text(26, 10, "time");
        m.text("measured_at", UsDateTime.iso((date + " " + time).strip()));
        m.text("operator", b.text(36, 72, "user"));
        m.text("site", b.text(108, 218, "site"));
        m.text("sample_name", b.text(326, 60, "sample id"));
        m.text("comment", b.text(386, 160, "comment"));
        m.number("goniometer_radius_mm", positive(b.f32(564, "goniometer radius")));
        m.text("anode", b.text(608, 4, "anode"));
        m.wavelengths(b.f64(624, "K-alpha1"), b.f64(632, "K-alpha2"), b.f64(640, "K-beta"), b.f64(648, "K-alpha2/K-alpha1 ratio"));
        m.number("k_alpha_average", positive(b.f64(616, "K-alpha average")));
        List<Range> out = new ArrayList<>();
        int off = 712;
        for (int i = 0; i < ranges; i++) {
            long hlen = b.u32(off, "range " + (i + 1) + " header length");
            if (hlen < 260) {
                throw FormatException.atOffset(b.file, off, "range " + (i + 1) + " header length " + hlen + ", expected 304");
            }
            long steps = b.u32(off + 4, "step count");
            Map<String, Double> drives = new LinkedHashMap<>();
            putDrive(drives, "theta", b.f64(off + 8, "theta start"));
            double start = b.f64(off + 16, "start 2theta");
            double step = b.f64(off + 176, "step size");
            double tps = b.f32(off + 192, "time per step");
            long record = b.u32(off + 252, "data record size");
            long supplementary = b.u32(off + 256, "supplementary header size");
            int stride = record >= 4 && record < 1024 ? (int) record : 4;
            if (i == 0) {
                m.number("tube_voltage_kv", positive(b.u32(off + 224, "generator voltage")));
                m.number("tube_current_ma", positive(b.u32(off + 228, "generator current")));
            }
            long dataAt = off + hlen + supplementary;
            if (dataAt > b.size()) {
                throw FormatException.atOffset(b.file, off, "range " + (i + 1) + ": header (" + hlen + " bytes) and supplementary headers ("
                        + supplementary + " bytes) run past the end of the file at byte " + b.size() + ": truncated or corrupt");
            }
            int data = (int) dataAt;
            double[] y = floats(b, data, steps, stride, "float32 counts of range " + (i + 1));
            out.add(new Range(start, step, y, tps > 0 ? tps : null, "2Theta", drives));
            off = data + (int) steps * stride;
        }
        return out;
    }

    private static List<Range> v4(Bytes b, XrdMetadata m) throws FormatException {
        b.need(0, 61, "the 61-byte preamble");
        String date = b.text(12, 12, "date");
        String time = b.text(24, 10, "time");
        m.text("measured_at", (date + " " + time).strip());
        Map<String, String> items = new LinkedHashMap<>();
        List<Range> out = new ArrayList<>();
        int off = 61;
        while (off < b.size()) {
            long kind = b.u32(off, "segment kind");
            if (kind == 0 || kind == 160) {
                RangeAt r = v4Range(b, off, out.size() + 1, m, out.isEmpty());
                out.add(r.range());
                off = r.end();
                continue;
            }
            long len = b.u32(off + 4, "segment length");
            if (len < 8 || off + len > b.size()) {
                throw FormatException.atOffset(b.file, off, "segment of kind " + kind + " claims " + len + " bytes; the file has "
                        + (b.size() - off) + " left: truncated or corrupt");
            }
            if (kind == 10 && len > 36) {
                items.put(b.text(off + 12, 24, "item name"), b.text(off + 36, (int) len - 36, "item value"));
            } else if (kind == 30 && len >= 120) {
                m.wavelengths(b.f64(off + 80, "K-alpha1"), b.f64(off + 88, "K-alpha2"), b.f64(off + 96, "K-beta"),
                        b.f64(off + 104, "K-alpha2/K-alpha1 ratio"));
                m.number("k_alpha_average", positive(b.f64(off + 72, "K-alpha average")));
                m.text("anode", b.text(off + 116, 4, "anode"));
            }
            off += (int) len;
        }
        m.text("operator", items.get("USER"));
        m.text("site", items.get("SITE"));
        m.text("sample_name", items.get("SAMPLEID"));
        m.text("comment", items.get("COMMENT"));
        m.text("software", items.get("CREATOR"));
        return out;
    }

    /** A v4 range and the offset where the segment chain resumes after its records. */
    private record RangeAt(Range range, int end) {
    }

    private static RangeAt v4Range(Bytes b, int off, int index, XrdMetadata m, boolean first) throws FormatException {
        b.need(off, 160, "the 160-byte header of range " + index);
        String scanType = b.text(off + 32, 24, "scan type");
        double start = b.f64(off + 72, "start angle");
        double step = b.f64(off + 80, "step size");
        long points = b.u32(off + 88, "point count");
        double stepTimeMs = b.f32(off + 92, "time per step");
        long record = b.u32(off + 136, "data record size");
        long drivesSize = b.u32(off + 140, "drive segments size");
        if (record < 4 || record > 1 << 16) {
            throw FormatException.atOffset(b.file, off + 136, "range " + index + ": data record size " + record + ", expected at least 4");
        }
        Map<String, Double> drives = new LinkedHashMap<>();
        int d = off + 160;
        int end = (int) Math.min((long) off + 160 + drivesSize, Integer.MAX_VALUE);
        b.need(d, drivesSize, "the drive segments of range " + index);
        while (d < end) {
            long kind = b.u32(d, "drive segment kind");
            long len = b.u32(d + 4, "drive segment length");
            if (len < 8 || d + len > end) {
                throw FormatException.atOffset(b.file, d, "range " + index + ": drive segment of " + len + " bytes overruns the header");
            }
            if (kind == 50 && len >= 64) {
                putDrive(drives, b.text(d + 12, 24, "drive name"), b.f64(d + 56, "drive start"));
            }
            d += (int) len;
        }
        if (first) {
            m.number("tube_voltage_kv", positive(b.f32(off + 100, "generator voltage")));
            m.number("tube_current_ma", positive(b.f32(off + 104, "generator current")));
            m.number("used_wavelength_angstrom", positive(b.f64(off + 112, "used wavelength")));
        }
        double[] y = floats(b, end, points, (int) record, "records of range " + index);
        // GSAS-II's description gives the step time in milliseconds (a 7,134-step scan in our corpus says 310).
        return new RangeAt(new Range(start, step, y, stepTimeMs > 0 ? stepTimeMs / 1000.0 : null, scanType, drives),
                (int) (end + points * record));
    }

    private static Double positive(double v) {
        return v > 0 && Double.isFinite(v) ? v : null;
    }
}
