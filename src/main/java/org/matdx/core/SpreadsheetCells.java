package org.matdx.core;

import java.util.regex.Pattern;

/**
 * Text made safe to put in a cell of an exported table (CSV, XLSX). A spreadsheet runs a cell that
 * starts with {@code =}, {@code +}, {@code -} or {@code @} as a formula, and a tab or carriage
 * return can shift what follows into one; a title such as {@code =HYPERLINK("http://evil", "x")}
 * would run on the computer of whoever opens the export. As OWASP's "CSV Injection" advice says,
 * such a cell is prefixed with a single quote, which spreadsheets show as text. Plain numbers
 * ({@code -3.2}, {@code -1.0E-5}) stay numbers. The full-width forms of the four characters are
 * treated alike, since spreadsheets in Japanese locales may read them as the ASCII ones.
 */
public final class SpreadsheetCells {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String TRIGGERS = "=+-@\t\r＝＋－＠";

    private SpreadsheetCells() {
    }

    /** The cell's text, with a leading {@code '} when a spreadsheet would otherwise read it as a formula. */
    public static String safe(Object value) {
        String s = value == null ? "" : value.toString();
        if (s.isEmpty() || TRIGGERS.indexOf(s.charAt(0)) < 0 || NUMBER.matcher(s).matches()) {
            return s;
        }
        return "'" + s;
    }
}
