package org.matdx.formats.xps;

import java.util.List;
import org.matdx.formats.FormatException;

/** A cursor over the lines of a line-per-value format (VAMAS), so every error names its line. */
final class Lines {
    private final String file;
    private final List<String> lines;
    private int next;

    Lines(String file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** 1-based number of the line {@link #text} will return next. */
    int lineNo() {
        return next + 1;
    }

    int remaining() {
        return lines.size() - next;
    }

    boolean atEnd() {
        return next >= lines.size();
    }

    String text(String what) throws FormatException {
        if (next >= lines.size()) {
            throw FormatException.atLine(file, lines.size() + 1L, "file ends where " + what + " was expected: the file is truncated");
        }
        return lines.get(next++).strip();
    }

    int integer(String what) throws FormatException {
        int at = lineNo();
        String t = text(what);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw FormatException.atLine(file, at, "expected " + what + " (an integer), found '" + clip(t) + "'");
        }
    }

    double number(String what) throws FormatException {
        int at = lineNo();
        String t = text(what);
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw FormatException.atLine(file, at, "expected " + what + " (a number), found '" + clip(t) + "'");
        }
    }

    FormatException error(int line, String problem) {
        return FormatException.atLine(file, line, problem);
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
