package org.matdx.formats.cif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operations of a space group from its Hall symbol (S. R. Hall, "Space-group notation with an
 * explicit origin", Acta Cryst. A37 (1981) 517–525; International Tables for Crystallography
 * Vol. B, section 1.4, appendix A1.4.2): a lattice symbol ({@code P}, {@code -C}, {@code F} …),
 * up to four generator matrices ({@code 4n}, {@code 2ab}, {@code -1n}, {@code 3*}, {@code 2"},
 * {@code 61}) and an optional origin shift in twelfths ({@code (0 0 1)}). The generators are
 * multiplied out to the whole group, modulo lattice translations, and the centring added.
 *
 * <p>Translations are kept as integers in twelfths of a cell edge, so the group closes exactly.
 */
public final class HallSymbol {
    private static final int[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    /** Proper rotations about z (Hall's Table 3, principal axis c). */
    private static final Map<Integer, int[][]> ABOUT_Z = Map.of(
            1, IDENTITY,
            2, new int[][] {{-1, 0, 0}, {0, -1, 0}, {0, 0, 1}},
            3, new int[][] {{0, -1, 0}, {1, -1, 0}, {0, 0, 1}},
            4, new int[][] {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}},
            6, new int[][] {{1, -1, 0}, {1, 0, 0}, {0, 0, 1}});
    /** Two-fold rotations about the face diagonals a−b (') and a+b (") when the preceding axis is c. */
    private static final int[][] TWO_PRIME_Z = {{0, -1, 0}, {-1, 0, 0}, {0, 0, -1}};
    private static final int[][] TWO_DOUBLE_PRIME_Z = {{0, 1, 0}, {1, 0, 0}, {0, 0, -1}};
    /** Three-fold rotation about the body diagonal a+b+c (*). */
    private static final int[][] THREE_STAR = {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}};

    private static final Map<Character, int[]> TRANSLATION_LETTERS = Map.of(
            'a', new int[] {6, 0, 0}, 'b', new int[] {0, 6, 0}, 'c', new int[] {0, 0, 6}, 'n', new int[] {6, 6, 6},
            'u', new int[] {3, 0, 0}, 'v', new int[] {0, 3, 0}, 'w', new int[] {0, 0, 3}, 'd', new int[] {3, 3, 3});

    private static final Map<Character, int[][]> CENTRING = Map.of(
            'P', new int[][] {},
            'A', new int[][] {{0, 6, 6}},
            'B', new int[][] {{6, 0, 6}},
            'C', new int[][] {{6, 6, 0}},
            'I', new int[][] {{6, 6, 6}},
            'R', new int[][] {{8, 4, 4}, {4, 8, 8}},
            'S', new int[][] {{4, 4, 8}, {8, 8, 4}},
            'T', new int[][] {{4, 8, 4}, {8, 4, 8}},
            'F', new int[][] {{0, 6, 6}, {6, 0, 6}, {6, 6, 0}});

    private HallSymbol() {
    }

    /** A Seitz operator: integer rotation, translation in twelfths reduced into [0, 12). */
    record Seitz(int[][] r, int[] t) {
        Seitz {
            t = new int[] {Math.floorMod(t[0], 12), Math.floorMod(t[1], 12), Math.floorMod(t[2], 12)};
        }

        Seitz times(Seitz o) {
            int[][] m = new int[3][3];
            int[] u = new int[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 3; k++) {
                        m[i][j] += r[i][k] * o.r[k][j];
                    }
                }
                u[i] = r[i][0] * o.t[0] + r[i][1] * o.t[1] + r[i][2] * o.t[2] + t[i];
            }
            return new Seitz(m, u);
        }

        String key() {
            StringBuilder sb = new StringBuilder();
            for (int[] row : r) {
                sb.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append(';');
            }
            return sb.append(t[0]).append(',').append(t[1]).append(',').append(t[2]).toString();
        }

        SymmetryOperation operation() {
            double[][] m = new double[3][3];
            double[] u = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    m[i][j] = r[i][j];
                }
                u[i] = t[i] / 12.0;
            }
            return new SymmetryOperation(m, u);
        }
    }

    /**
     * Every operation of the group the Hall symbol describes.
     *
     * @throws IllegalArgumentException naming what in the symbol is not Hall notation
     */
    public static List<SymmetryOperation> operations(String hall) {
        return seitz(hall).stream().map(Seitz::operation).toList();
    }

    static List<Seitz> seitz(String hall) {
        String s = hall.strip().replace('_', ' ');
        int[] shift = new int[3];
        int paren = s.indexOf('(');
        if (paren >= 0) {
            shift = originShift(hall, s.substring(paren));
            s = s.substring(0, paren).strip();
        }
        String[] tokens = s.split("\\s+");
        if (tokens.length == 0 || tokens[0].isEmpty()) {
            throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: no lattice symbol");
        }
        String lattice = tokens[0];
        boolean centric = lattice.startsWith("-");
        char l = Character.toUpperCase(lattice.charAt(centric ? 1 : 0));
        if (lattice.length() != (centric ? 2 : 1) || !CENTRING.containsKey(l)) {
            throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: lattice '" + lattice + "'");
        }
        if (tokens.length > 5) {
            throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: more than four generators");
        }
        List<Seitz> generators = new ArrayList<>();
        if (centric) {
            generators.add(new Seitz(negate(IDENTITY), new int[3]));
        }
        for (int[] c : CENTRING.get(l)) {
            generators.add(new Seitz(IDENTITY, c));
        }
        int previousOrder = 0;
        char previousAxis = 'z';
        for (int i = 1; i < tokens.length; i++) {
            Generator g = generator(hall, tokens[i], i - 1, previousOrder, previousAxis);
            generators.add(g.seitz());
            previousOrder = g.order();
            previousAxis = g.axis();
        }
        List<Seitz> group = close(hall, generators);
        if (shift[0] != 0 || shift[1] != 0 || shift[2] != 0) {
            // the origin moved by v: (R, t) becomes (R, t + v − R v)
            Seitz to = new Seitz(IDENTITY, shift);
            Seitz back = new Seitz(IDENTITY, new int[] {-shift[0], -shift[1], -shift[2]});
            group = group.stream().map(g -> to.times(g).times(back)).toList();
        }
        return group;
    }

    private record Generator(Seitz seitz, int order, char axis) {
    }

    private static Generator generator(String hall, String token, int index, int previousOrder, char previousAxis) {
        int p = 0;
        boolean improper = token.charAt(0) == '-';
        if (improper) {
            p++;
        }
        if (p >= token.length() || "12346".indexOf(token.charAt(p)) < 0) {
            throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: '" + token + "' does not start with 1, 2, 3, 4 or 6");
        }
        int n = token.charAt(p++) - '0';
        char axis = 0;
        if (p < token.length() && "xyz'\"*".indexOf(token.charAt(p)) >= 0) {
            axis = token.charAt(p++);
        }
        if (axis == 0) {
            // Hall's default axes: the first is c; a second 2-fold is a after a 2 or 4, a−b after a 3 or 6; a third 3-fold is a+b+c
            if (index == 0) {
                axis = 'z';
            } else if (index == 1 && n == 2) {
                axis = previousOrder == 2 || previousOrder == 4 ? 'x' : '\'';
            } else if (index == 2 && n == 3) {
                axis = '*';
            } else if (n == 1) {
                axis = 'z';
            } else {
                throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: '" + token + "' needs an axis");
            }
        }
        int[][] r = rotation(hall, token, n, axis, previousAxis);
        int[] t = new int[3];
        for (; p < token.length(); p++) {
            char c = token.charAt(p);
            int[] letter = TRANSLATION_LETTERS.get(c);
            if (letter != null) {
                add(t, letter);
            } else if (c >= '1' && c <= '5' && (axis == 'x' || axis == 'y' || axis == 'z') && c - '0' < n) {
                int step = 12 * (c - '0') / n; // a screw: the digit's fraction of a turn along the axis
                t[axis - 'x'] += step;
            } else {
                throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: '" + c + "' in '" + token + "'");
            }
        }
        return new Generator(new Seitz(improper ? negate(r) : r, t), n, axis == '\'' || axis == '"' || axis == '*' ? previousAxis : axis);
    }

    private static int[][] rotation(String hall, String token, int n, char axis, char previousAxis) {
        return switch (axis) {
            case 'x', 'y', 'z' -> about(axis, ABOUT_Z.get(n));
            case '\'', '"' -> {
                if (n != 2) {
                    throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: " + axis + " goes with a 2-fold, not '" + token + "'");
                }
                yield about(previousAxis, axis == '\'' ? TWO_PRIME_Z : TWO_DOUBLE_PRIME_Z);
            }
            case '*' -> {
                if (n != 3) {
                    throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: * goes with a 3-fold, not '" + token + "'");
                }
                yield THREE_STAR;
            }
            default -> throw new IllegalStateException();
        };
    }

    /** A matrix written for axis c, turned to act about {@code axis} by the cyclic permutation that takes c there. */
    private static int[][] about(char axis, int[][] m) {
        int shift = switch (axis) {
            case 'x' -> 1;
            case 'y' -> 2;
            default -> 0;
        };
        int[][] out = new int[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[(i + shift) % 3][(j + shift) % 3] = m[i][j];
            }
        }
        return out;
    }

    private static int[] originShift(String hall, String text) {
        String inner = text.strip();
        if (!inner.endsWith(")")) {
            throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: the origin shift is not closed");
        }
        String[] parts = inner.substring(1, inner.length() - 1).strip().split("[\\s,]+");
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: the origin shift needs three numbers");
        }
        int[] v = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + hall + "' is not a Hall symbol: origin shift '" + parts[i] + "'");
            }
        }
        return v;
    }

    private static List<Seitz> close(String hall, List<Seitz> generators) {
        Map<String, Seitz> group = new LinkedHashMap<>();
        Seitz e = new Seitz(IDENTITY, new int[3]);
        group.put(e.key(), e);
        for (Seitz g : generators) {
            group.putIfAbsent(g.key(), g);
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            List<Seitz> now = List.copyOf(group.values());
            for (Seitz a : now) {
                for (Seitz b : now) {
                    Seitz c = a.times(b);
                    if (group.putIfAbsent(c.key(), c) == null) {
                        grew = true;
                        if (group.size() > 192) {
                            throw new IllegalArgumentException("'" + hall + "' generates more than 192 operations: not a space group");
                        }
                    }
                }
            }
        }
        return List.copyOf(group.values());
    }

    private static int[][] negate(int[][] m) {
        int[][] out = new int[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i][j] = -m[i][j];
            }
        }
        return out;
    }

    private static void add(int[] t, int[] u) {
        for (int i = 0; i < 3; i++) {
            t[i] += u[i];
        }
    }

    /** The symbol folded for comparison: no blanks or underscores, upper case. */
    static String fold(String symbol) {
        return symbol.replace(" ", "").replace("_", "").toUpperCase(Locale.ROOT);
    }
}
