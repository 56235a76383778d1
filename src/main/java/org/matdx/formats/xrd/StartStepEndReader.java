package org.matdx.formats.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Quantities;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron (and older X-ray) powder patterns written as a 2θ start, step and end followed by the
 * intensities only, several a line: the {@code .dat} files of ILL D1A/D2B and PSI DMC as FullProf
 * and RIET7/LHPM read them (title lines, then {@code start step end} within the first six lines).
 * The point count is fixed by start, step and end, so a file with more or fewer intensities is
 * refused with both numbers — except twice as many whose second half are the counting esds of the
 * first: PSI DMC/HRPT write all intensities, then all their esds (as Fox/ObjCryst's DMC import
 * reads them). Layout: FullProf manual (instrument codes for ILL D1A/D2B and PSI DMC),
 * and xylib's description of the RIET7/ILL_D1A5/PSI_DMC family (read for the layout).
 */
public final class StartStepEndReader implements Reader {
    private static final int HEADER_LINES = 6;

    @Override
    public String id() {
        return "powder.start-step-end";
    }

    @Override
    public String name() {
        return "Powder pattern as start, step, end + intensities (ILL D1A/D2B, PSI DMC .dat)";
    }

    /** Where the start-step-end line is among the first lines, or −1. */
    private static int rangeLine(List<String> lines) {
        for (int i = 0; i < Math.min(HEADER_LINES, lines.size() - 1); i++) {
            double[] v = leadingNumbers(lines.get(i));
            if (v.length < 3 || v[1] <= 0) {
                continue;
            }
            double count = (v[2] - v[0]) / v[1] + 1;
            // the line after has a different shape (intensities), else this is a table of triples
            if (count >= 4 && Math.abs(count - Math.rint(count)) < 1e-2 && leadingNumbers(lines.get(i + 1)).length != v.length) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".dat")) {
            return Recognition.NO; // .dat is used by many instruments: name and content must both fit
        }
        List<String> lines = new String(head, StandardCharsets.ISO_8859_1).lines().limit(HEADER_LINES + 1).toList();
        return rangeLine(lines) >= 0 ? Recognition.CONTENT : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        List<String> lines = new String(content.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        int at = rangeLine(lines);
        if (at < 0) {
            throw FormatException.inFile(fileName, "no line of 2θ start, step and end (with a whole number of steps) in the first "
                    + HEADER_LINES + " lines");
        }
        double[] range = leadingNumbers(lines.get(at));
        int n = (int) Math.rint((range[2] - range[0]) / range[1]) + 1;
        DoubleColumns y = new DoubleColumns(1);
        for (int i = at + 1; i < lines.size(); i++) {
            if ((i & 1023) == 0) {
                ReadBudget.check();
            }
            String t = lines.get(i).strip();
            if (t.isEmpty()) {
                continue;
            }
            for (String f : t.split("[\\s,]+")) {
                double v;
                try {
                    v = Double.parseDouble(f);
                } catch (NumberFormatException e) {
                    throw FormatException.atLine(fileName, i + 1, "'" + f + "' is not a number (intensities expected after line " + (at + 1) + ")");
                }
                if (!Double.isFinite(v)) {
                    throw FormatException.atLine(fileName, i + 1, "'" + f + "' is not a finite number");
                }
                if (y.size() >= 4 * n) {
                    throw FormatException.atLine(fileName, i + 1, "more than " + n + " intensities for " + n + " steps");
                }
                y.add(new double[] {v});
            }
        }
        double[] values = y.column(0);
        double[] intensities = values;
        double[] esds = null;
        if (values.length == 2 * n && poissonEsds(Arrays.copyOf(values, n), Arrays.copyOfRange(values, n, 2 * n))) {
            // PSI DMC/HRPT: all intensities, then all their esds in the same order
            intensities = Arrays.copyOf(values, n);
            esds = Arrays.copyOfRange(values, n, 2 * n);
        } else if (values.length != n) {
            throw FormatException.inFile(fileName, "line " + (at + 1) + " gives " + n + " steps (" + range[0] + " to " + range[2]
                    + " by " + range[1] + ") but " + values.length + " numbers follow"
                    + (values.length == 2 * n ? "; twice as many, but the second half is not the esds of the first (PSI DMC"
                    + " writes the intensities, then their esds); it could be detector counts with intensities (ILL D1A/D2B), and"
                    + " the file does not say which" : ""));
        }
        double[] x = XrdAxes.between(range[0], range[2], n);
        ObjectNode meta = new XrdMetadata("start-step-end powder .dat").range(XrdAxes.TWO_THETA, range[0], range[2], range[1])
                .integer("points", n).build();
        List<String> header = new ArrayList<>(lines.subList(0, at));
        if (!header.isEmpty()) {
            meta.put("title", header.get(0).strip());
            var h = meta.putArray("header");
            header.forEach(l -> h.add(l.strip()));
        }
        double[] extra = leadingNumbers(lines.get(at));
        if (extra.length > 3) {
            var rest = meta.putArray("range_line_values");
            for (double v : extra) {
                rest.add(v);
            }
        }
        meta.put("scan_axis", XrdAxes.TWO_THETA);
        List<Axis> ys = new ArrayList<>(List.of(XrdAxes.intensity(XrdAxes.COUNTS, intensities)));
        if (esds != null) {
            ys.add(new Axis(Quantities.INTENSITY_ESD, XrdAxes.COUNTS, esds));
            meta.put("layout", "intensities, then their esds (PSI DMC/HRPT)");
        }
        Series s = new Series("pattern", XrdAxes.x(XrdAxes.TWO_THETA, x), ys);
        return List.of(new Parsed(EntryKind.MEASUREMENT, header.isEmpty() ? null : header.get(0).strip(), null, List.of(s), null,
                null, meta));
    }

    /**
     * Whether {@code esd} reads as the counting-statistics esds of {@code intensity}: none negative,
     * and esd ∝ √I — on log scales a slope between 0.35 and 0.65 over a pattern whose intensities
     * span at least a factor 4, nine in ten points within a factor 3 of the fit (√N scaled by one
     * monitor normalisation, as DMC writes them). A repeated scan (slope 1), detector numbers
     * interleaved with intensities (ILL D1A/D2B pairs) or a flat pattern (nothing to tell by) fail it.
     */
    static boolean poissonEsds(double[] intensity, double[] esd) {
        int m = 0;
        double[] lx = new double[intensity.length];
        double[] ly = new double[intensity.length];
        for (int i = 0; i < intensity.length; i++) {
            if (esd[i] < 0) {
                return false;
            }
            if (intensity[i] > 0 && esd[i] > 0) {
                lx[m] = Math.log(intensity[i]);
                ly[m++] = Math.log(esd[i]);
            }
        }
        if (m < Math.max(4, intensity.length / 2)) {
            return false;
        }
        double mx = 0;
        double my = 0;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < m; i++) {
            mx += lx[i] / m;
            my += ly[i] / m;
            lo = Math.min(lo, lx[i]);
            hi = Math.max(hi, lx[i]);
        }
        if (hi - lo < Math.log(4)) {
            return false;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < m; i++) {
            sxy += (lx[i] - mx) * (ly[i] - my);
            sxx += (lx[i] - mx) * (lx[i] - mx);
        }
        double slope = sxy / sxx;
        if (slope < 0.35 || slope > 0.65) {
            return false;
        }
        int close = 0;
        for (int i = 0; i < m; i++) {
            if (Math.abs(ly[i] - (my + slope * (lx[i] - mx))) <= Math.log(3)) {
                close++;
            }
        }
        return close >= 0.9 * m;
    }

    /** The numbers a line starts with (stopping at the first word that is not one). */
    private static double[] leadingNumbers(String line) {
        String[] f = line.strip().split("[\\s,]+");
        double[] v = new double[f.length];
        int k = 0;
        for (String s : f) {
            try {
                v[k] = Double.parseDouble(s);
                if (!Double.isFinite(v[k])) {
                    break;
                }
                k++;
            } catch (NumberFormatException e) {
                break;
            }
        }
        return Arrays.copyOf(v, k);
    }
}
