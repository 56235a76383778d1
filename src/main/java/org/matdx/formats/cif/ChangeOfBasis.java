package org.matdx.formats.cif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A change of basis without origin shift, (a', b', c') = (a, b, c)·P (International Tables Vol. A,
 * section 1.5.1): the columns of {@code p} are the new basis vectors in the old basis. Only the
 * unimodular integer matrices of the setting changes of ITA Table 4.3.2.1 (axis permutations,
 * monoclinic cell choices) are needed, so the inverse is integer too and operations stay exact.
 */
record ChangeOfBasis(int[][] p, int[][] inverse) {
    static final ChangeOfBasis IDENTITY = columns(new int[] {1, 0, 0}, new int[] {0, 1, 0}, new int[] {0, 0, 1});

    /** From the new basis vectors written in the old basis. */
    static ChangeOfBasis columns(int[] a, int[] b, int[] c) {
        int[][] p = new int[3][3];
        for (int i = 0; i < 3; i++) {
            p[i][0] = a[i];
            p[i][1] = b[i];
            p[i][2] = c[i];
        }
        return new ChangeOfBasis(p, invert(p));
    }

    /**
     * An ITA setting symbol for the axes: {@code ba-c} means a' = b, b' = a, c' = −c; a vector may be a
     * sum such as {@code -a-c}, written with commas between vectors ({@code -a-c,b,a}).
     */
    static ChangeOfBasis of(String axes) {
        List<int[]> vectors = new ArrayList<>();
        if (axes.contains(",")) {
            for (String v : axes.split(",")) {
                vectors.add(vector(v.strip()));
            }
        } else {
            int sign = 1;
            for (char ch : axes.toCharArray()) {
                if (ch == '-') {
                    sign = -1;
                    continue;
                }
                int[] v = new int[3];
                v[ch - 'a'] = sign;
                vectors.add(v);
                sign = 1;
            }
        }
        if (vectors.size() != 3) {
            throw new IllegalArgumentException("'" + axes + "' does not name three basis vectors");
        }
        return columns(vectors.get(0), vectors.get(1), vectors.get(2));
    }

    private static int[] vector(String s) {
        int[] v = new int[3];
        int sign = 1;
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '-' -> sign = -1;
                case '+' -> sign = 1;
                case 'a', 'b', 'c' -> {
                    v[ch - 'a'] += sign;
                    sign = 1;
                }
                default -> throw new IllegalArgumentException("'" + s + "' is not a sum of a, b and c");
            }
        }
        return v;
    }

    /** This change followed by {@code then} (whose vectors are written in this change's new basis). */
    ChangeOfBasis then(ChangeOfBasis then) {
        int[][] m = multiply(p, then.p);
        return new ChangeOfBasis(m, invert(m));
    }

    /** The operation in the new basis: W' = P⁻¹ W P, w' = P⁻¹ w. */
    HallSymbol.Seitz apply(HallSymbol.Seitz op) {
        return new HallSymbol.Seitz(multiply(inverse, multiply(op.r(), p)), toNew(op.t()));
    }

    /** A vector (translation, in any unit) in the new basis: P⁻¹ v. */
    int[] toNew(int[] v) {
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = inverse[i][0] * v[0] + inverse[i][1] * v[1] + inverse[i][2] * v[2];
        }
        return out;
    }

    /** Which old axis the new axis {@code i} lies along (0–2), or −1 when it is a combination of axes. */
    int oldAxisOf(int i) {
        int found = -1;
        for (int k = 0; k < 3; k++) {
            if (p[k][i] != 0) {
                if (found >= 0 || Math.abs(p[k][i]) != 1) {
                    return -1;
                }
                found = k;
            }
        }
        return found;
    }

    boolean isIdentity() {
        return Arrays.deepEquals(p, IDENTITY.p);
    }

    /** In ITA notation, the new vectors in the old basis: {@code -a-c,b,a}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 3; j++) {
            if (j > 0) {
                sb.append(',');
            }
            StringBuilder v = new StringBuilder();
            for (int k = 0; k < 3; k++) {
                int c = p[k][j];
                if (c != 0) {
                    v.append(c < 0 ? "-" : v.isEmpty() ? "" : "+").append(Math.abs(c) == 1 ? "" : Math.abs(c)).append((char) ('a' + k));
                }
            }
            sb.append(v);
        }
        return sb.toString();
    }

    private static int[][] multiply(int[][] x, int[][] y) {
        int[][] m = new int[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    m[i][j] += x[i][k] * y[k][j];
                }
            }
        }
        return m;
    }

    private static int[][] invert(int[][] m) {
        int det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if (Math.abs(det) != 1) {
            throw new IllegalArgumentException("a setting change must keep the cell volume (det " + det + ")");
        }
        int[][] inv = new int[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int[] r = {(j + 1) % 3, (j + 2) % 3};
                int[] c = {(i + 1) % 3, (i + 2) % 3};
                inv[i][j] = (m[r[0]][c[0]] * m[r[1]][c[1]] - m[r[0]][c[1]] * m[r[1]][c[0]]) * det;
            }
        }
        return inv;
    }
}
