package org.matdx.formats.jcamp;

import java.util.Arrays;

/**
 * Decodes one line of JCAMP-DX ASCII squeezed difference form (JCAMP-DX 4.24, §5.9): AFFN
 * numbers separated by blanks or commas, PAC (a sign separates numbers), SQZ ({@code @A-I},
 * {@code a-i}: first digit with its sign), DIF ({@code %J-R}, {@code j-r}: a difference from the
 * previous value) and DUP ({@code S-Z}, {@code s}: the previous token repeated, count included).
 * {@code ?} marks a missing value (NaN).
 */
final class Asdf {

    /** The numbers on one line, and whether the line ended in difference form (then the next line starts with a Y check value). */
    record Decoded(double[] values, boolean endsInDif) {
    }

    /** A problem at a column of the line; the caller adds the file and the line. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private Asdf() {
    }

    static Decoded decode(String s) throws Invalid {
        return decode(s, Integer.MAX_VALUE - 16);
    }

    /**
     * @param max the most values the line may hold: a repeat count ("DUP") turns a few characters
     *            into millions of values, so the caller passes what its table may still take
     */
    static Decoded decode(String s, int max) throws Invalid {
        double[] out = new double[16];
        int n = 0;
        boolean lastDif = false;
        double lastDelta = 0;
        int i = 0;
        int len = s.length();
        while (i < len) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\r') {
                i++;
                continue;
            }
            double value;
            if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
                int start = i;
                if (c == '+' || c == '-') {
                    i++;
                }
                int digits = 0;
                while (i < len && Character.isDigit(s.charAt(i))) {
                    i++;
                    digits++;
                }
                if (i < len && s.charAt(i) == '.') {
                    i++;
                    while (i < len && Character.isDigit(s.charAt(i))) {
                        i++;
                        digits++;
                    }
                }
                if (digits == 0) {
                    throw new Invalid("column " + (start + 1) + ": expected a number after '" + c + "'");
                }
                // An exponent only when E is followed by a sign and a digit: a bare E is SQZ +5.
                if (i + 2 < len && (s.charAt(i) == 'E' || s.charAt(i) == 'e')
                        && (s.charAt(i + 1) == '+' || s.charAt(i + 1) == '-')
                        && Character.isDigit(s.charAt(i + 2))) {
                    i += 2;
                    while (i < len && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                value = Double.parseDouble(s.substring(start, i));
                lastDif = false;
            } else if (c == '?') {
                i++;
                value = Double.NaN;
                lastDif = false;
            } else if (sqz(c) != Integer.MIN_VALUE) {
                int d = sqz(c);
                int start = ++i;
                while (i < len && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                value = withDigits(d, s, start, i);
                lastDif = false;
            } else if (dif(c) != Integer.MIN_VALUE) {
                if (n == 0) {
                    throw new Invalid("column " + (i + 1) + ": difference '" + c + "' with no value before it");
                }
                int d = dif(c);
                int start = ++i;
                while (i < len && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                lastDelta = withDigits(d, s, start, i);
                value = out[n - 1] + lastDelta;
                lastDif = true;
            } else if (dup(c) != Integer.MIN_VALUE) {
                if (n == 0) {
                    throw new Invalid("column " + (i + 1) + ": repeat '" + c + "' with no value before it");
                }
                int d = dup(c);
                int start = ++i;
                while (i < len && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                long count = (long) withDigits(d, s, start, i);
                if (count > 10_000_000) {
                    throw new Invalid("column " + start + ": repeat count " + count + " is not plausible");
                }
                if (n + count - 1 > max) {
                    throw new Invalid("column " + start + ": repeat count " + count + " makes more than the " + max
                            + " ordinates this table may still hold");
                }
                for (long k = 1; k < count; k++) {
                    double v = lastDif ? out[n - 1] + lastDelta : out[n - 1];
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = v;
                }
                continue;
            } else {
                throw new Invalid("column " + (i + 1) + ": '" + c + "' is not an AFFN, PAC, SQZ, DIF or DUP character");
            }
            if (n >= max) {
                throw new Invalid("column " + (i + 1) + ": more than the " + max + " ordinates this table may still hold");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = value;
        }
        return new Decoded(Arrays.copyOf(out, n), lastDif);
    }

    private static double withDigits(int first, String s, int from, int to) {
        long v = Math.abs(first);
        for (int k = from; k < to; k++) {
            v = v * 10 + (s.charAt(k) - '0');
        }
        return first < 0 ? -v : v;
    }

    /** SQZ: @=0, A..I = 1..9, a..i = -1..-9. */
    static int sqz(char c) {
        if (c == '@') {
            return 0;
        }
        if (c >= 'A' && c <= 'I') {
            return c - 'A' + 1;
        }
        if (c >= 'a' && c <= 'i') {
            return -(c - 'a' + 1);
        }
        return Integer.MIN_VALUE;
    }

    /** DIF: %=0, J..R = 1..9, j..r = -1..-9. */
    static int dif(char c) {
        if (c == '%') {
            return 0;
        }
        if (c >= 'J' && c <= 'R') {
            return c - 'J' + 1;
        }
        if (c >= 'j' && c <= 'r') {
            return -(c - 'j' + 1);
        }
        return Integer.MIN_VALUE;
    }

    /** DUP: S..Z = 1..8, s = 9. */
    static int dup(char c) {
        if (c >= 'S' && c <= 'Z') {
            return c - 'S' + 1;
        }
        if (c == 's') {
            return 9;
        }
        return Integer.MIN_VALUE;
    }
}
