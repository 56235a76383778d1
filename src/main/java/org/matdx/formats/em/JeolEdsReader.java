package org.matdx.formats.em;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ObjectNode;

/**
 * JEOL Analysis Station {@code .eds}: one EDS spectrum. JEOL publishes no layout; this follows the
 * one HyperSpy's JEOL reader documents by its reading (our oracle): a fixed little-endian header —
 * acquisition date (OLE days since 1899-12-30), spectrum name, user, live and real time, the
 * calibration {@code CoefA} (keV per channel) and {@code CoefB} (keV at channel 0), the number of
 * channels — then the int32 counts, then a footer of variable length (excluded elements, selected
 * elements with their lines, quantification results) ending in the parameter block with the
 * accelerating voltage and the detector. A footer this reader cannot walk leaves the spectrum
 * readable: its settings are then missing, and the entry says why.
 */
public final class JeolEdsReader implements Reader {
    private static final int CHANNELS_AT = 454;
    private static final int MAX_LIST = 4096;

    @Override
    public String id() {
        return "em.jeol-eds";
    }

    @Override
    public String name() {
        return "JEOL Analysis Station EDS spectrum (.eds)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (fileName == null || !fileName.toLowerCase(Locale.ROOT).endsWith(".eds") || head.length < CHANNELS_AT + 4) {
            return Recognition.NO;
        }
        long channels = (head[CHANNELS_AT] & 0xFFL) | (head[CHANNELS_AT + 1] & 0xFFL) << 8 | (head[CHANNELS_AT + 2] & 0xFFL) << 16
                | (head[CHANNELS_AT + 3] & 0xFFL) << 24;
        return channels >= 1 && channels <= 1 << 16 ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        byte[] bytes = content.readAllBytes();
        Bytes b = new Bytes(fileName, bytes, ByteOrder.LITTLE_ENDIAN);
        double days = b.f64(10, "acquisition date");
        String name = text(b, 18, 80);
        String user = text(b, 98, 32);
        double live = b.f64(258, "live time");
        double real = b.f64(266, "real time");
        double scale = b.f64(362, "calibration CoefA (keV per channel)");
        double offset = b.f64(370, "calibration CoefB (keV at channel 0)");
        long n = b.i32(CHANNELS_AT, "number of channels");
        if (n < 1 || n > 1 << 16) {
            throw FormatException.atOffset(fileName, CHANNELS_AT, n + " channels (expected 1 to 65536)");
        }
        if (!Double.isFinite(scale) || !Double.isFinite(offset) || scale == 0) {
            throw FormatException.atOffset(fileName, 362, "the energy calibration " + scale + " keV per channel from " + offset
                    + " keV is not a calibration");
        }
        b.need(CHANNELS_AT + 4, 4 * n, n + " channel counts");
        double[] y = new double[(int) n];
        for (int i = 0; i < n; i++) {
            y[i] = b.i32(CHANNELS_AT + 4 + 4L * i, "count");
        }
        ObjectNode original = Json.object();
        Double hv = null;
        String detector = null;
        Double azimuth = null;
        Double elevation = null;
        try {
            long p = CHANNELS_AT + 4 + 4 * n + 4;
            long excluded = count(b, p, "excluded elements");
            p += 4 + 2 * excluded;
            long elements = count(b, p, "selected elements");
            p += 4;
            for (int i = 0; i < elements; i++) {
                p += 4 + 2 + 8 + 4 + 14 + 32 + 32 + 4; // mark, Z, marks, ROI, 14 unknown bytes, 4 energies, name, mark
                long lines = count(b, p, "lines of a selected element");
                p += 4;
                for (int j = 0; j < lines; j++) {
                    p += 4 + 8 + 2;
                    p += 1 + b.u8(p, "element name length");
                    p += 1 + b.u8(p, "line name length");
                    p += 4;
                }
            }
            long quanti = count(b, p, "quantification results");
            p += 4;
            if (quanti > 0) {
                p += 4 * 3 + 8 + 4 * 2 + quanti * (4 + 2 + 8 + 8 * 5 + 16 + 8 * 5 + 4 * 2 + 8);
            }
            long marker = b.i32(p, "parameter block marker");
            if (marker != 5) {
                throw FormatException.atOffset(fileName, p, "parameter block marker " + marker + " (expected 5)");
            }
            p += 4;
            String det = text(b, p, 16);
            String sem = text(b, p + 16, 16);
            double kv = b.f64(p + 48, "accelerating voltage");
            long q = p + 48 + 8 + 8 + 38;
            double resolution = b.f64(q, "Mn Kα resolution");
            double wd = b.f64(q + 8, "working distance");
            q += 8 * 6 + 4 + 8 + 2 * 5 + 8;
            double az = b.f64(q, "azimuth angle");
            double el = b.f64(q + 16, "elevation angle");
            // all of the block was there: only now are its values taken
            detector = det;
            hv = kv;
            azimuth = az;
            elevation = el;
            original.put("detector_type", det).put("sem", sem);
            if (Double.isFinite(resolution)) {
                original.put("energy_resolution_MnKa_eV", resolution);
            }
            if (Double.isFinite(wd)) {
                original.put("working_distance", wd);
            }
        } catch (FormatException e) {
            original.put("footer", "not understood (" + e.getMessage() + "): the accelerating voltage and detector are missing");
        }
        if (hv != null && !Double.isFinite(hv)) {
            hv = null;
        }
        original.put("live_time_s", live).put("real_time_s", real);
        if (azimuth != null && Double.isFinite(azimuth)) {
            original.put("azimuth_angle_deg", azimuth);
        }
        if (elevation != null && Double.isFinite(elevation)) {
            original.put("elevation_angle_deg", elevation);
        }
        String date = Double.isFinite(days) && Math.abs(days) < 1e6
                ? LocalDateTime.of(1899, 12, 30, 0, 0).plusSeconds(Math.round(days * 86400)).toString() : null;
        Acquisition acq = new Acquisition(null, hv == null ? null : hv > 30 ? "TEM" : "SEM", null, hv, null, null, null, null,
                Double.isFinite(live) ? live : null, null, detector == null || detector.isBlank() ? null : detector, user, name, date);
        SignalAxis axis = new SignalAxis("Energy", (int) n, scale, offset, "keV", false);
        Signal s = new Signal("EDX", List.of(axis), "int32", y, null, "X-rays (Counts)");
        return List.of(EmRecords.of("jeol-eds", s, acq, original));
    }

    private static long count(Bytes b, long at, String what) throws FormatException {
        long n = b.i32(at, "number of " + what);
        if (n < 0 || n > MAX_LIST) {
            throw FormatException.atOffset(b.file, at, n + " " + what + " (expected 0 to " + MAX_LIST + ")");
        }
        return n;
    }

    private static String text(Bytes b, long at, int length) throws FormatException {
        byte[] raw = b.slice(at, length, "text field");
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8).strip();
    }
}
