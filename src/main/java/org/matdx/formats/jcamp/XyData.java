package org.matdx.formats.jcamp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.matdx.formats.FormatException;
import org.matdx.formats.ReadBudget;

/**
 * Decodes {@code (X++(Y..Y))} data: each line starts with an X value followed by ordinates at
 * equally spaced X in any ASDF form. Checks what the specification lets a reader check: after a
 * line that ends in DIF form the next line's first ordinate repeats the last one (the Y check
 * value), each line's X matches FIRSTX + i·ΔX, the number of ordinates equals NPOINTS and the
 * first ordinate equals FIRSTY.
 */
final class XyData {

    /** What the header says about the data, in file units (after the factors). */
    record Params(Double firstX, Double lastX, Double deltaX, double xFactor, double yFactor, Integer npoints, Double firstY) {
    }

    /** Decoded values, already multiplied by the factors. */
    record Values(double[] x, double[] y, List<String> warnings) {
        Values(double[] x, double[] y) {
            this(x, y, List.of());
        }
    }

    private XyData() {
    }

    /**
     * Ordinates one table may hold (128 MiB of doubles): spectra of 2^20 points are common, of 2^24
     * unheard of, and repeat counts would otherwise let a few bytes claim gigabytes.
     */
    static final int MAX_ORDINATES = 1 << 24;

    static Values decode(String file, Ldr ldr, Params p) throws FormatException {
        if (p.firstX() == null) {
            throw FormatException.atLine(file, ldr.line(), "##" + ldr.raw().strip() + " needs ##FIRSTX= (the X of the first ordinate)");
        }
        double delta = Double.NaN;
        if (p.npoints() != null && p.npoints() > 1 && p.lastX() != null) {
            delta = (p.lastX() - p.firstX()) / (p.npoints() - 1);
        } else if (p.deltaX() != null) {
            delta = p.deltaX();
        }
        // NPOINTS sizes the array only up to a bound: a broken header must not allocate gigabytes.
        double[] y = new double[p.npoints() != null ? Math.min(Math.max(p.npoints(), 1), 1 << 20) : 1024];
        int count = 0;
        boolean checkNext = false;
        List<String> warnings = new ArrayList<>();
        int lastLineIndex = 0;
        double lastLineX = 0;
        int lastLine = ldr.line();
        for (Ldr.DataLine dl : ldr.data()) {
            ReadBudget.check();
            if (dl.text().isBlank()) {
                continue;
            }
            lastLine = dl.line();
            Asdf.Decoded d;
            try {
                // a line holds its X, a check value and new ordinates up to what the table may still take
                int room = (p.npoints() != null ? Math.min(p.npoints(), MAX_ORDINATES) : MAX_ORDINATES) - count + 2;
                d = Asdf.decode(dl.text(), Math.max(room, 2));
            } catch (Asdf.Invalid e) {
                throw FormatException.atLine(file, dl.line(), e.getMessage());
            }
            double[] v = d.values();
            if (v.length == 0) {
                continue;
            }
            int from = 1;
            int index = count;
            if (checkNext) {
                if (v.length < 2) {
                    throw FormatException.atLine(file, dl.line(), "expected the Y check value (the previous line ends in DIF form), found only an X value");
                }
                double expected = y[count - 1] / p.yFactor();
                boolean trailing = v.length == 2 && p.npoints() != null && count == p.npoints();
                if (!same(v[1], expected) && trailing) {
                    // A closing line after all NPOINTS ordinates (Spectrafile writes "X@"): no data depend on it.
                    warnings.add("line " + dl.line() + ": trailing Y check value " + fmt(v[1]) + " does not match the last ordinate "
                            + fmt(expected) + "; ignored because all " + count + " ordinates were read");
                } else if (!same(v[1], expected)) {
                    throw FormatException.atLine(file, dl.line(), "Y check value " + fmt(v[1]) + " does not match the last ordinate "
                            + fmt(expected) + " of the previous line: the DIF data are corrupt");
                }
                from = 2;
                index = count - 1;
            }
            if (!Double.isNaN(delta)) {
                double expectedX = p.firstX() + index * delta;
                double actualX = v[0] * p.xFactor();
                double tolerance = 0.5 * Math.abs(delta) + Math.abs(p.xFactor()) + 1e-9 * Math.abs(expectedX);
                // Some writers (e.g. Spectrafile) give a check line the X of its first new point rather than of the check value.
                boolean ok = Math.abs(actualX - expectedX) <= tolerance
                        || (checkNext && Math.abs(actualX - (expectedX + delta)) <= tolerance);
                if (!ok) {
                    throw FormatException.atLine(file, dl.line(), "X value " + fmt(v[0]) + " (× XFACTOR = " + fmt(actualX)
                            + ") does not match point " + (index + 1) + " at X = " + fmt(expectedX) + " (FIRSTX + i·ΔX)");
                }
            }
            lastLineIndex = index;
            lastLineX = v[0] * p.xFactor();
            int add = v.length - from;
            if (p.npoints() != null && count + add > p.npoints()) {
                throw FormatException.atLine(file, dl.line(), "more ordinates than ##NPOINTS=" + p.npoints());
            }
            if (count + add > y.length) {
                y = Arrays.copyOf(y, Math.max(y.length * 2, count + add));
            }
            for (int k = from; k < v.length; k++) {
                y[count++] = v[k] * p.yFactor();
            }
            checkNext = d.endsInDif();
        }
        if (p.npoints() != null && count != p.npoints()) {
            throw FormatException.atLine(file, lastLine, "expected ##NPOINTS=" + p.npoints() + " ordinates in the ##"
                    + ldr.raw().strip() + " that starts at line " + ldr.line() + ", found " + count);
        }
        if (count == 0) {
            throw FormatException.atLine(file, ldr.line(), "##" + ldr.raw().strip() + " holds no ordinates");
        }
        y = Arrays.copyOf(y, count);
        if (p.firstY() != null && !Double.isNaN(y[0])) {
            // FIRSTY is often written with three significant digits (NIST), so the check allows 1 %.
            double tol = Math.abs(p.yFactor()) + 1e-2 * Math.abs(p.firstY());
            if (Math.abs(y[0] - p.firstY()) > tol) {
                throw FormatException.atLine(file, ldr.data().isEmpty() ? ldr.line() : ldr.data().get(0).line(),
                        "first ordinate " + fmt(y[0]) + " (× YFACTOR) differs from ##FIRSTY=" + fmt(p.firstY()));
            }
        }
        double[] x = new double[count];
        double step;
        if (count > 1 && p.lastX() != null) {
            step = (p.lastX() - p.firstX()) / (count - 1);
        } else if (!Double.isNaN(delta)) {
            step = delta;
        } else if (lastLineIndex > 0) {
            // Neither LASTX nor DELTAX: the spacing follows from the X values the lines start with.
            step = (lastLineX - p.firstX()) / lastLineIndex;
        } else {
            step = 0;
        }
        for (int i = 0; i < count; i++) {
            x[i] = p.firstX() + i * step;
        }
        if (count > 1 && p.lastX() != null) {
            x[count - 1] = p.lastX();
        }
        return new Values(x, y, List.copyOf(warnings));
    }

    /**
     * Decodes {@code (XY..XY)}, {@code (XYW..XYW)}, {@code (XYM..XYM)} groups: AFFN numbers, groups
     * separated by blanks or semicolons, members by commas. Returns X and Y (after the factors).
     */
    static Values table(String file, Ldr ldr, int width, double xFactor, double yFactor, Integer npoints) throws FormatException {
        double[] flat = new double[256];
        int n = 0;
        int lastLine = ldr.line();
        for (Ldr.DataLine dl : ldr.data()) {
            ReadBudget.check();
            String t = dl.text().strip();
            if (t.isEmpty()) {
                continue;
            }
            lastLine = dl.line();
            for (String tok : t.split("[\\s,;]+")) {
                if (tok.isEmpty()) {
                    continue;
                }
                double v;
                if (tok.equals("?")) {
                    v = Double.NaN;
                } else {
                    try {
                        v = Double.parseDouble(tok);
                    } catch (NumberFormatException e) {
                        throw FormatException.atLine(file, dl.line(), "expected a number in the (XY..XY) table, found '" + tok + "'");
                    }
                }
                if (n == flat.length) {
                    flat = Arrays.copyOf(flat, n * 2);
                }
                flat[n++] = v;
            }
        }
        if (n % width != 0) {
            throw FormatException.atLine(file, lastLine, "the table has " + n + " numbers, not a whole number of "
                    + width + "-value groups: a value is missing");
        }
        int points = n / width;
        if (npoints != null && points != npoints) {
            throw FormatException.atLine(file, lastLine, "expected ##NPOINTS=" + npoints + " points in the table that starts at line "
                    + ldr.line() + ", found " + points);
        }
        if (points == 0) {
            throw FormatException.atLine(file, ldr.line(), "##" + ldr.raw().strip() + " holds no points");
        }
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = flat[i * width] * xFactor;
            y[i] = flat[i * width + 1] * yFactor;
        }
        return new Values(x, y);
    }

    /** Peak assignments {@code (XYA)}, {@code (XYWA)}, {@code (XYMA)}: one parenthesised tuple each; X and Y are its first two members. */
    static Values assignments(String file, Ldr ldr, Integer npoints) throws FormatException {
        StringBuilder all = new StringBuilder();
        for (Ldr.DataLine dl : ldr.data()) {
            all.append(dl.text()).append('\n');
        }
        var m = Pattern.compile("\\(([^()]*)\\)").matcher(all);
        List<double[]> rows = new ArrayList<>();
        while (m.find()) {
            String[] parts = m.group(1).split(",", -1);
            double xv = number(parts.length > 0 ? parts[0] : "");
            double yv = parts.length > 1 ? number(parts[1]) : Double.NaN;
            if (Double.isNaN(xv)) {
                int line = ldr.line() + 1 + (int) all.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw FormatException.atLine(file, line, "expected an X value in the assignment '(" + m.group(1).strip() + ")'");
            }
            rows.add(new double[] {xv, yv});
        }
        if (npoints != null && rows.size() != npoints) {
            throw FormatException.atLine(file, ldr.line(), "expected ##NPOINTS=" + npoints + " assignments, found " + rows.size());
        }
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i)[0];
            y[i] = rows.get(i)[1];
        }
        return new Values(x, y);
    }

    static Double parseNumber(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replaceAll("\\s+", "");
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double number(String s) {
        Double d = parseNumber(s);
        return d == null ? Double.NaN : d;
    }

    private static boolean same(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
