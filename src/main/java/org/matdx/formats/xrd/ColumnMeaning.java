package org.matdx.formats.xrd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.core.Quantities;
import org.matdx.core.Quantities.Named;

/**
 * What the columns of a two-column text file are, as the file itself says: a titles row (and a
 * units row under it), a {@code # Labels: [Temperature] [Rw]} line, a Fit2D {@code .chi} title,
 * a commented titles line just above the numbers, or a {@code Scantype:} header. When the file says
 * nothing, the x axis is {@link Quantities#UNKNOWN} — except for a bare {@code .xy}/{@code .xye}
 * scan whose x values lie within 0–180, which by the GSAS/FullProf/TOPAS convention of those
 * extensions is 2θ; {@code source} then says it was assumed.
 *
 * @param columns one name and unit per column, x first
 * @param source  where the x meaning came from: {@code column titles}, {@code labels}, {@code chi header},
 *                {@code scan type}, {@code assumed from the .xy convention}, {@code not stated}
 */
record ColumnMeaning(List<Named> columns, String source) {

    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)\\]");

    Named x() {
        return columns.get(0);
    }

    static ColumnMeaning of(String fileName, int width, List<String> titles, boolean chi, Map<String, String> header,
                            String lastComment, double[] x) {
        if (chi && titles.size() >= 2) {
            // Fit2D: title, x-axis label ("2-Theta Angle (Degrees)", "Q (Angstroms^-1)", "Radial distance (mm)"), y label
            Named xs = chiAxis(titles.get(titles.size() - 2));
            Named ys = Quantities.fromLabel(titles.get(titles.size() - 1), null);
            return fill(List.of(xs, ys), width, "chi header");
        }
        String labels = header.get("labels");
        if (labels != null) {
            List<String> names = new ArrayList<>();
            Matcher m = BRACKETED.matcher(labels);
            while (m.find()) {
                names.add(m.group(1));
            }
            if (names.isEmpty()) {
                names = List.of(Text.split(labels));
            }
            if (names.size() >= width) {
                return fill(named(names, null), width, "labels");
            }
        }
        if (!titles.isEmpty()) {
            String[] names = titleFields(titles.get(0));
            String[] units = titles.size() >= 2 ? titleFields(titles.get(1)) : null;
            if (names.length >= width) {
                List<Named> cols = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    cols.add(Quantities.fromLabel(names[i], units != null && units.length == names.length ? units[i] : null));
                }
                // titles outside the vocabulary ("angle,counts") are kept as written: the file named them
                return fill(cols, width, "column titles");
            }
        }
        if (lastComment != null) {
            String[] fields = titleFields(lastComment.replaceFirst("^(//|[#;!%*])+", "").strip());
            if (fields.length == width && Quantities.fromLabel(fields[0], null).known()) {
                return fill(named(List.of(fields), null), width, "column titles");
            }
        }
        String scanType = scanType(header);
        if (scanType != null) {
            String name = XrdAxes.axisName(scanType);
            boolean angle = name.equals(Quantities.TWO_THETA) || name.equals("omega") || name.equals("chi") || name.equals("phi");
            return fill(List.of(new Named(name, angle ? Quantities.DEG : "", true)), width, "scan type");
        }
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if ((lower.endsWith(".xy") || lower.endsWith(".xye")) && within(x, 0, 180)) {
            return fill(List.of(new Named(Quantities.TWO_THETA, Quantities.DEG, true),
                    new Named(Quantities.INTENSITY, Quantities.COUNTS, true)), width, "assumed from the .xy convention");
        }
        return fill(List.of(new Named(Quantities.UNKNOWN, "", false)), width, "not stated");
    }

    /** Fit2D writes the unit in words: "2-Theta Angle (Degrees)", "Q (Angstroms^-1)", "Q (nm^-1)". */
    private static Named chiAxis(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT);
        Named n = Quantities.fromLabel(label, null);
        if (n.known()) {
            return n;
        }
        if (l.startsWith("2-theta") || l.startsWith("2theta") || l.startsWith("two-theta")) {
            return new Named(Quantities.TWO_THETA, Quantities.DEG, true);
        }
        return n;
    }

    private static String scanType(Map<String, String> header) {
        for (String k : List.of("scantype", "scan_type", "scan_axis", "scanaxis", "scan_mode_axis")) {
            String v = header.get(k);
            if (v != null && !v.isBlank()) {
                return v.replace("\"", "").replace("'", "").strip();
            }
        }
        return null;
    }

    private static String[] titleFields(String line) {
        String t = line.strip();
        if (t.indexOf('\t') >= 0) {
            return t.split("\\s*\\t\\s*");
        }
        if (t.indexOf(';') >= 0) {
            return t.split("\\s*;\\s*");
        }
        if (t.indexOf(',') >= 0) {
            return t.split("\\s*,\\s*");
        }
        return t.split("\\s{2,}").length > 1 ? t.split("\\s{2,}") : t.split("\\s+");
    }

    private static List<Named> named(List<String> labels, String unit) {
        return labels.stream().map(l -> Quantities.fromLabel(l, unit)).toList();
    }

    /** The columns given, then the usual meaning of what is left: the intensity and its esd after a diffraction axis. */
    private static ColumnMeaning fill(List<Named> given, int width, String source) {
        List<Named> cols = new ArrayList<>(given.subList(0, Math.min(width, given.size())));
        boolean diffraction = Quantities.isDiffractionAxis(cols.get(0).name());
        while (cols.size() < width) {
            if (cols.size() == 1) {
                cols.add(diffraction ? new Named(Quantities.INTENSITY, Quantities.COUNTS, true) : new Named(Quantities.UNKNOWN, "", false));
            } else {
                Named y = cols.get(1);
                cols.add(new Named(y.known() && y.name().equals(Quantities.INTENSITY) ? Quantities.INTENSITY_ESD : y.name() + "_esd",
                        y.unit(), y.known()));
            }
        }
        return new ColumnMeaning(List.copyOf(cols), source);
    }

    private static boolean within(double[] x, double lo, double hi) {
        for (double v : x) {
            if (!(v >= lo && v <= hi)) {
                return false;
            }
        }
        return true;
    }
}
