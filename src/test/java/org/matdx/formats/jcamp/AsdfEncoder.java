package org.matdx.formats.jcamp;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-side writer of {@code ##XYDATA=(X++(Y..Y))} in each ASDF form, written from the
 * JCAMP-DX 4.24 tables (not from the reader), so a round trip checks the reader against an
 * independent encoder. X on each line is the point index (FIRSTX=0, ΔX=1).
 */
final class AsdfEncoder {
    enum Form { AFFN, PAC, SQZ, DIF, DIFDUP, SQZDUP }

    private AsdfEncoder() {
    }

    static List<String> encode(int[] y, Form form, int perLine, boolean finalCheckLine) {
        List<String> lines = new ArrayList<>();
        int n = y.length;
        int i = 0;
        boolean prevDif = false;
        while (i < n) {
            int start = prevDif ? i - 1 : i;
            int end = Math.min(n, start + perLine);
            if (prevDif && end <= i) {
                end = i + 1;
            }
            StringBuilder sb = new StringBuilder().append(start);
            List<String> tokens = new ArrayList<>();
            for (int k = start; k < end; k++) {
                tokens.add(switch (form) {
                    case AFFN -> " " + y[k];
                    case PAC -> (y[k] >= 0 ? "+" : "") + y[k];
                    case SQZ, SQZDUP -> sqz(y[k]);
                    case DIF, DIFDUP -> k == start ? sqz(y[k]) : dif(y[k] - y[k - 1]);
                });
            }
            if (form == Form.DIFDUP || form == Form.SQZDUP) {
                tokens = dup(tokens);
            }
            tokens.forEach(sb::append);
            lines.add(sb.toString());
            prevDif = (form == Form.DIF || form == Form.DIFDUP) && end - start > 1;
            i = end;
        }
        if (finalCheckLine && prevDif) {
            lines.add((n - 1) + sqz(y[n - 1]));
        }
        return lines;
    }

    /** SQZ: the first digit becomes @, A–I (positive) or a–i (negative). */
    static String sqz(long v) {
        String d = Long.toString(Math.abs(v));
        int first = d.charAt(0) - '0';
        char c = v < 0 ? (char) ('a' + first - 1) : first == 0 ? '@' : (char) ('A' + first - 1);
        return c + d.substring(1);
    }

    /** DIF: the first digit becomes %, J–R (positive) or j–r (negative). */
    static String dif(long v) {
        String d = Long.toString(Math.abs(v));
        int first = d.charAt(0) - '0';
        char c = v < 0 ? (char) ('j' + first - 1) : first == 0 ? '%' : (char) ('J' + first - 1);
        return c + d.substring(1);
    }

    /** DUP: a run of r equal tokens becomes the token and r written with S–Z, s for its first digit. */
    static List<String> dup(List<String> tokens) {
        List<String> out = new ArrayList<>();
        int k = 0;
        while (k < tokens.size()) {
            int r = 1;
            while (k + r < tokens.size() && tokens.get(k + r).equals(tokens.get(k)) && k > 0) {
                r++;
            }
            String t = tokens.get(k);
            if (r > 1) {
                String d = Integer.toString(r);
                int first = d.charAt(0) - '0';
                t += (first == 9 ? "s" : String.valueOf((char) ('S' + first - 1))) + d.substring(1);
            }
            out.add(t);
            k += r;
        }
        return out;
    }

    static String file(int[] y, Form form, int perLine, boolean finalCheckLine, double yFactor) {
        StringBuilder sb = new StringBuilder();
        sb.append("##TITLE=round trip ").append(form).append("\r\n");
        sb.append("##JCAMP-DX=4.24 $$ test encoder\r\n");
        sb.append("##DATA TYPE=INFRARED SPECTRUM\r\n");
        sb.append("##XUNITS=1/CM\r\n##YUNITS=ABSORBANCE\r\n");
        sb.append("##XFACTOR=1\r\n##YFACTOR=").append(yFactor).append("\r\n");
        sb.append("##FIRSTX=0\r\n##LASTX=").append(y.length - 1).append("\r\n");
        sb.append("##NPOINTS=").append(y.length).append("\r\n");
        sb.append("##FIRSTY=").append(y[0] * yFactor).append("\r\n");
        sb.append("##XYDATA=(X++(Y..Y))\r\n");
        for (String l : encode(y, form, perLine, finalCheckLine)) {
            sb.append(l).append("\r\n");
        }
        sb.append("##END=\r\n");
        return sb.toString();
    }
}
