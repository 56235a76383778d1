package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeriodicGridTest {
    @Test
    void everyElementHasItsOwnPlace() {
        var cells = PeriodicGrid.cells();
        assertThat(cells).hasSize(118);
        Set<String> places = new HashSet<>();
        for (var c : cells) {
            assertThat(places.add(c.row() + "/" + c.column())).as(c.symbol()).isTrue();
            assertThat(c.column()).isBetween(1, 18);
        }
        Map<String, int[]> expected = Map.of("H", new int[]{1, 1}, "He", new int[]{1, 18}, "Fe", new int[]{4, 8},
                "La", new int[]{9, 3}, "Lu", new int[]{9, 17}, "Ac", new int[]{10, 3}, "Og", new int[]{7, 18},
                "Hf", new int[]{6, 4});
        expected.forEach((sym, rc) -> {
            var c = cells.stream().filter(x -> x.symbol().equals(sym)).findFirst().orElseThrow();
            assertThat(new int[]{c.row(), c.column()}).as(sym).containsExactly(rc);
        });
    }

    @Test
    void viridisRunsFromPurpleToYellowAndClamps() {
        assertThat(Colours.viridis(0)).isEqualTo("#440154");
        assertThat(Colours.viridis(1)).isEqualTo("#fde725");
        assertThat(Colours.viridis(-3)).isEqualTo("#440154");
        assertThat(Colours.viridis(Double.NaN)).isEqualTo("#440154");
        assertThat(Colours.viridis(0.5)).matches("#[0-9a-f]{6}").isNotIn("#440154", "#fde725");
    }

    @Test
    void queryLinksChangeOneThingAndKeepTheRest() {
        var q = new Query("/", Map.of("elements", List.of("Li,O"), "q", List.of(""), "cursor", List.of("abc")));
        assertThat(q.params()).doesNotContainKey("q");
        assertThat(q.adding("elements", "La").url()).isEqualTo("/?elements=Li,O,La");
        assertThat(q.with("outcome", "failed").url()).contains("elements=Li,O").contains("outcome=failed")
                .doesNotContain("cursor");
        assertThat(q.without("elements").url()).isEqualTo("/");
        assertThat(new Query("/", Map.of("property", List.of("band_gap>3 eV"))).url())
                .isEqualTo("/?property=band_gap%3E3+eV");
    }
}
