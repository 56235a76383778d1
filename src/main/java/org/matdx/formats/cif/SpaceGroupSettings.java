package org.matdx.formats.cif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The non-standard settings of the monoclinic and orthorhombic groups, derived from the standard
 * setting of each group as International Tables Vol. A derives them (Table 4.3.2.1 and section
 * 4.3.2): the same operations in a permuted or re-chosen cell, and the Hermann–Mauguin symbol
 * rewritten for that cell — each symbol position moves with its axis, a glide letter becomes the
 * axis its translation now lies along ({@code n} for a diagonal), the centring letter the face its
 * vector now centres. The symbols follow from the operations, so they cannot disagree with them.
 *
 * <ul>
 * <li>Monoclinic: unique axis b, c or a ({@code abc}, {@code cab}, {@code bca}), cell choices 1–3
 * ((a, b, c), (−a−c, b, a), (c, b, −a−c) for unique axis b), and the settings with the other two axes
 * exchanged ({@code -b1} = (c, −b, a) …). ITA's codes: {@code b1} … {@code -a3}.</li>
 * <li>Orthorhombic: the six axis permutations {@code abc}, {@code ba-c}, {@code cab}, {@code -cba},
 * {@code bca}, {@code a-cb}, each for both origin choices where the group has two.</li>
 * </ul>
 * A permutation that gives an earlier setting's symbol again is that setting, as in ITA (P 2 2 21 in
 * ba-c only moves the origin; Pmmm is Pmmm in every cell) and kept once; C m m e and C c c e in abc and
 * ba-c keep both, told apart by their symbols before 2002 (C m m a, C m m b). That leaves spglib's 530.
 */
final class SpaceGroupSettings {
    private static final String[] ORTHORHOMBIC = {"abc", "ba-c", "cab", "-cba", "bca", "a-cb"};
    private static final ChangeOfBasis[] CELL_CHOICE = {ChangeOfBasis.IDENTITY, ChangeOfBasis.of("-a-c,b,a"), ChangeOfBasis.of("c,b,-a-c")};
    private static final ChangeOfBasis SWAP_AC = ChangeOfBasis.of("c-ba");
    private static final Map<Character, String> UNIQUE_AXIS = Map.of('b', "abc", 'c', "cab", 'a', "bca");
    private static final Map<Character, int[]> CENTRING = Map.of('A', new int[] {0, 6, 6}, 'B', new int[] {6, 0, 6},
            'C', new int[] {6, 6, 0}, 'I', new int[] {6, 6, 6});

    private SpaceGroupSettings() {
    }

    /** Every setting of every group: the standard ones as given, the derived ones after each standard one. */
    static List<SpaceGroupSetting> derive(List<SpaceGroupSetting> standard) {
        List<SpaceGroupSetting> out = new ArrayList<>();
        Map<Integer, List<SpaceGroupSetting>> byNumber = new LinkedHashMap<>();
        for (SpaceGroupSetting s : standard) {
            byNumber.computeIfAbsent(s.number(), k -> new ArrayList<>()).add(s);
        }
        byNumber.forEach((number, origins) -> {
            if (number < 3 || number > 74) {
                out.addAll(origins);
                return;
            }
            // ITA's order: each cell, in it each origin choice (P b a n :1, :2, then P n c b :1, :2 …)
            Map<String, SpaceGroupSetting> distinct = new LinkedHashMap<>();
            for (Map.Entry<String, ChangeOfBasis> c : changes(number).entrySet()) {
                for (SpaceGroupSetting s : origins) {
                    SpaceGroupSetting d = transform(s, c.getKey(), c.getValue());
                    distinct.putIfAbsent(d.qualifier() + "|" + d.hermannMauguin() + "|" + d.former(), d);
                }
            }
            out.addAll(distinct.values());
        });
        return List.copyOf(out);
    }

    /** ITA's setting codes of a monoclinic or orthorhombic group, in ITA's order, with their change of basis. */
    private static Map<String, ChangeOfBasis> changes(int number) {
        Map<String, ChangeOfBasis> out = new LinkedHashMap<>();
        if (number >= 16) {
            for (String axes : ORTHORHOMBIC) {
                out.put(axes.equals("abc") ? "" : axes, ChangeOfBasis.of(axes));
            }
            return out;
        }
        for (char axis : new char[] {'b', 'c', 'a'}) {
            ChangeOfBasis permutation = ChangeOfBasis.of(UNIQUE_AXIS.get(axis));
            for (String sign : new String[] {"", "-"}) {
                for (int choice = 1; choice <= 3; choice++) {
                    ChangeOfBasis cell = sign.isEmpty() ? CELL_CHOICE[choice - 1] : CELL_CHOICE[choice - 1].then(SWAP_AC);
                    out.put(sign + axis + choice, cell.then(permutation));
                }
            }
        }
        return out;
    }

    static SpaceGroupSetting transform(SpaceGroupSetting s, String code, ChangeOfBasis c) {
        String origin = s.qualifier();
        String fullCode = code.isEmpty() && s.number() <= 15 ? "b1" : code;
        SpaceGroupSetting d = new SpaceGroupSetting(s.number(), symbol(s.hermannMauguin(), c), origin,
                origin + fullCode, s.hall(), c, s.former() == null ? null : symbol(s.former(), c));
        if (s.number() <= 15 && !hasCellChoices(s)) {
            // P 2, P 21, P m, P 2/m, P 21/m: one cell per unique axis, coded b, c, a as ITA does
            d = new SpaceGroupSetting(d.number(), d.hermannMauguin(), d.qualifier(), fullCode.replaceAll("[-123]", ""),
                    d.hall(), d.basis(), d.former());
        }
        return d;
    }

    private static boolean hasCellChoices(SpaceGroupSetting s) {
        return s.hermannMauguin().charAt(0) != 'P' || s.hermannMauguin().contains("c");
    }

    /**
     * A Hermann–Mauguin symbol in the new cell: lattice letter, then per new axis the entry of the old
     * axis it lies along, with glide letters renamed by where their translation now points.
     */
    static String symbol(String hm, ChangeOfBasis c) {
        String[] parts = hm.split(" ");
        if (parts.length != 4) {
            return hm;
        }
        StringBuilder out = new StringBuilder(lattice(parts[0], c));
        for (int i = 0; i < 3; i++) {
            int k = c.oldAxisOf(i);
            out.append(' ').append(k < 0 ? "1" : entry(parts[k + 1], k, c));
        }
        return out.toString();
    }

    private static String lattice(String letter, ChangeOfBasis c) {
        int[] v = CENTRING.get(letter.charAt(0));
        return v == null ? letter : name(c.toNew(v), true);
    }

    private static String entry(String entry, int axis, ChangeOfBasis c) {
        char plane = entry.charAt(entry.length() - 1);
        if ("abcn".indexOf(plane) < 0) {
            return entry; // m, e, d, and rotation-only entries are the same letters in every permutation
        }
        int[] t = new int[3];
        if (plane == 'n') {
            for (int j = 0; j < 3; j++) {
                t[j] = j == axis ? 0 : 6;
            }
        } else {
            t[plane - 'a'] = 6;
        }
        return entry.substring(0, entry.length() - 1) + name(c.toNew(t), false);
    }

    /** A half-translation (twelfths) by its letter: a glide {@code a}/{@code b}/{@code c}/{@code n}, or a centring {@code A}…{@code I}. */
    private static String name(int[] twelfths, boolean centring) {
        int[] t = {Math.floorMod(twelfths[0], 12), Math.floorMod(twelfths[1], 12), Math.floorMod(twelfths[2], 12)};
        int count = 0;
        int last = -1;
        for (int j = 0; j < 3; j++) {
            if (t[j] != 0) {
                count++;
                last = j;
            }
        }
        if (centring) {
            return count == 3 ? "I" : String.valueOf((char) ('A' + (t[0] == 0 ? 0 : t[1] == 0 ? 1 : 2)));
        }
        return count == 1 ? String.valueOf((char) ('a' + last)) : "n";
    }

    /**
     * The full Hermann–Mauguin symbols of a setting whose short symbol leaves out rotation axes
     * ({@code P 21/n 21/m 21/a} for {@code P n m a}, {@code F 41/d -3 2/m} for {@code F d -3 m},
     * {@code P 63/m 2/m 2/c} for {@code P 63/m m c}): before each plane letter the rotation axis of
     * highest order normal to it, with its screw part, when the group has one. A direction that has
     * both a rotation and a screw axis may be written with either (ITA writes {@code I 2/b 2/c 2/a}
     * but {@code I 21/a -3}), so both spellings are returned; the first prefers the pure rotation, and
     * of screws the smallest ({@code 41} over {@code 43}). Empty when the full symbol is the short one.
     */
    static List<String> fullSymbols(SpaceGroupSetting s) {
        String[] parts = s.hermannMauguin().split(" ");
        int n = s.number();
        int[][] directions = n >= 47 && n <= 74 ? new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
                : n >= 195 ? new int[][] {{0, 0, 1}, {1, 1, 1}, {1, -1, 0}}
                : n >= 75 && !s.qualifier().equals("R") ? new int[][] {{0, 0, 1}, {1, 0, 0}, {1, -1, 0}}
                : n >= 75 ? new int[][] {{1, 1, 1}, {1, -1, 0}} // rhombohedral axes: R -3 m is R -3 2/m about [1-10]
                : new int[0][];
        if (directions.length == 0) {
            return List.of();
        }
        List<HallSymbol.Seitz> ops = s.seitz();
        List<List<String>> choices = new ArrayList<>();
        choices.add(List.of(parts[0]));
        boolean changed = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (i - 1 >= directions.length || part.isEmpty() || "mabcnde".indexOf(part.charAt(0)) < 0) {
                choices.add(List.of(part));
                continue;
            }
            List<String> axes = rotationAxes(ops, directions[i - 1]);
            if (axes.isEmpty()) {
                choices.add(List.of(part));
                continue;
            }
            changed = true;
            choices.add(axes.stream().map(a -> a + "/" + part).toList());
        }
        if (!changed) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(""));
        for (List<String> c : choices) {
            List<String> next = new ArrayList<>();
            for (String prefix : out) {
                for (String x : c) {
                    next.add(prefix.isEmpty() ? x : prefix + " " + x);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * The rotation axes of highest order along {@code u} the group has, as symbols ({@code 2}, {@code 21},
     * {@code 4}, {@code 41} …), pure first, then screws by their part; empty when there is none.
     */
    private static List<String> rotationAxes(List<HallSymbol.Seitz> ops, int[] u) {
        int order = 0;
        for (HallSymbol.Seitz o : ops) {
            int k = properOrderAbout(o.r(), u);
            order = Math.max(order, k);
        }
        if (order < 2) {
            return List.of();
        }
        double period = latticePeriod(ops, u);
        TreeSet<Integer> screws = new TreeSet<>();
        for (HallSymbol.Seitz o : ops) {
            if (properOrderAbout(o.r(), u) != order) {
                continue;
            }
            // the intrinsic (screw) part of (W, w): (1/k) Σ W^j w, a multiple of the period along u
            double[] t = new double[3];
            int[][] m = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
            for (int j = 0; j < order; j++) {
                for (int a = 0; a < 3; a++) {
                    t[a] += (m[a][0] * o.t()[0] + m[a][1] * o.t()[1] + m[a][2] * o.t()[2]) / (12.0 * order);
                }
                m = multiply(m, o.r());
            }
            int c = u[0] != 0 ? 0 : u[1] != 0 ? 1 : 2;
            double lambda = t[c] / (u[c] * period);
            screws.add(Math.floorMod((int) Math.round(order * lambda), order));
        }
        int k = order;
        return screws.stream().map(x -> x == 0 ? String.valueOf(k) : k + "" + x).toList();
    }

    /** The order of W when it is a proper rotation about u (W u = u, det +1), else 0. */
    private static int properOrderAbout(int[][] w, int[] u) {
        for (int a = 0; a < 3; a++) {
            if (w[a][0] * u[0] + w[a][1] * u[1] + w[a][2] * u[2] != u[a]) {
                return 0;
            }
        }
        int det = w[0][0] * (w[1][1] * w[2][2] - w[1][2] * w[2][1]) - w[0][1] * (w[1][0] * w[2][2] - w[1][2] * w[2][0])
                + w[0][2] * (w[1][0] * w[2][1] - w[1][1] * w[2][0]);
        if (det != 1) {
            return 0;
        }
        int[][] m = w;
        for (int k = 1; k <= 6; k++) {
            if (Arrays.deepEquals(m, new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})) {
                return k;
            }
            m = multiply(m, w);
        }
        return 0;
    }

    /** The shortest lattice translation along u, as a fraction of u (1, or 1/2 or 1/3 when a centring lies along u). */
    private static double latticePeriod(List<HallSymbol.Seitz> ops, int[] u) {
        double period = 1;
        for (HallSymbol.Seitz o : ops) {
            if (!Arrays.deepEquals(o.r(), new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})) {
                continue;
            }
            for (int twelfths = 1; twelfths < 12; twelfths++) {
                boolean along = true;
                for (int a = 0; a < 3; a++) {
                    along &= Math.floorMod(twelfths * u[a] - o.t()[a], 12) == 0;
                }
                if (along) {
                    period = Math.min(period, twelfths / 12.0);
                }
            }
        }
        return period;
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

    /** The monoclinic short symbol: lattice and the entry of the unique axis ({@code P 21/c}); null for other groups. */
    static String monoclinicShort(SpaceGroupSetting s) {
        String[] parts = s.hermannMauguin().split(" ");
        if (s.number() < 3 || s.number() > 15 || parts.length != 4) {
            return null;
        }
        return parts[0] + " " + parts[1 + uniqueAxis(s)];
    }

    /** 0, 1 or 2 for a monoclinic setting with unique axis a, b or c. */
    static int uniqueAxis(SpaceGroupSetting s) {
        String[] parts = s.hermannMauguin().split(" ");
        for (int k = 0; k < 3; k++) {
            if (!parts[k + 1].equals("1")) {
                return k;
            }
        }
        return 1;
    }
}
