package org.matdx.ingest.readers.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Series;
import org.matdx.ingest.FormatException;
import org.matdx.ingest.Parsed;
import org.matdx.ingest.Reader;
import org.matdx.ingest.Recognition;
import tools.jackson.databind.node.ArrayNode;

/**
 * Generic two-column XRD text (.xy, .xye, .txt, .csv, .dat): 2θ and intensity, and a third column
 * taken as the intensity's standard uncertainty (esd). Tolerates a UTF-8 BOM, comment lines starting
 * with {@code #}, {@code ;} or {@code !}, header lines before the first number (e.g.
 * {@code 2theta,counts}), separators comma, semicolon, tab or whitespace, and a missing final
 * newline. A decimal comma is accepted only when it cannot be a separator: the columns are separated
 * by tabs, semicolons or spaces and no value has a decimal point.
 *
 * <p>Recognition never claims CONTENT: many instrument formats are columns of numbers underneath,
 * and their own readers should win.
 */
public final class XyReader implements Reader {
    private static final Pattern LINES = Pattern.compile("\r\n|\r|\n");
    private static final Pattern ANY = Pattern.compile("[\\s,;]+");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][-+]?\\d+)?");
    private static final Set<String> EXTENSIONS = Set.of("xy", "xye", "txt", "csv", "dat", "asc");

    @Override
    public String id() {
        return "xrd.xy";
    }

    @Override
    public String name() {
        return "Two-column XRD text (2θ, intensity)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (head == null || head.length == 0) {
            return Recognition.NO;
        }
        String text = Text.decode(Arrays.copyOf(head, Math.min(head.length, 8192))).text();
        int numeric = 0;
        for (String line : LINES.split(text)) {
            String l = line.strip();
            if (l.isEmpty() || isComment(l)) {
                continue;
            }
            String[] t = ANY.split(l);
            if (t.length >= 2 && t.length <= 3 && Arrays.stream(t).allMatch(XyReader::isNumber)) {
                numeric++;
            } else if (numeric > 0) {
                break;
            }
            if (numeric >= 3) {
                break;
            }
        }
        if (numeric == 0) {
            return Recognition.NO;
        }
        String ext = Text.extension(fileName);
        return EXTENSIONS.contains(ext) || ext.isEmpty() ? Recognition.NAME : Recognition.NO;
    }

    private static boolean isNumber(String t) {
        return !t.isEmpty() && NUMBER.matcher(t).matches();
    }

    private static boolean isComment(String l) {
        char c = l.charAt(0);
        return c == '#' || c == ';' || c == '!' || l.startsWith("//");
    }

    /** How the data lines are split, decided once from the data lines so every line is read alike. */
    private enum Separator {
        TAB("\\s*\\t\\s*"), SEMICOLON("\\s*;\\s*"), WHITESPACE("\\s+"), COMMA("\\s*,\\s*");

        final Pattern pattern;

        Separator(String regex) {
            this.pattern = Pattern.compile(regex);
        }
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        String text = Text.decode(content.readAllBytes()).text();
        String[] lines = Text.lines(text);
        // Pass 1: find data lines (after any header) and decide separator and decimal mark.
        int firstData = -1;
        List<String> header = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || isComment(l)) {
                if (firstData < 0 && !l.isEmpty()) {
                    header.add(l);
                }
                continue;
            }
            if (looksNumeric(l)) {
                firstData = i;
                break;
            }
            header.add(l);
        }
        if (firstData < 0) {
            throw FormatException.inFile(fileName, "no data lines: expected lines of 2θ and intensity");
        }
        Separator sep = Separator.WHITESPACE;
        boolean anyDot = false;
        boolean anyComma = false;
        for (int i = firstData; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || isComment(l)) {
                continue;
            }
            if (l.indexOf('\t') >= 0) {
                sep = Separator.TAB;
            } else if (l.indexOf(';') >= 0 && sep != Separator.TAB) {
                sep = Separator.SEMICOLON;
            }
            anyDot |= l.indexOf('.') >= 0;
            anyComma |= l.indexOf(',') >= 0;
        }
        if (sep == Separator.WHITESPACE && anyComma) {
            // "10.5,123" (comma separator) or "10,5 123,4" (decimal comma, space separator)?
            String l0 = lines[firstData].strip();
            boolean spaceSplits = l0.split("\\s+").length >= 2;
            sep = spaceSplits && !anyDot ? Separator.WHITESPACE : Separator.COMMA;
        }
        boolean decimalComma = anyComma && !anyDot && sep != Separator.COMMA;
        // Pass 2: the numbers.
        int columns = -1;
        double[][] cols = new double[3][lines.length - firstData];
        int n = 0;
        for (int i = firstData; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || isComment(l)) {
                continue;
            }
            String[] t = sep.pattern.split(l, -1);
            if (t.length > 1 && t[t.length - 1].isEmpty() && sep != Separator.WHITESPACE) {
                t = Arrays.copyOf(t, t.length - 1); // a trailing separator, as spreadsheets write
            }
            if (columns < 0) {
                columns = t.length;
                if (columns < 2 || columns > 3) {
                    throw FormatException.atLine(fileName, i + 1, "expected 2 or 3 columns (2θ, intensity[, esd]), found " + columns);
                }
            } else if (t.length != columns) {
                throw FormatException.atLine(fileName, i + 1, "expected " + columns + " columns, found " + t.length);
            }
            for (int c = 0; c < columns; c++) {
                String tok = decimalComma ? t[c].replace(',', '.') : t[c];
                try {
                    cols[c][n] = Double.parseDouble(tok);
                } catch (NumberFormatException e) {
                    throw FormatException.atLine(fileName, i + 1, "column " + (c + 1) + ": expected a number, found '"
                            + (t[c].length() > 40 ? t[c].substring(0, 40) + "…" : t[c]) + "'");
                }
                if (!Double.isFinite(cols[c][n])) {
                    throw FormatException.atLine(fileName, i + 1, "column " + (c + 1) + ": '" + t[c] + "' is not a finite number");
                }
            }
            n++;
        }
        double[] x = Arrays.copyOf(cols[0], n);
        List<Axis> y = new ArrayList<>();
        y.add(XrdAxes.intensity(XrdAxes.COUNTS, Arrays.copyOf(cols[1], n)));
        if (columns == 3) {
            y.add(new Axis("intensity_esd", XrdAxes.COUNTS, Arrays.copyOf(cols[2], n)));
        }
        Series s = new Series("scan", XrdAxes.x(XrdAxes.TWO_THETA, x), y);
        XrdMetadata m = new XrdMetadata("xy");
        m.text("separator", sep.name().toLowerCase(Locale.ROOT));
        m.text("decimal_mark", decimalComma ? "comma" : "point");
        m.range(XrdAxes.TWO_THETA, x[0], x[n - 1], n > 1 ? (x[n - 1] - x[0]) / (n - 1) : null);
        m.integer("points", n);
        m.integer("scans", 1);
        if (columns == 3) {
            m.text("third_column", "intensity_esd");
        }
        if (!header.isEmpty()) {
            ArrayNode h = m.node.putArray("header");
            header.stream().limit(50).forEach(h::add);
        }
        return List.of(new Parsed(EntryKind.MEASUREMENT, null, null, List.of(s), null, null, m.build()));
    }

    private static boolean looksNumeric(String l) {
        String[] t = ANY.split(l);
        if (t.length < 2) {
            return false;
        }
        return isNumber(t[0]) && isNumber(t[1]);
    }
}
