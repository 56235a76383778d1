package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matdx.optimade.filter.FilterReader;
import org.matdx.query.ConditionSql;
import org.matdx.query.QuantityIndex;
import org.matdx.query.Sql;

/**
 * Paired-list filters on elements and their ratios ask the GIN index of element/fraction keys
 * (V35) first; FilterEquivalenceTest shows the answers stay exact, this shows the keys asked.
 */
class RatioKeysSqlTest {
    private final EntryType structures = EntryType.structures(new QuantityIndex.PropertyUnits(Map.of()));

    private record Translated(String sql, List<List<String>> keys) {
    }

    private Translated translate(String filter) {
        Sql sql = new Sql();
        String where = new ConditionSql(sql).write(FilterSql.translate(filter, FilterReader.parse(filter), structures, java.util.Map.of(),
                new ArrayList<>())).wide();
        List<List<String>> keys = new ArrayList<>();
        sql.params().values().forEach(v -> {
            if (v instanceof String[] a && a.length > 0 && (a[0].contains(":") || a[0].contains("=") || a[0].contains("|"))) {
                keys.add(List.of(a));
            }
        });
        return new Translated(where, keys);
    }

    @Test
    void aLowerBoundAsksForTheTwentiethsAboveItButNotForItself() {
        Translated t = translate("elements:elements_ratios HAS \"O\":>0.6");
        assertThat(t.sql()).contains("e.element_keys &&").contains("EXISTS");
        // exactly 0.60 (every X2O3) is "O=12" and not asked for; 0.60 < x < 0.65 is "O:12"
        assertThat(t.keys()).containsExactly(List.of("O=13", "O=14", "O=15", "O=16", "O=17", "O=18", "O=19", "O=20",
                "O:12", "O:13", "O:14", "O:15", "O:16", "O:17", "O:18", "O:19"));
        assertThat(translate("elements:elements_ratios HAS \"O\":>=0.6").keys().get(0)).contains("O=12").contains("O:12")
                .doesNotContain("O:11");
    }

    @Test
    void upperBoundsEqualityAndTheReversedPairWorkToo() {
        assertThat(translate("elements:elements_ratios HAS \"Li\":<0.1").keys())
                .containsExactly(List.of("Li=0", "Li=1", "Li:0", "Li:1"));
        assertThat(translate("elements_ratios:elements HAS 0.5:\"Fe\"").keys()).containsExactly(List.of("Fe=10"));
        assertThat(translate("elements_ratios:elements HAS 0.52:\"Fe\"").keys()).containsExactly(List.of("Fe:10"));
        assertThat(translate("elements:elements_ratios HAS \"O\":>=1.5").keys()).containsExactly(List.of("O:19"));
        assertThat(translate("elements:elements_ratios HAS \"O\":<=0.333").keys().get(0)).contains("O=6", "O:6").doesNotContain("O=7", "O:7");
    }

    @Test
    void hasAllAsksPerPairAndHasAnyForTheUnion() {
        assertThat(translate("elements:elements_ratios HAS ALL \"O\":>0.9, \"Ni\":<0.05").keys())
                .containsExactly(List.of("O=19", "O=20", "O:18", "O:19"), List.of("Ni=0", "Ni:0"));
        assertThat(translate("elements:elements_ratios HAS ANY \"O\":>0.9, \"Ni\":=0.05").keys())
                .containsExactly(List.of("O=19", "O=20", "O:18", "O:19", "Ni=1"));
    }

    @Test
    void elementConditionsBesideFractionsUseTheSameIndexSoOneScanAnswersBoth() {
        assertThat(translate("elements:elements_ratios HAS \"O\":>0.6 AND elements HAS \"Ni\"").sql())
                .contains("e.element_keys @>").doesNotContain("(e.elements) @>");
        assertThat(translate("elements HAS \"Li\"").sql()).contains("(e.elements) @>").doesNotContain("element_keys");
        assertThat(translate("elements HAS ANY \"Li\",\"O\"").sql()).contains("(e.elements) &&").doesNotContain("element_keys");
        // a string that is not a symbol could name a fraction key: it is tested on the symbols themselves
        assertThat(translate("elements:elements_ratios HAS \"O\":>0.6 AND elements HAS \"O=12\"").sql())
                .contains("(e.elements) @>");
    }

    @Test
    void severalElementsAreAskedForAsPairsCoveringThemAllCommonWithRare() {
        Translated t = translate("elements HAS ALL \"Li\",\"Fe\",\"P\",\"O\"");
        assertThat(t.sql()).contains("e.element_keys @>");
        assertThat(t.keys()).containsExactly(List.of("Fe|O", "Li|P"));
        assertThat(translate("elements HAS ALL \"Ti\",\"O\"").keys()).containsExactly(List.of("O|Ti"));
        assertThat(translate("elements HAS ALL \"Li\",\"Co\",\"O\"").keys()).containsExactly(List.of("Co|O", "Co|Li"));
        assertThat(org.matdx.query.ElementKeys.coveringAll(List.of("Zr", "La", "Li", "O", "Ta")))
                .containsExactly("O|Zr", "Li|Ta", "La|Zr");
    }

    @Test
    void pairsCoverEveryElementAskedFor() {
        List<String> pool = List.of("O", "Li", "Fe", "P", "Co", "Zr", "La", "N", "Ta", "S");
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 500; i++) {
            java.util.Set<String> asked = new java.util.TreeSet<>();
            int n = 2 + rnd.nextInt(6);
            while (asked.size() < n) {
                asked.add(pool.get(rnd.nextInt(pool.size())));
            }
            java.util.Set<String> covered = new java.util.TreeSet<>();
            for (String key : org.matdx.query.ElementKeys.coveringAll(List.copyOf(asked))) {
                String[] pair = key.split("\\|");
                assertThat(pair).hasSize(2);
                assertThat(pair[0].compareTo(pair[1])).isNegative(); // the order the database writes them in (V36)
                covered.addAll(List.of(pair));
            }
            assertThat(covered).isEqualTo(asked);
        }
    }

    @Test
    void noKeysWhereTheyCannotCoverEveryMatch() {
        assertThat(translate("elements:elements_ratios HAS ANY \"O\":>0.9, \"Ni\":!=0.05").sql()).doesNotContain("element_keys");
        assertThat(translate("elements:elements_ratios HAS ONLY \"O\":>0.5").sql()).doesNotContain("element_keys");
        assertThat(translate("elements_ratios HAS >0.5").sql()).doesNotContain("element_keys");
    }
}
