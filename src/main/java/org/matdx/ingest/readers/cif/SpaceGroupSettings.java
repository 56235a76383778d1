package org.matdx.ingest.readers.cif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    static List<SpaceGroups.Setting> derive(List<SpaceGroups.Setting> standard) {
        List<SpaceGroups.Setting> out = new ArrayList<>();
        Map<Integer, List<SpaceGroups.Setting>> byNumber = new LinkedHashMap<>();
        for (SpaceGroups.Setting s : standard) {
            byNumber.computeIfAbsent(s.number(), k -> new ArrayList<>()).add(s);
        }
        byNumber.forEach((number, origins) -> {
            if (number < 3 || number > 74) {
                out.addAll(origins);
                return;
            }
            // ITA's order: each cell, in it each origin choice (P b a n :1, :2, then P n c b :1, :2 …)
            Map<String, SpaceGroups.Setting> distinct = new LinkedHashMap<>();
            for (Map.Entry<String, ChangeOfBasis> c : changes(number).entrySet()) {
                for (SpaceGroups.Setting s : origins) {
                    SpaceGroups.Setting d = transform(s, c.getKey(), c.getValue());
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

    static SpaceGroups.Setting transform(SpaceGroups.Setting s, String code, ChangeOfBasis c) {
        String origin = s.qualifier();
        String fullCode = code.isEmpty() && s.number() <= 15 ? "b1" : code;
        SpaceGroups.Setting d = new SpaceGroups.Setting(s.number(), symbol(s.hermannMauguin(), c), origin,
                origin + fullCode, s.hall(), c, s.former() == null ? null : symbol(s.former(), c));
        if (s.number() <= 15 && !hasCellChoices(s)) {
            // P 2, P 21, P m, P 2/m, P 21/m: one cell per unique axis, coded b, c, a as ITA does
            d = new SpaceGroups.Setting(d.number(), d.hermannMauguin(), d.qualifier(), fullCode.replaceAll("[-123]", ""),
                    d.hall(), d.basis(), d.former());
        }
        return d;
    }

    private static boolean hasCellChoices(SpaceGroups.Setting s) {
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
     * The full symbol of a centrosymmetric orthorhombic setting ({@code P 21/n 21/m 21/a} for
     * {@code P n m a}): before each plane the two-fold axis along that direction, {@code 2} when
     * the group has a pure rotation there, else {@code 21} (ITA's choice where both occur, as in
     * {@code I 2/b 2/c 2/a}).
     */
    static String orthorhombicFull(SpaceGroups.Setting s) {
        String[] parts = s.hermannMauguin().split(" ");
        if (s.number() < 47 || s.number() > 74 || parts.length != 4) {
            return null;
        }
        List<HallSymbol.Seitz> ops = s.seitz();
        StringBuilder out = new StringBuilder(parts[0]);
        for (int k = 0; k < 3; k++) {
            boolean pure = false;
            for (HallSymbol.Seitz o : ops) {
                if (isTwoFoldAbout(o.r(), k) && o.t()[k] == 0) {
                    pure = true;
                }
            }
            out.append(' ').append(pure ? "2/" : "21/").append(parts[k + 1]);
        }
        return out.toString();
    }

    private static boolean isTwoFoldAbout(int[][] r, int k) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int expected = i != j ? 0 : i == k ? 1 : -1;
                if (r[i][j] != expected) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The monoclinic short symbol: lattice and the entry of the unique axis ({@code P 21/c}); null for other groups. */
    static String monoclinicShort(SpaceGroups.Setting s) {
        String[] parts = s.hermannMauguin().split(" ");
        if (s.number() < 3 || s.number() > 15 || parts.length != 4) {
            return null;
        }
        return parts[0] + " " + parts[1 + uniqueAxis(s)];
    }

    /** 0, 1 or 2 for a monoclinic setting with unique axis a, b or c. */
    static int uniqueAxis(SpaceGroups.Setting s) {
        String[] parts = s.hermannMauguin().split(" ");
        for (int k = 0; k < 3; k++) {
            if (!parts[k + 1].equals("1")) {
                return k;
            }
        }
        return 1;
    }
}
