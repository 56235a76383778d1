package org.matdx.formats.cif;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: every one of the 530 settings of International Tables is reachable by its
 * Hermann–Mauguin name, and each name gives the operations spglib's database holds for that
 * setting. The non-standard settings are derived ({@link SpaceGroupSettings}); the oracles are
 * spglib 2.0.2's operations ({@code spglib-hall-settings.tsv}, SHA-256 per Hall number) and its names
 * ({@code spglib-setting-names.tsv}, made by {@code tools/cif/spglib_setting_names.py}).
 */
class SpaceGroupNamesTest {

    record Names(int hall, int number, String choice, String shortSymbol, String full, String international) {
    }

    static List<Names> spglibNames() throws Exception {
        List<Names> out = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(SpaceGroupNamesTest.class.getResourceAsStream("spglib-setting-names.tsv"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#")) {
                    String[] f = line.split("\t", -1);
                    out.add(new Names(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], f[3], f[4], f[5]));
                }
            }
        }
        return out;
    }

    private static Map<Integer, String> goldenHashes() throws Exception {
        Map<Integer, String> m = new HashMap<>();
        for (HallSymbolOracleTest.Row r : HallSymbolOracleTest.golden()) {
            m.put(r.hallNumber(), r.sha256());
        }
        return m;
    }

    private static String hash(SpaceGroupSetting s) throws Exception {
        return HallSymbolOracleTest.sha256(s.seitz());
    }

    @Test
    void theDerivedSettingsAreSpglibs530WithTheSameCodesAndOperations() throws Exception {
        Map<Integer, String> sha = goldenHashes();
        List<Names> names = spglibNames();
        assertThat(SpaceGroups.all()).hasSize(530);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 530; i++) {
            SpaceGroupSetting mine = SpaceGroups.all().get(i);
            Names theirs = names.get(i);
            if (mine.number() != theirs.number() || !mine.code().equals(theirs.choice()) || !hash(mine).equals(sha.get(theirs.hall()))) {
                wrong.add("Hall number " + theirs.hall() + " (" + theirs.choice() + " " + theirs.full() + "): mine is " + mine.label()
                        + " " + mine.code() + " from " + mine.hall() + " in " + mine.cellFromStandard());
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * Each name spglib gives a setting — its own symbol (the last of "short = full = …") and its full
     * symbol — with the origin or axes qualifier, resolves to settings among which is one with exactly
     * spglib's operations, and all of the same group. The first of "P 2_1/c = P 1 1 2_1/a" is the
     * group's standard short symbol and must reach the group.
     */
    @Test
    void everySpglibNameOfEverySettingGivesItsOperations() throws Exception {
        Map<Integer, String> sha = goldenHashes();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Names n : spglibNames()) {
            String qualifier = n.choice().matches("[12HR].*") ? " :" + n.choice().charAt(0) : "";
            String[] parts = n.international().split("=");
            List<String> own = new ArrayList<>(List.of(parts[parts.length - 1].strip()));
            if (parts.length > 2) {
                own.add(parts[1].strip());
            }
            if (n.number() < 127 || n.number() > 130) {
                // P 2_1/n 2_1/m 2_1/a, F 4_1/d -3 2/m. For 127–130 spglib 2.0.2 writes P 4/m 2_1/b m, without
                // the 2/ ITA (Table 4.3.2.1) puts before the last m; ITA's P 4/m 21/b 2/m is checked below
                own.add(n.full());
            }
            for (String name : own) {
                checked++;
                List<SpaceGroupSetting> found = SpaceGroups.byHermannMauguin(name + qualifier);
                boolean hit = false;
                for (SpaceGroupSetting s : found) {
                    hit |= hash(s).equals(sha.get(n.hall()));
                }
                if (!hit || found.stream().anyMatch(s -> s.number() != n.number())) {
                    wrong.add(n.hall() + " '" + name + qualifier + "' -> " + found.stream().map(SpaceGroupSetting::label).toList());
                }
            }
            List<SpaceGroupSetting> group = SpaceGroups.byHermannMauguin(parts[0].strip() + qualifier);
            if (group.isEmpty() || group.get(0).number() != n.number()) {
                wrong.add(n.hall() + " group symbol '" + parts[0].strip() + "' -> " + group);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).isGreaterThan(850);
    }

    /** A name means one setting, except where ITA's own symbol is shared: C m m e, C c c e and their permutations (two origins). */
    @Test
    void aSymbolMeansOneSettingUnlessItaGivesTwoTheSameSymbol() {
        Set<Integer> sharedByIta = Set.of(67, 68);
        for (SpaceGroupSetting s : SpaceGroups.all()) {
            List<SpaceGroupSetting> found = SpaceGroups.byHermannMauguin(s.hermannMauguin() + (s.qualifier().isEmpty() ? "" : " :" + s.qualifier()));
            assertThat(found).as(s.label()).contains(s);
            for (String full : SpaceGroupSettings.fullSymbols(s)) {
                String q = s.qualifier().isEmpty() ? "" : " :" + s.qualifier();
                assertThat(SpaceGroups.byHermannMauguin(full + q)).as(full + q).contains(s)
                        .hasSize(sharedByIta.contains(s.number()) ? found.size() : 1);
            }
            if (!sharedByIta.contains(s.number())) {
                assertThat(found).as(s.label()).hasSize(1);
            } else {
                assertThat(found).as(s.label()).hasSizeLessThanOrEqualTo(2);
                // the symbols before 2002 tell the two apart
                assertThat(SpaceGroups.byHermannMauguin(s.former() + (s.qualifier().isEmpty() ? "" : " :" + s.qualifier())))
                        .as(s.former()).containsExactly(s);
            }
        }
    }

    @Test
    void symbolsAsCifsWriteThem() {
        assertThat(labels("P 1 1 21/b")).containsExactly("P 1 1 21/b");
        assertThat(labels("P 21/b")).containsExactly("P 1 1 21/b"); // b cannot be the glide of unique axis b: unique axis c
        assertThat(labels("P 21/n")).containsExactly("P 1 21/n 1");
        assertThat(labels("P 1 21/a 1")).containsExactly("P 1 21/a 1");
        assertThat(labels("P 21/a")).containsExactly("P 1 21/a 1");
        assertThat(labels("P 1 2_1/a 1")).containsExactly("P 1 21/a 1");
        assertThat(labels("C 1 2/c 1")).containsExactly("C 1 2/c 1");
        assertThat(labels("I 1 2/a 1")).containsExactly("I 1 2/a 1");
        assertThat(labels("I2/a")).containsExactly("I 1 2/a 1");
        assertThat(labels("P n a 21")).containsExactly("P n a 21");
        assertThat(labels("P b n 21")).containsExactly("P b n 21");
        assertThat(labels("Pbn2_1")).containsExactly("P b n 21");
        assertThat(labels("A b a 2")).containsExactly("A e a 2 (A b a 2)");
        assertThat(labels("A e a 2")).containsExactly("A e a 2 (A b a 2)");
        assertThat(labels("C m c a")).containsExactly("C m c e (C m c a)");
        assertThat(labels("B b c m")).containsExactly("B b e m (B b c m)");
        assertThat(labels("P 21/n 21/m 21/a")).containsExactly("P n m a");
        assertThat(labels("P 21/b 21/n 21/m")).containsExactly("P b n m");
        assertThat(labels("F 41/d -3 2/m :2")).containsExactly("F d -3 m :2");
        assertThat(labels("P 63/m 2/m 2/c")).containsExactly("P 63/m m c");
        assertThat(labels("P 4/m 21/b 2/m")).containsExactly("P 4/m b m");
        assertThat(labels("P 4/n 21/m 2/m :2")).containsExactly("P 4/n m m :2");
        assertThat(labels("R -3 2/m :R")).containsExactly("R -3 m :R");
        assertThat(labels("P -3 2/m 1")).containsExactly("P -3 m 1");
        // both axes exist along each direction: ITA writes I 2/b 2/c 2/a but I 21/a -3; either spelling is read
        assertThat(labels("I 21/a -3")).containsExactly("I a -3");
        assertThat(labels("I 2/a -3")).containsExactly("I a -3");
        assertThat(labels("I 21/b 21/c 21/a")).containsExactly("I b c a");
        assertThat(labels("P c n a :1")).containsExactly("P c n a :1");
        assertThat(labels("P c n a")).containsExactly("P c n a :1", "P c n a :2");
        assertThat(labels("P m n m 2")).isEmpty(); // a trailing 2 is a symbol entry, not an origin choice
        assertThat(labels("P 4/n b m :1")).containsExactly("P 4/n b m :1");
        assertThat(labels("R 3 c :R")).containsExactly("R 3 c :R");
        assertThat(labels("R -3 c H")).containsExactly("R -3 c :H");
        // the setting's operations in its own cell: P 1 1 21/b has the screw along c and the glide along b, origin at -1
        assertThat(SpaceGroups.byHermannMauguin("P 1 1 21/b").get(0).operations().stream().map(SymmetryOperation::key).toList())
                .contains(SymmetryOperation.parse("-x,-y+1/2,z+1/2").key(), SymmetryOperation.parse("x,y+1/2,-z+1/2").key()).hasSize(4);
    }

    @Test
    void theCellsUniqueAxisDecidesAShortMonoclinicSymbol() {
        assertThat(SpaceGroups.byHermannMauguin("P 21/m", 2)).extracting(SpaceGroupSetting::label).containsExactly("P 1 1 21/m");
        assertThat(SpaceGroups.byHermannMauguin("P 21/m", 0)).extracting(SpaceGroupSetting::label).containsExactly("P 21/m 1 1");
        assertThat(SpaceGroups.byHermannMauguin("P 21/m", -1)).extracting(SpaceGroupSetting::label).containsExactly("P 1 21/m 1");
        // a hint that no setting of the symbol has is ignored: P 21/c has no unique axis c
        assertThat(SpaceGroups.byHermannMauguin("P 21/c", 2)).extracting(SpaceGroupSetting::label).containsExactly("P 1 21/c 1");
        assertThat(CifReader.monoclinicUniqueAxis(new double[] {5, 6, 7, 90, 90, 104.2})).isEqualTo(2);
        assertThat(CifReader.monoclinicUniqueAxis(new double[] {5, 6, 7, 90, 104.2, 90})).isEqualTo(1);
        assertThat(CifReader.monoclinicUniqueAxis(new double[] {5, 6, 7, 80, 104.2, 90})).isEqualTo(-1);
    }

    private static List<String> labels(String symbol) {
        return SpaceGroups.byHermannMauguin(symbol).stream().map(SpaceGroupSetting::label).toList();
    }
}
