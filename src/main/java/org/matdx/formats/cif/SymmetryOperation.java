package org.matdx.formats.cif;

import java.util.Locale;

/**
 * A space-group operation in Jones-faithful notation, e.g. {@code -x+1/2,y,-z+1/2} or
 * {@code x-y,x,z+1/3}: a rotation part (integer matrix) and a translation (fractions).
 */
public record SymmetryOperation(double[][] rotation, double[] translation) {

    public SymmetryOperation {
        rotation = new double[][] {rotation[0].clone(), rotation[1].clone(), rotation[2].clone()};
        translation = translation.clone();
    }

    public static final SymmetryOperation IDENTITY =
            new SymmetryOperation(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[3]);

    /**
     * Parses "x,y,z"-style text. Accepts coefficients ({@code 2x}, {@code 1/2+x}), decimal
     * translations ({@code x+0.5}) and spaces anywhere.
     *
     * @throws IllegalArgumentException with a short reason when the text is not an operation
     */
    public static SymmetryOperation parse(String text) {
        String s = text.replace(" ", "").replace("\t", "").toLowerCase(Locale.ROOT);
        String[] parts = s.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text + "' is not a symmetry operation (needs three comma-separated parts)");
        }
        double[][] r = new double[3][3];
        double[] t = new double[3];
        for (int row = 0; row < 3; row++) {
            parseComponent(text, parts[row], r[row], t, row);
        }
        return new SymmetryOperation(r, t);
    }

    private static void parseComponent(String text, String part, double[] rotRow, double[] t, int row) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has an empty part");
        }
        int i = 0;
        int n = part.length();
        while (i < n) {
            double sign = 1;
            char c = part.charAt(i);
            if (c == '+' || c == '-') {
                sign = c == '-' ? -1 : 1;
                i++;
            }
            int start = i;
            while (i < n && (Character.isDigit(part.charAt(i)) || part.charAt(i) == '.' || part.charAt(i) == '/')) {
                i++;
            }
            String number = part.substring(start, i);
            if (i < n && "xyz".indexOf(part.charAt(i)) >= 0) {
                double coeff = number.isEmpty() ? 1 : fraction(text, number);
                rotRow[part.charAt(i) - 'x'] += sign * coeff;
                i++;
                if (i < n && part.charAt(i) == '*') {
                    throw new IllegalArgumentException("'" + text + "': unexpected '*'");
                }
            } else if (i < n && part.charAt(i) == '*' && i + 1 < n && "xyz".indexOf(part.charAt(i + 1)) >= 0 && !number.isEmpty()) {
                rotRow[part.charAt(i + 1) - 'x'] += sign * fraction(text, number);
                i += 2;
            } else if (!number.isEmpty()) {
                t[row] += sign * fraction(text, number);
            } else {
                throw new IllegalArgumentException("'" + text + "': unexpected '" + (i < n ? part.charAt(i) : ' ') + "'");
            }
        }
    }

    private static double fraction(String text, String number) {
        try {
            int slash = number.indexOf('/');
            if (slash < 0) {
                return Double.parseDouble(number);
            }
            return Double.parseDouble(number.substring(0, slash)) / Double.parseDouble(number.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + number + "' is not a number");
        }
    }

    /**
     * The same text for the same operation however it was written: rotation, and translation
     * reduced into [0, 1) and rounded (so {@code x+1/2} and {@code x-1/2} agree).
     */
    public String key() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                sb.append(rotation[i][j]).append(',');
            }
            double t = translation[i] - Math.floor(translation[i]);
            long micro = Math.round(t * 1e6) % 1_000_000;
            sb.append(micro).append(';');
        }
        return sb.toString();
    }

    /** Applies the operation to fractional coordinates (not wrapped into the cell). */
    public double[] apply(double[] f) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = rotation[i][0] * f[0] + rotation[i][1] * f[1] + rotation[i][2] * f[2] + translation[i];
        }
        return out;
    }

    /** This operation after {@code first}: x → this(first(x)). */
    public SymmetryOperation compose(SymmetryOperation first) {
        double[][] r = new double[3][3];
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    r[i][j] += rotation[i][k] * first.rotation[k][j];
                }
            }
            t[i] = rotation[i][0] * first.translation[0] + rotation[i][1] * first.translation[1]
                    + rotation[i][2] * first.translation[2] + translation[i];
        }
        return new SymmetryOperation(r, t);
    }
}
