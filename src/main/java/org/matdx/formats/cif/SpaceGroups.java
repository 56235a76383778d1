package org.matdx.formats.cif;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 530 settings of the 230 space groups (the Hall settings of International Tables Vol. B, as
 * spglib numbers them) by Hermann–Mauguin symbol or International Tables number. The standard
 * setting of each group, with both origin choices and hexagonal/rhombohedral axes, is tabulated
 * with its Hall symbol ({@code space-groups.tsv}); the monoclinic and orthorhombic settings in other
 * cells are derived from it by {@link SpaceGroupSettings}. A symbol that does not say its origin
 * choice, axes or (for {@code C m m e}, {@code C c c e}) which of two origins can mean several
 * settings; all are returned and the caller decides.
 */
public final class SpaceGroups {
    private static final List<SpaceGroupSetting> ALL = SpaceGroupSettings.derive(load());
    private static final Names NAMES = index();

    private SpaceGroups() {
    }

    /** All 530 settings. */
    public static List<SpaceGroupSetting> all() {
        return ALL;
    }

    /**
     * The settings a Hermann–Mauguin symbol can mean: {@code P 21/c}, {@code P 1 21/n 1},
     * {@code P 1 1 21/b}, {@code P b n 21}, {@code P 21/n 21/m 21/a}, {@code F 41/d -3 2/m} (full symbols),
     * {@code C m c a} (before 2002),
     * {@code F d -3 m :2}, {@code Fd3m} (old cubic notation), {@code R -3 m H} or {@code F d -3 m Z}
     * (ICSD: Z origin at the centre = choice 2, S = choice 1). A short monoclinic symbol means unique
     * axis b when it can, else c, else a. Empty when the symbol is unknown.
     */
    public static List<SpaceGroupSetting> byHermannMauguin(String symbol) {
        return byHermannMauguin(symbol, -1);
    }

    /**
     * As {@link #byHermannMauguin(String)}, with the monoclinic unique axis the cell shows (0, 1, 2 for
     * a, b, c: the one angle that is not 90°; −1 when the cell does not say) deciding what a short
     * symbol such as {@code P 21/m} means.
     */
    public static List<SpaceGroupSetting> byHermannMauguin(String symbol, int uniqueAxis) {
        String s = symbol.strip().replaceAll("^['\"]|['\"]$", "").strip();
        String qualifier = "";
        int colon = s.indexOf(':');
        if (colon >= 0) {
            qualifier = s.substring(colon + 1).strip().toUpperCase(Locale.ROOT);
            s = s.substring(0, colon).strip();
        } else {
            String[] words = s.split("\\s+");
            String last = words[words.length - 1];
            if (words.length > 1 && (last.equals("S") || last.equals("Z") || last.equals("H") || last.equals("R"))) {
                qualifier = last.equals("S") ? "1" : last.equals("Z") ? "2" : last;
                s = s.substring(0, s.lastIndexOf(last)).strip();
            }
        }
        qualifier = qualifier.replace("ORIGINCHOICE", "").replace(" ", "");
        List<SpaceGroupSetting> found = NAMES.find(fold(s), uniqueAxis);
        if (qualifier.isEmpty() || found.size() <= 1) {
            return found;
        }
        String q = qualifier;
        List<SpaceGroupSetting> chosen = found.stream().filter(x -> x.qualifier().equals(q)).toList();
        return chosen.isEmpty() ? found : chosen;
    }

    /** The standard settings of an IT number (two when the group has two origin choices or axes). */
    public static List<SpaceGroupSetting> byNumber(int number) {
        List<SpaceGroupSetting> out = new ArrayList<>();
        for (SpaceGroupSetting s : ALL) {
            if (s.number() == number && s.basis().isIdentity()) {
                out.add(s);
            }
        }
        return out;
    }

    static String fold(String symbol) {
        return HallSymbol.fold(symbol);
    }

    private static List<SpaceGroupSetting> load() {
        List<SpaceGroupSetting> out = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(SpaceGroups.class.getResourceAsStream("space-groups.tsv"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                int number = Integer.parseInt(f[0]);
                String code = f[2].isEmpty() && number >= 3 && number <= 15 ? "b" : f[2];
                out.add(new SpaceGroupSetting(number, f[1], f[2], code, f[3], ChangeOfBasis.IDENTITY, f.length > 4 && !f[4].isEmpty() ? f[4] : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    /**
     * Names in two ranks: a setting's own symbol (and its full or pre-2002 form) first; short
     * monoclinic symbols, which several settings share, only when no setting has the name as its own.
     */
    private record Names(Map<String, List<SpaceGroupSetting>> own, Map<String, List<SpaceGroupSetting>> shortMonoclinic) {
        List<SpaceGroupSetting> find(String folded, int uniqueAxis) {
            List<SpaceGroupSetting> hit = own.get(folded);
            if (hit != null) {
                return hit;
            }
            List<SpaceGroupSetting> candidates = shortMonoclinic.getOrDefault(folded, List.of());
            for (int axis : new int[] {uniqueAxis, 1, 2, 0}) {
                List<SpaceGroupSetting> onAxis = candidates.stream().filter(x -> axis >= 0 && SpaceGroupSettings.uniqueAxis(x) == axis).toList();
                if (!onAxis.isEmpty()) {
                    return onAxis;
                }
            }
            return List.of();
        }
    }

    private static Names index() {
        Map<String, List<SpaceGroupSetting>> own = new LinkedHashMap<>();
        Map<String, List<SpaceGroupSetting>> shortSymbols = new LinkedHashMap<>();
        for (SpaceGroupSetting s : ALL) {
            List<String> names = new ArrayList<>();
            names.add(s.hermannMauguin());
            if (s.former() != null) {
                names.add(s.former());
            }
            names.addAll(SpaceGroupSettings.fullSymbols(s));
            if (s.number() >= 195 && s.hermannMauguin().contains("-3")) {
                names.add(s.hermannMauguin().replace("-3", "3")); // cubic symbols before 1983: Fm3m
            }
            for (String n : names) {
                List<SpaceGroupSetting> list = own.computeIfAbsent(fold(n), k -> new ArrayList<>());
                if (!list.contains(s)) {
                    list.add(s);
                }
            }
            String shortSymbol = SpaceGroupSettings.monoclinicShort(s);
            if (shortSymbol != null) {
                shortSymbols.computeIfAbsent(fold(shortSymbol), k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, List<SpaceGroupSetting>> ownFrozen = new LinkedHashMap<>();
        own.forEach((k, v) -> ownFrozen.put(k, List.copyOf(v)));
        Map<String, List<SpaceGroupSetting>> shortFrozen = new LinkedHashMap<>();
        shortSymbols.forEach((k, v) -> shortFrozen.put(k, List.copyOf(v)));
        return new Names(Map.copyOf(ownFrozen), Map.copyOf(shortFrozen));
    }
}
