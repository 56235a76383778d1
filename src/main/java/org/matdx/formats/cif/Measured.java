package org.matdx.formats.cif;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CIF number with its standard uncertainty, e.g. {@code 5.37706(9)} → 5.37706 ± 0.00009: the
 * digits in brackets count in units of the value's last decimal place (CIF 1.1, paragraph 15).
 *
 * @param uncertainty the standard uncertainty, or NaN when none is given
 */
record Measured(double value, double uncertainty) {
    private static final Pattern NUMBER =
            Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+))([eE][+-]?\\d+)?(?:\\((\\d+)\\))?");

    /** Parses a numeric CIF value; null when the text is not a number. */
    static Measured parse(String text) {
        Matcher m = NUMBER.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        String mantissa = m.group(1);
        int exponent = m.group(2) == null ? 0 : Integer.parseInt(m.group(2).substring(1).replace("+", ""));
        double value = Double.parseDouble(mantissa + (m.group(2) == null ? "" : m.group(2)));
        double su = Double.NaN;
        if (m.group(3) != null) {
            int dot = mantissa.indexOf('.');
            int decimals = dot < 0 ? 0 : mantissa.length() - dot - 1;
            su = Long.parseLong(m.group(3)) * Math.pow(10, exponent - decimals);
        }
        return new Measured(value, su);
    }

    boolean hasUncertainty() {
        return !Double.isNaN(uncertainty);
    }
}
