package org.matdx.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElementFrequenciesTest {
    @Test
    void rareElementsAreLookedUpCommonOnesChecked() {
        var s = ElementFrequencies.split(List.of("Li", "O", "Fe"), Set.of("O"));
        assertThat(s.lookedUp()).containsExactly("Li", "Fe");
        assertThat(s.checked()).containsExactly("O");
    }

    @Test
    void whenAllAreCommonTheFirstIsStillLookedUp() {
        var s = ElementFrequencies.split(List.of("O", "H"), Set.of("O", "H"));
        assertThat(s.lookedUp()).containsExactly("O");
        assertThat(s.checked()).containsExactly("H");
        // one common element alone matches most entries: reading rows beats reading its index list
        assertThat(ElementFrequencies.split(List.of("O"), Set.of("O")).lookedUp()).isEmpty();
    }

    @Test
    void theConditionUsesTheIndexForTheRareOnesOnly() {
        String sql = ElementFrequencies.contains("e.elements", List.of("Li", "O"), Set.of("O"), l -> "'" + l + "'");
        assertThat(sql).isEqualTo("e.elements @> '[Li]' AND array_cat(e.elements, CAST('{}' AS text[])) @> '[O]'");
        assertThat(ElementFrequencies.contains("e.elements", List.of("Li"), Set.of(), l -> "'" + l + "'")).isEqualTo("e.elements @> '[Li]'");
    }
}
