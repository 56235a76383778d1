package org.matdx.ingest.readers.cif;

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
 * The settings of the 230 space groups by Hermann–Mauguin symbol or International Tables number
 * ({@code space-groups.tsv}: the standard setting of each group with both origin choices and
 * hexagonal/rhombohedral axes, plus the monoclinic and orthorhombic settings CIFs commonly use),
 * each with its Hall symbol, from which {@link HallSymbol} makes the operations. A symbol without
 * its origin choice or axes can mean two settings; both are returned and the caller decides.
 */
public final class SpaceGroups {

    /** One setting: IT number, symbol as tabulated, qualifier ({@code 1}, {@code 2}, {@code H}, {@code R} or empty), Hall symbol. */
    public record Setting(int number, String hermannMauguin, String qualifier, String hall) {
        public String label() {
            return qualifier.isEmpty() ? hermannMauguin : hermannMauguin + " :" + qualifier;
        }

        public List<SymmetryOperation> operations() {
            return HallSymbol.operations(hall);
        }
    }

    private static final List<Setting> ALL = load();
    private static final Map<String, List<Setting>> BY_SYMBOL = index();

    private SpaceGroups() {
    }

    public static List<Setting> all() {
        return ALL;
    }

    /**
     * The settings a Hermann–Mauguin symbol can mean: {@code P 21/c}, {@code P 1 21/n 1},
     * {@code F d -3 m :2}, {@code Fd3m} (old cubic notation), {@code R -3 m H} or {@code F d -3 m Z}
     * (ICSD: Z origin at the centre = choice 2, S = choice 1). Empty when the symbol is unknown.
     */
    public static List<Setting> byHermannMauguin(String symbol) {
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
        List<Setting> found = BY_SYMBOL.getOrDefault(fold(s), List.of());
        if (qualifier.isEmpty() || found.size() <= 1) {
            return found;
        }
        String q = qualifier;
        List<Setting> chosen = found.stream().filter(x -> x.qualifier().equals(q)).toList();
        return chosen.isEmpty() ? found : chosen;
    }

    /** The standard settings of an IT number (two when the group has two origin choices or axes). */
    public static List<Setting> byNumber(int number) {
        List<Setting> out = new ArrayList<>();
        for (Setting s : ALL) {
            if (s.number() == number && (out.isEmpty() || (!s.qualifier().isEmpty() && out.get(0).hermannMauguin().equals(s.hermannMauguin())))) {
                out.add(s);
            }
        }
        return out;
    }

    static String fold(String symbol) {
        return HallSymbol.fold(symbol);
    }

    private static List<Setting> load() {
        List<Setting> out = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(SpaceGroups.class.getResourceAsStream("space-groups.tsv"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                out.add(new Setting(Integer.parseInt(f[0]), f[1], f[2], f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static Map<String, List<Setting>> index() {
        Map<String, List<Setting>> m = new LinkedHashMap<>();
        for (Setting s : ALL) {
            m.computeIfAbsent(fold(s.hermannMauguin()), k -> new ArrayList<>()).add(s);
        }
        // short symbols: monoclinic "P 21/c" for "P 1 21/c 1" (the first, unique axis b, wins), cubic "Fd3m" for "F d -3 m"
        Map<String, List<Setting>> aliases = new LinkedHashMap<>();
        for (Setting s : ALL) {
            String[] parts = s.hermannMauguin().split(" ");
            if (parts.length == 4 && s.number() >= 3 && s.number() <= 15) {
                List<String> kept = new ArrayList<>();
                for (int i = 1; i < 4; i++) {
                    if (!parts[i].equals("1")) {
                        kept.add(parts[i]);
                    }
                }
                if (kept.size() == 1) {
                    aliases.computeIfAbsent(fold(parts[0] + kept.get(0)), k -> new ArrayList<>()).add(s);
                }
            }
            if (s.number() >= 195 && s.hermannMauguin().contains("-3")) {
                aliases.computeIfAbsent(fold(s.hermannMauguin().replace("-3", "3")), k -> new ArrayList<>()).add(s);
            }
        }
        aliases.forEach((k, v) -> {
            if (!m.containsKey(k)) {
                // of a short symbol's settings keep those of one group and axis: unique axis b, as ITA's short symbols mean
                Setting first = v.stream().filter(x -> x.number() < 3 || x.number() > 15 || !x.hermannMauguin().split(" ")[2].equals("1"))
                        .findFirst().orElse(v.get(0));
                m.put(k, v.stream().filter(x -> x.hermannMauguin().equals(first.hermannMauguin())).toList());
            }
        });
        Map<String, List<Setting>> frozen = new LinkedHashMap<>();
        m.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Map.copyOf(frozen);
    }
}
